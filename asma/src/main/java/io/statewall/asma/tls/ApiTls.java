package io.statewall.asma.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * The API's TLS identity: a certificate and key from PEM files given in the configuration, or,
 * when none are given, a self-signed certificate (ECDSA P-256, 5 years, names localhost, this
 * host, the loopback addresses and the address the API listens on) made on first start and kept in the data directory
 * ({@code api-cert.pem}, {@code api-key.pem} readable by the owner only). Its SHA-256
 * fingerprint is printed at start so that clients can pin it.
 */
public final class ApiTls {
    private final X509Certificate certificate;
    private final PrivateKey key;

    private ApiTls(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** Loads {@code cert} and {@code key} (PEM: a certificate; a PKCS#8, PKCS#1 or SEC1 private key). */
    public static ApiTls load(Path cert, Path key) throws IOException, GeneralSecurityException {
        X509Certificate c = readCertificate(cert);
        PrivateKey k = readKey(key);
        return new ApiTls(c, k);
    }

    /**
     * The data directory's self-signed identity, made now if it is not there yet.
     *
     * @param listen the API's address: named in the certificate too when it is a particular one
     *               (not the wildcard), so that a browser sent to it can check the name
     */
    public static ApiTls selfSigned(Path dataDir, InetAddress listen) throws IOException, GeneralSecurityException {
        Path cert = dataDir.resolve("api-cert.pem");
        Path key = dataDir.resolve("api-key.pem");
        if (Files.exists(cert) && Files.exists(key)) {
            return load(cert, key);
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        X509Certificate c = generate(pair, listen);
        Files.createDirectories(dataDir);
        // PKCS#8 ("PRIVATE KEY"), which every TLS tool reads.
        writePem(key, new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null).generate(), true);
        writePem(cert, c, false);
        return new ApiTls(c, pair.getPrivate());
    }

    private static X509Certificate generate(KeyPair pair, InetAddress listen) throws GeneralSecurityException, IOException {
        X500Name subject = new X500Name("CN=statewall-asma");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(5 * 365))), subject,
                pair.getPublic());
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        if (listen != null && !listen.isAnyLocalAddress() && !listen.getHostAddress().equals("127.0.0.1")
                && !listen.getHostAddress().equals("0:0:0:0:0:0:0:1")) {
            names.add(new GeneralName(GeneralName.iPAddress, listen.getHostAddress()));
        }
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!host.equals("localhost") && host.matches("[A-Za-z0-9.-]+")) {
                names.add(new GeneralName(GeneralName.dNSName, host));
            }
        } catch (IOException ignored) {
            // no host name: the loopback names are enough
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        try {
            X509CertificateHolder h = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return new JcaX509CertificateConverter().getCertificate(h);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static void writePem(Path file, Object o, boolean secret) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) {
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
        }
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
            w.write(s.toString());
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            if (!(o instanceof X509CertificateHolder h)) {
                throw new GeneralSecurityException(file + ": no PEM certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(h);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair kp) {
                // SEC1 and PKCS#1 files; an EC key's public half may be absent, and is not needed.
                return conv.getPrivateKey(kp.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            throw new GeneralSecurityException(file + ": no unencrypted PEM private key");
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** SHA-256 of the certificate, as colon-separated hex pairs. */
    public String fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server context (TLS 1.2 and 1.3, the JDK's defaults otherwise). */
    public SSLContext serverContext() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = new char[0];
        ks.setKeyEntry("api", key, pw, new java.security.cert.Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
