package io.statewall.link.pki;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/** The link's TLS: version 1.3 only, the JDK's own implementation, our key and trust managers. */
public final class TlsContexts {
    public static final String PROTOCOL = "TLSv1.3";

    private TlsContexts() {}

    /** The ASMA: presents its server certificate (with the CA's, for enrolling NMAs), checks NMAs' (none revoked). */
    public static SSLContext server(PrivateKey key, X509Certificate cert, X509Certificate ca,
                                    java.util.function.Predicate<X509Certificate> revoked) throws GeneralSecurityException {
        return context(new SingleKeyManager(key, cert, ca),
                AnchoredTrustManager.anchoredAt(ca, AnchoredTrustManager.Peer.NMA, revoked));
    }

    /** An enrolled NMA: presents its certificate, trusts only an ASMA certificate from its CA. */
    public static SSLContext client(PrivateKey key, X509Certificate cert, X509Certificate ca) throws GeneralSecurityException {
        return context(new SingleKeyManager(key, cert), AnchoredTrustManager.anchoredAt(ca, AnchoredTrustManager.Peer.ASMA));
    }

    /** An NMA enrolling: no certificate to present; the ASMA must show the pinned CA. */
    public static SSLContext enrolling(AnchoredTrustManager pinned) throws GeneralSecurityException {
        return context(null, pinned);
    }

    private static SSLContext context(KeyManager km, TrustManager tm) throws GeneralSecurityException {
        SSLContext c = SSLContext.getInstance(PROTOCOL);
        c.init(km == null ? new KeyManager[0] : new KeyManager[] {km}, new TrustManager[] {tm}, Certificates.RANDOM);
        return c;
    }

    /** Restricts a socket to TLS 1.3 (no downgrade to 1.2 whatever the JDK's defaults say). */
    public static void tls13Only(SSLSocket s) {
        s.setEnabledProtocols(new String[] {PROTOCOL});
    }
}
