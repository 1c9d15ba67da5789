package io.statewall.link.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * An NMA's identity on the link, in its data directory:
 *
 * <pre>
 * nma.key   its private key (PKCS#8 PEM, 0600), made on the NMA; it never leaves it
 * nma.pub   its public key (PEM), to ask again with the same key if an enrolment is cut short
 * nma.crt   its certificate, issued by the ASMA's link CA at enrolment (CN = the NMA's name)
 * ca.crt    the link CA's certificate: the only issuer the NMA trusts for the ASMA
 * </pre>
 *
 * A renewal over the link ({@link #storeRenewal}) replaces the key and the certificate, which
 * must always match: the new pair is first written whole beside the old one
 * ({@code nma.key.new}, then {@code nma.crt.new}, each to a temporary name, synced, renamed),
 * then {@code nma.key.new} is renamed over {@code nma.key}, then {@code nma.crt.new} over
 * {@code nma.crt}, then {@code nma.pub} is rewritten. {@link #load} finishes or discards what
 * a crash left half done, so the NMA always starts with the old pair or the new one.
 */
public record NmaCredentials(PrivateKey key, X509Certificate certificate, X509Certificate ca) {
    public static final String KEY = "nma.key";
    public static final String CERT = "nma.crt";
    public static final String CA = "ca.crt";
    public static final String PUBLIC_KEY = "nma.pub";
    /** Suffix of the renewed key and certificate while they are being put in place. */
    public static final String NEW = ".new";

    /** The NMA's name: its certificate's CN. */
    public String name() {
        return Certificates.commonName(certificate);
    }

    public SSLContext tlsContext() throws GeneralSecurityException {
        return TlsContexts.client(key, certificate, ca);
    }

    /**
     * The credentials in {@code dir}, or null when the NMA has not enrolled yet. A renewal cut
     * short by a crash is finished first (or discarded, when its new pair was not yet whole).
     *
     * @throws IOException also when the key does not belong to the certificate
     */
    public static NmaCredentials load(Path dir) throws IOException {
        Path k = dir.resolve(KEY);
        Path c = dir.resolve(CERT);
        Path a = dir.resolve(CA);
        if (Files.exists(a)) {
            recoverRenewal(dir);
        }
        if (!Files.exists(k) || !Files.exists(c) || !Files.exists(a)) {
            return null;
        }
        PrivateKey key = Pem.readPrivateKey(k);
        X509Certificate cert = Pem.readCertificate(c);
        if (!belongTogether(key, cert)) {
            throw new IOException(k + " is not the key of the certificate " + c);
        }
        Path pub = dir.resolve(PUBLIC_KEY);
        if (Files.exists(pub) && !Arrays.equals(Pem.readPublicKey(pub).getEncoded(), cert.getPublicKey().getEncoded())) {
            Pem.writePublicKey(pub, cert.getPublicKey()); // a renewal stopped before its last step
        }
        return new NmaCredentials(key, cert, Pem.readCertificate(a));
    }

    /**
     * Finishes a renewal that stopped part way (see the class comment for the order):
     * <ul>
     *   <li>{@code nma.key.new} and {@code nma.crt.new}: the new pair is whole, nothing was
     *       renamed yet: both are renamed into place;</li>
     *   <li>{@code nma.crt.new} alone: {@code nma.key} is already the new key: its certificate
     *       follows;</li>
     *   <li>{@code nma.key.new} alone: the certificate never reached the disk; the old pair is
     *       intact and the orphan key goes.</li>
     * </ul>
     * Files that do not match (never written so by {@link #storeRenewal}) are deleted.
     */
    private static void recoverRenewal(Path dir) throws IOException {
        Path k = dir.resolve(KEY);
        Path c = dir.resolve(CERT);
        Path kNew = dir.resolve(KEY + NEW);
        Path cNew = dir.resolve(CERT + NEW);
        boolean haveKey = Files.exists(kNew);
        boolean haveCert = Files.exists(cNew);
        if (haveKey && haveCert) {
            if (belongTogether(Pem.readPrivateKey(kNew), Pem.readCertificate(cNew))) {
                Pem.rename(kNew, k);
                Pem.rename(cNew, c);
            } else {
                Files.delete(kNew);
                Files.delete(cNew);
            }
        } else if (haveCert) {
            if (Files.exists(k) && belongTogether(Pem.readPrivateKey(k), Pem.readCertificate(cNew))) {
                Pem.rename(cNew, c);
            } else {
                Files.delete(cNew);
            }
        } else if (haveKey) {
            Files.delete(kNew);
        }
    }

    /** Whether {@code key} is the private key of {@code cert}: it signs, the certificate's key verifies. */
    static boolean belongTogether(PrivateKey key, X509Certificate cert) {
        try {
            byte[] probe = "statewall key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(CertificateAuthority.SIGNATURE);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(CertificateAuthority.SIGNATURE);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Checks a renewed certificate (for {@code kp}'s public key, this NMA's name, from its CA,
     * valid now) and puts the new pair in place of the current one, in the crash-safe order of
     * the class comment. Returns the new credentials; the NMA uses them from its next connection.
     */
    public NmaCredentials storeRenewal(Path dir, KeyPair kp, X509Certificate cert) throws IOException, GeneralSecurityException {
        if (!Arrays.equals(cert.getPublicKey().getEncoded(), kp.getPublic().getEncoded())) {
            throw new GeneralSecurityException("the renewed certificate is not for the new key");
        }
        if (!name().equals(Certificates.commonName(cert))) {
            throw new GeneralSecurityException("the renewed certificate names '" + Certificates.commonName(cert) + "', not '"
                    + name() + "'");
        }
        if (!Certificates.hasExtendedKeyUsage(cert, Certificates.CLIENT_AUTH)) {
            throw new GeneralSecurityException("the renewed certificate is not for a client");
        }
        cert.verify(ca.getPublicKey());
        cert.checkValidity();
        Path kNew = dir.resolve(KEY + NEW);
        Path cNew = dir.resolve(CERT + NEW);
        Pem.writePrivateKey(kNew, kp.getPrivate());
        Pem.writeCertificate(cNew, cert);
        Pem.rename(kNew, dir.resolve(KEY));
        Pem.rename(cNew, dir.resolve(CERT));
        Pem.writePublicKey(dir.resolve(PUBLIC_KEY), kp.getPublic());
        return new NmaCredentials(kp.getPrivate(), cert, ca);
    }

    /**
     * The NMA's key pair: the one already in {@code dir} (an enrolment that did not finish is
     * retried with the same key, so the ASMA can recognise it), or a new one, saved first.
     */
    public static KeyPair keyPair(Path dir, Consumer<String> log) throws IOException, GeneralSecurityException {
        Pem.createPrivateDirectory(dir);
        Path k = dir.resolve(KEY);
        Path pub = dir.resolve(PUBLIC_KEY);
        if (Files.exists(k) && Files.exists(pub)) {
            if (Pem.readableByOthers(k)) {
                Pem.restrictToOwner(k);
                log.accept("WARNING: " + k + " was readable by others than its owner; set to 0600");
            }
            return new KeyPair(Pem.readPublicKey(pub), Pem.readPrivateKey(k));
        }
        KeyPair kp = CertificateAuthority.newKeyPair();
        Pem.writePrivateKey(k, kp.getPrivate());
        Pem.writePublicKey(pub, kp.getPublic());
        return kp;
    }

    /** A PKCS#10 request for {@code kp}, signed with its private key (proof of possession). */
    public static byte[] certificationRequest(String name, KeyPair kp) throws GeneralSecurityException {
        try {
            var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
            return new JcaPKCS10CertificationRequestBuilder(subject, kp.getPublic())
                    .build(new JcaContentSignerBuilder(CertificateAuthority.SIGNATURE).build(kp.getPrivate())).getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /**
     * Checks what the ASMA sent back (the CA is the pinned one, the certificate is for our key and
     * name and from that CA) and stores it: from now on the NMA uses mutual TLS.
     */
    public static NmaCredentials accept(Path dir, KeyPair kp, String name, X509Certificate cert, X509Certificate ca,
                                        String pinnedFingerprint) throws IOException, GeneralSecurityException {
        if (!Certificates.fingerprint(ca).equals(pinnedFingerprint)) {
            throw new GeneralSecurityException("the CA certificate sent is not the one the token names");
        }
        if (!Arrays.equals(cert.getPublicKey().getEncoded(), kp.getPublic().getEncoded())) {
            throw new GeneralSecurityException("the certificate sent is not for this NMA's key");
        }
        if (!name.equals(Certificates.commonName(cert))) {
            throw new GeneralSecurityException("the certificate sent names '" + Certificates.commonName(cert) + "', not '" + name + "'");
        }
        cert.verify(ca.getPublicKey());
        cert.checkValidity();
        Pem.writeCertificate(dir.resolve(CA), ca);
        Pem.writeCertificate(dir.resolve(CERT), cert);
        return new NmaCredentials(kp.getPrivate(), cert, ca);
    }
}
