package io.statewall.link;

import io.statewall.link.pki.LinkPki;
import io.statewall.link.pki.NmaCredentials;
import io.statewall.link.pki.TlsContexts;
import io.statewall.link.wire.Frame;
import io.statewall.link.wire.FrameCodec;
import io.statewall.link.wire.FrameReader;
import io.statewall.link.wire.ProtocolException;
import io.statewall.link.wire.WireReader;
import io.statewall.link.wire.WireWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** Configurations and a raw peer for the link's tests: everything on loopback, short timings. */
final class TestLink {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TestLink() {}

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    static LinkServerConfig server(Path dataDir, int port, LogLines log) {
        return LinkServerConfig.of(loopback(port), dataDir).withServerNames(List.of("localhost", "127.0.0.1"))
                .withLog(log);
    }

    static LinkClientConfig client(InetSocketAddress asma, Path dataDir, String token, LogLines log) {
        return LinkClientConfig.of(asma, dataDir).withEnrolToken(token).withHeartbeat(Duration.ofMillis(500))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(500)).withLog(log);
    }

    /** Enrols {@code name} with {@code pki} directly and stores its credentials in {@code dir}, as an enrolled NMA has them. */
    static NmaCredentials enrolInto(LinkPki pki, Path dir, String name) throws Exception {
        String token = pki.tokens().issue(name, Duration.ofHours(1));
        KeyPair kp = NmaCredentials.keyPair(dir, line -> { });
        X509Certificate cert = pki.enrol(name, token.split("\\.")[1], NmaCredentials.certificationRequest(name, kp));
        return NmaCredentials.accept(dir, kp, name, cert, pki.caCertificate(), pki.caFingerprint());
    }

    /** A link peer speaking raw frames over TLS 1.3, to do what a real client never would. */
    static final class RawPeer implements AutoCloseable {
        final SSLSocket socket;
        final OutputStream out;
        final FrameReader in;

        RawPeer(SSLContext ctx, InetSocketAddress to) throws IOException {
            Socket plain = new Socket(to.getAddress(), to.getPort());
            plain.setSoTimeout((int) TIMEOUT.toMillis());
            socket = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "localhost", to.getPort(), true);
            TlsContexts.tls13Only(socket);
            socket.startHandshake();
            out = socket.getOutputStream();
            in = new FrameReader(socket.getInputStream(), 16 << 20);
        }

        void send(Frame f) throws IOException {
            WireWriter w = new WireWriter(256);
            FrameCodec.encode(f, w);
            w.writeTo(out);
            out.flush();
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        Frame receive() throws IOException, ProtocolException {
            WireReader r = in.next();
            return FrameCodec.decode(r.u8("type"), r, LinkLimits.DEFAULT);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
