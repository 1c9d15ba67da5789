package io.statewall.link.client;

import io.statewall.link.LinkClientConfig;
import io.statewall.link.pki.TlsContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** Opens the TCP connection to the ASMA and layers TLS 1.3 over it. */
final class Connector {
    private Connector() {}

    static SSLSocket connect(SSLContext ctx, LinkClientConfig config) throws IOException {
        InetSocketAddress a = config.asma();
        InetSocketAddress target = a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
        if (target.isUnresolved()) {
            throw new IOException("cannot resolve the ASMA's host '" + a.getHostString() + "'");
        }
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.setKeepAlive(true);
            plain.connect(target, (int) config.connectTimeout().toMillis());
            plain.setSoTimeout((int) config.connectTimeout().toMillis());
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, a.getHostString(), a.getPort(), true);
            s.setUseClientMode(true);
            TlsContexts.tls13Only(s);
            return s;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    static String text(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
