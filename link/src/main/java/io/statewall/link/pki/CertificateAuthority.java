package io.statewall.link.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The link's own certificate authority: an EC P-256 key and a self-signed certificate (path
 * length 0: it signs end entities only) that exist for nothing but the NMA-ASMA link. It issues
 * the ASMA's server certificate (extended key usage serverAuth) and one client certificate per
 * NMA (clientAuth, CN = the NMA's name); each side checks the other's usage, so an NMA's
 * certificate cannot pose as the ASMA. BouncyCastle builds the ASN.1; the JDK signs.
 */
public final class CertificateAuthority {
    static final String SIGNATURE = "SHA256withECDSA";
    /** Certificates start a little in the past: an NMA whose clock lags still accepts them. */
    private static final Duration BACKDATE = Duration.ofMinutes(10);
    static final Duration CA_VALIDITY = Duration.ofDays(25 * 365);
    static final Duration SERVER_VALIDITY = Duration.ofDays(5 * 365);
    public static final Duration NMA_VALIDITY = Duration.ofDays(5 * 365);

    private final PrivateKey key;
    private final X509Certificate certificate;

    private CertificateAuthority(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A new CA; its CN carries a random id so that two installations are told apart. */
    public static CertificateAuthority generate() throws GeneralSecurityException {
        KeyPair kp = newKeyPair();
        byte[] id = new byte[4];
        Certificates.RANDOM.nextBytes(id);
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Statewall")
                .addRDN(BCStyle.CN, "Statewall link CA " + HexFormat.of().formatHex(id)).build();
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, Certificates.randomSerial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), name, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new CertificateAuthority(kp.getPrivate(), sign(b, kp.getPrivate()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    public static CertificateAuthority load(Path keyFile, Path certFile) throws IOException, GeneralSecurityException {
        PrivateKey key = Pem.readPrivateKey(keyFile);
        X509Certificate cert = Pem.readCertificate(certFile);
        cert.verify(cert.getPublicKey());
        return new CertificateAuthority(key, cert);
    }

    public void save(Path keyFile, Path certFile) throws IOException {
        Pem.writePrivateKey(keyFile, key);
        Pem.writeCertificate(certFile, certificate);
    }

    /** An EC P-256 key pair (TLS 1.3's ecdsa_secp256r1_sha256). */
    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), Certificates.RANDOM);
        return g.generateKeyPair();
    }

    /** Whether {@code cert} was signed by this CA's key. */
    public boolean issued(X509Certificate cert) {
        try {
            cert.verify(certificate.getPublicKey());
            return cert.getIssuerX500Principal().equals(certificate.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The ASMA's server certificate for {@code key}: CN statewall-asma, serverAuth, and the
     * names and addresses NMAs may use to reach it as subject alternative names.
     */
    public X509Certificate issueServer(PublicKey key, List<String> names) throws GeneralSecurityException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Statewall")
                .addRDN(BCStyle.CN, "statewall-asma").build();
        try {
            X509v3CertificateBuilder b = endEntity(subject, key, SERVER_VALIDITY, KeyPurposeId.id_kp_serverAuth);
            List<GeneralName> alt = new ArrayList<>();
            for (String n : names) {
                alt.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
            }
            if (!alt.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(new GeneralName[0])));
            }
            return sign(b, this.key);
        } catch (CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static boolean isIpLiteral(String n) {
        try {
            InetAddress.ofLiteral(n);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * An NMA's certificate from its PKCS#10 request: the request must be signed by the key it
     * carries (proof that the NMA holds it) and that key must be EC P-256 or P-384. Everything
     * else in the request is ignored: the CN is {@code nmaName}, which the enrolment token fixed.
     *
     * @throws EnrolmentException with a one-line reason when the request is unusable
     */
    public X509Certificate issueNma(String nmaName, PKCS10CertificationRequest csr) throws EnrolmentException {
        return issueNma(nmaName, csr, NMA_VALIDITY);
    }

    /** As {@link #issueNma(String, PKCS10CertificationRequest)}, valid for {@code validity} from now. */
    public X509Certificate issueNma(String nmaName, PKCS10CertificationRequest csr, Duration validity)
            throws EnrolmentException {
        Certificates.checkNmaName(nmaName);
        checkRequest(csr);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Statewall NMA")
                .addRDN(BCStyle.CN, nmaName).build();
        try {
            PublicKey pk = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(csr).getPublicKey();
            return sign(endEntity(subject, pk, validity, KeyPurposeId.id_kp_clientAuth), key);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new EnrolmentException("cannot issue a certificate for this key: " + e.getMessage());
        }
    }

    /** Parses a PKCS#10 request and checks its signature and key; the key's SHA-256 identifies it. */
    public static PKCS10CertificationRequest parseRequest(byte[] der) throws EnrolmentException {
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw new EnrolmentException("the certification request is not PKCS#10 DER");
        }
        checkRequest(csr);
        return csr;
    }

    private static void checkRequest(PKCS10CertificationRequest csr) throws EnrolmentException {
        SubjectPublicKeyInfo spki = csr.getSubjectPublicKeyInfo();
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        Object curve = spki.getAlgorithm().getParameters();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(alg)
                || !(X9ObjectIdentifiers.prime256v1.equals(curve) || SECObjectIdentifiers.secp384r1.equals(curve))) {
            throw new EnrolmentException("the key must be EC P-256 or P-384");
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(spki))) {
                throw new EnrolmentException("the certification request's signature does not verify with its key");
            }
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            throw new EnrolmentException("the certification request's signature cannot be checked: " + e.getMessage());
        }
    }

    private X509v3CertificateBuilder endEntity(X500Name subject, PublicKey pk, Duration validity, KeyPurposeId purpose)
            throws GeneralSecurityException, CertIOException {
        Instant now = Instant.now();
        BigInteger serial = Certificates.randomSerial();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial, Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(validity)), subject, pk);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pk));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
        return b;
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws GeneralSecurityException {
        try {
            ContentSigner s = new JcaContentSignerBuilder(SIGNATURE).build(signer);
            return new JcaX509CertificateConverter().getCertificate(b.build(s));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    static boolean exists(Path keyFile, Path certFile) {
        return Files.exists(keyFile) && Files.exists(certFile);
    }
}
