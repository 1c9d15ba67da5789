package io.statewall.link.pki;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly what the link's CA issued for the expected role, and nothing from the JDK's
 * default trust store: the peer's chain must validate (PKIX: signatures, validity dates, CA
 * constraints) to the one anchor, and its end certificate must carry the extended key usage of
 * the role (serverAuth for the ASMA, clientAuth for an NMA).
 *
 * <p>The anchor is either known (the {@code ca.crt} of a data directory) or <em>pinned</em>: an
 * NMA enrolling has only the fingerprint from its token, and accepts the server's chain only if
 * it contains the certificate with that fingerprint, which then becomes the anchor.
 */
public final class AnchoredTrustManager extends X509ExtendedTrustManager {
    /** Which end of the link is being checked. */
    public enum Peer { ASMA, NMA }

    private final X509Certificate anchor;
    private final String pinnedFingerprint;
    private final Peer peer;
    private final java.util.function.Predicate<X509Certificate> revoked;
    private volatile X509Certificate pinnedAnchor;

    private AnchoredTrustManager(X509Certificate anchor, String pinnedFingerprint, Peer peer,
                                 java.util.function.Predicate<X509Certificate> revoked) {
        this.anchor = anchor;
        this.pinnedFingerprint = pinnedFingerprint;
        this.peer = peer;
        this.revoked = revoked;
    }

    /** Trusts certificates of {@code peer}'s role issued by {@code ca}. */
    public static AnchoredTrustManager anchoredAt(X509Certificate ca, Peer peer) {
        return new AnchoredTrustManager(ca, null, peer, c -> false);
    }

    /** As {@link #anchoredAt}, refusing the certificates {@code revoked} names (checked at every handshake). */
    public static AnchoredTrustManager anchoredAt(X509Certificate ca, Peer peer,
                                                 java.util.function.Predicate<X509Certificate> revoked) {
        return new AnchoredTrustManager(ca, null, peer, revoked);
    }

    /** Trusts an ASMA whose chain includes the CA certificate of this fingerprint (enrolment). */
    public static AnchoredTrustManager pinned(String caFingerprint) {
        return new AnchoredTrustManager(null, caFingerprint, Peer.ASMA, c -> false);
    }

    /** The CA certificate matched by the pin, once a handshake has presented it. */
    public X509Certificate pinnedAnchor() {
        return pinnedAnchor;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no certificate presented");
        }
        X509Certificate ca = anchor;
        if (ca == null) {
            for (X509Certificate c : chain) {
                if (Certificates.fingerprint(c).equals(pinnedFingerprint)) {
                    ca = c;
                }
            }
            if (ca == null) {
                throw new CertificateException("the server's chain does not include the CA named by the token's"
                        + " fingerprint: it is not the ASMA that issued the token");
            }
        }
        X509Certificate leaf = chain[0];
        if (leaf.equals(ca)) {
            throw new CertificateException("the peer presented the CA certificate itself");
        }
        try {
            // The CA signs end entities directly (path length 0): the path is the leaf alone.
            CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(cp, params);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the " + (peer == Peer.ASMA ? "ASMA's" : "NMA's")
                    + " certificate is not one the link's CA issued: " + e.getMessage(), e);
        }
        String purpose = peer == Peer.ASMA ? Certificates.SERVER_AUTH : Certificates.CLIENT_AUTH;
        if (!Certificates.hasExtendedKeyUsage(leaf, purpose)) {
            throw new CertificateException("the certificate of '" + Certificates.commonName(leaf) + "' is not for "
                    + (peer == Peer.ASMA ? "the ASMA (serverAuth)" : "an NMA (clientAuth)"));
        }
        if (peer == Peer.NMA && Certificates.commonName(leaf) == null) {
            throw new CertificateException("the NMA's certificate has no common name");
        }
        if (revoked.test(leaf)) {
            throw new CertificateException("certificate " + leaf.getSerialNumber().toString(16) + " of NMA '"
                    + Certificates.commonName(leaf) + "' is revoked");
        }
        if (anchor == null) {
            pinnedAnchor = ca;
        }
    }

    private void expect(Peer role) throws CertificateException {
        if (peer != role) {
            throw new CertificateException("unexpected role");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        expect(Peer.NMA);
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        expect(Peer.ASMA);
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchor == null ? new X509Certificate[0] : new X509Certificate[] {anchor};
    }
}
