package io.statewall.link.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
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
 */
public record NmaCredentials(PrivateKey key, X509Certificate certificate, X509Certificate ca) {
    public static final String KEY = "nma.key";
    public static final String CERT = "nma.crt";
    public static final String CA = "ca.crt";
    public static final String PUBLIC_KEY = "nma.pub";

    /** The NMA's name: its certificate's CN. */
    public String name() {
        return Certificates.commonName(certificate);
    }

    public SSLContext tlsContext() throws GeneralSecurityException {
        return TlsContexts.client(key, certificate, ca);
    }

    /** The credentials in {@code dir}, or null when the NMA has not enrolled yet. */
    public static NmaCredentials load(Path dir) throws IOException {
        Path k = dir.resolve(KEY);
        Path c = dir.resolve(CERT);
        Path a = dir.resolve(CA);
        if (!Files.exists(k) || !Files.exists(c) || !Files.exists(a)) {
            return null;
        }
        return new NmaCredentials(Pem.readPrivateKey(k), Pem.readCertificate(c), Pem.readCertificate(a));
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
