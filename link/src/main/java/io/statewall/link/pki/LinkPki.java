package io.statewall.link.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The ASMA's side of the link's PKI, in its data directory:
 *
 * <pre>
 * ca.key              the CA's private key (PKCS#8 PEM, 0600): whoever has it can mint NMAs
 * ca.crt              the CA's certificate; its SHA-256 is the fingerprint in every token
 * server.key          the ASMA's TLS key (0600)
 * server.crt          the ASMA's TLS certificate (CN statewall-asma, serverAuth)
 * enrolment-tokens    hashes of the one-time tokens (0600), see {@link EnrolmentTokens}
 * issued/SERIAL.crt   every NMA certificate issued
 * issued.log          one line per certificate issued: when, serial, NMA, expiry, key hash
 * revoked-certificates the serials of NMA certificates no longer accepted (one per line)
 * </pre>
 *
 * NMA certificates are issued at enrolment ({@link #enrol}) and again, for a new key, when an
 * NMA renews its certificate over the link ({@link #renew}); both last the configured validity
 * (five years by default).
 *
 * <p>On first start everything is generated; after that it is reused. The server certificate is
 * issued again (new key) when it is missing, not from this CA, within 90 days of expiry, or
 * when the configured server names changed.
 */
public final class LinkPki {
    public static final String CA_KEY = "ca.key";
    public static final String CA_CRT = "ca.crt";
    public static final String SERVER_KEY = "server.key";
    public static final String SERVER_CRT = "server.crt";
    public static final String ISSUED_LOG = "issued.log";
    public static final String REVOKED = "revoked-certificates";
    private static final Duration RENEW_BEFORE = Duration.ofDays(90);

    private final Path dir;
    private final CertificateAuthority ca;
    private final PrivateKey serverKey;
    private final X509Certificate serverCert;
    private final EnrolmentTokens tokens;
    private final Consumer<String> log;
    private final Duration nmaValidity;
    private volatile java.util.Set<String> revoked;

    private LinkPki(Path dir, CertificateAuthority ca, PrivateKey serverKey, X509Certificate serverCert,
                    EnrolmentTokens tokens, Duration nmaValidity, Consumer<String> log) {
        this.dir = dir;
        this.nmaValidity = nmaValidity;
        this.ca = ca;
        this.serverKey = serverKey;
        this.serverCert = serverCert;
        this.tokens = tokens;
        this.log = log;
        this.revoked = readRevoked(dir);
    }

    private static java.util.Set<String> readRevoked(Path dir) {
        Path f = dir.resolve(REVOKED);
        java.util.Set<String> out = new java.util.HashSet<>();
        try {
            if (Files.exists(f)) {
                for (String line : Files.readAllLines(f)) {
                    String t = line.strip();
                    if (!t.isEmpty() && !t.startsWith("#")) {
                        out.add(t.split("\\s+")[0].toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(f + ": cannot be read", e);
        }
        return java.util.Set.copyOf(out);
    }

    /** Whether {@code cert} was revoked ({@link #revoke}); checked at every NMA's handshake. */
    public boolean isRevoked(X509Certificate cert) {
        return revoked.contains(cert.getSerialNumber().toString(16));
    }

    /**
     * Revokes every certificate issued to the NMA {@code nmaName} (a stolen or retired
     * appliance): from the next handshake on it is refused. It can come back only by enrolling
     * again with a new token. Returns the serials revoked now.
     */
    public synchronized List<String> revoke(String nmaName) throws IOException {
        List<String> now = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        Path f = dir.resolve(REVOKED);
        if (Files.exists(f)) {
            lines.append(Files.readString(f));
        } else {
            lines.append("# serial  NMA  revoked at (certificates the link no longer accepts)\n");
        }
        for (X509Certificate c : issued()) {
            String serial = c.getSerialNumber().toString(16);
            if (nmaName.equals(Certificates.commonName(c)) && !revoked.contains(serial)) {
                now.add(serial);
                lines.append(serial).append(' ').append(nmaName).append(' ').append(Instant.now()).append('\n');
            }
        }
        if (!now.isEmpty()) {
            Pem.writeAtomically(f, lines.toString(), true);
            java.util.Set<String> next = new java.util.HashSet<>(revoked);
            next.addAll(now);
            revoked = java.util.Set.copyOf(next);
            log.accept("revoked the certificate" + (now.size() == 1 ? " " : "s ") + String.join(", ", now) + " of NMA '"
                    + nmaName + "'");
        }
        return now;
    }

    public static LinkPki open(Path dataDir, List<String> serverNames, Consumer<String> log)
            throws IOException, GeneralSecurityException {
        return open(dataDir, serverNames, log, Clock.systemUTC());
    }

    public static LinkPki open(Path dataDir, List<String> serverNames, Consumer<String> log, Clock clock)
            throws IOException, GeneralSecurityException {
        return open(dataDir, serverNames, CertificateAuthority.NMA_VALIDITY, log, clock);
    }

    /** As {@link #open(Path, List, Consumer, Clock)}, issuing NMA certificates valid for {@code nmaValidity}. */
    public static LinkPki open(Path dataDir, List<String> serverNames, Duration nmaValidity, Consumer<String> log,
                               Clock clock) throws IOException, GeneralSecurityException {
        if (nmaValidity.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("NMA certificate validity " + nmaValidity + ": at least a minute");
        }
        Pem.createPrivateDirectory(dataDir);
        Path caKey = dataDir.resolve(CA_KEY);
        Path caCrt = dataDir.resolve(CA_CRT);
        CertificateAuthority ca;
        if (CertificateAuthority.exists(caKey, caCrt)) {
            guardKey(caKey, log);
            ca = CertificateAuthority.load(caKey, caCrt);
        } else if (Files.exists(caKey) || Files.exists(caCrt)) {
            throw new IOException(dataDir + ": " + (Files.exists(caKey) ? CA_CRT : CA_KEY) + " is missing beside its pair;"
                    + " restore it (a new CA would cut off every enrolled NMA)");
        } else {
            ca = CertificateAuthority.generate();
            ca.save(caKey, caCrt);
            log.accept("created the link CA in " + dataDir + " (fingerprint " + Certificates.fingerprint(ca.certificate()) + ")");
        }
        Path sKey = dataDir.resolve(SERVER_KEY);
        Path sCrt = dataDir.resolve(SERVER_CRT);
        PrivateKey key = null;
        X509Certificate cert = null;
        String why = "none yet";
        if (CertificateAuthority.exists(sKey, sCrt)) {
            guardKey(sKey, log);
            key = Pem.readPrivateKey(sKey);
            cert = Pem.readCertificate(sCrt);
            why = reissueReason(ca, cert, serverNames, clock);
        }
        if (why != null) {
            KeyPair kp = CertificateAuthority.newKeyPair();
            cert = ca.issueServer(kp.getPublic(), serverNames);
            key = kp.getPrivate();
            Pem.writePrivateKey(sKey, key);
            Pem.writeCertificate(sCrt, cert);
            log.accept("issued the ASMA's server certificate (" + why + ") for " + String.join(", ", serverNames));
        }
        Files.createDirectories(dataDir.resolve("issued"));
        EnrolmentTokens tokens = new EnrolmentTokens(dataDir, Certificates.fingerprint(ca.certificate()), clock);
        return new LinkPki(dataDir, ca, key, cert, tokens, nmaValidity, log);
    }

    private static void guardKey(Path key, Consumer<String> log) throws IOException {
        if (Pem.readableByOthers(key)) {
            Pem.restrictToOwner(key);
            log.accept("WARNING: " + key + " was readable by others than its owner; set to 0600");
        }
    }

    private static String reissueReason(CertificateAuthority ca, X509Certificate cert, List<String> names, Clock clock) {
        if (!ca.issued(cert)) {
            return "the one found is not from this CA";
        }
        if (cert.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))) {
            return "the old one expires " + cert.getNotAfter().toInstant();
        }
        Set<String> have = new HashSet<>();
        try {
            Collection<List<?>> alt = cert.getSubjectAlternativeNames();
            if (alt != null) {
                for (List<?> a : alt) {
                    have.add(String.valueOf(a.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            return "the old one cannot be read";
        }
        for (String n : names) {
            if (!have.contains(n) && !have.contains(normalisedIp(n))) {
                return "a new server name: " + n;
            }
        }
        return null;
    }

    private static String normalisedIp(String n) {
        try {
            return java.net.InetAddress.ofLiteral(n).getHostAddress();
        } catch (IllegalArgumentException e) {
            return n;
        }
    }

    public EnrolmentTokens tokens() {
        return tokens;
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    public String caFingerprint() {
        return Certificates.fingerprint(ca.certificate());
    }

    public X509Certificate serverCertificate() {
        return serverCert;
    }

    public SSLContext serverContext() throws GeneralSecurityException {
        return TlsContexts.server(serverKey, serverCert, ca.certificate(), this::isRevoked);
    }

    /**
     * Redeems an enrolment: checks the request (proof of possession, key type), then the token
     * ({@code name}, {@code secret}), issues the certificate with CN {@code name} and records it.
     *
     * @throws EnrolmentException with the reason to give the NMA
     */
    public X509Certificate enrol(String name, String secret, byte[] csrDer) throws EnrolmentException, IOException {
        if (!Certificates.NMA_NAME.matcher(name).matches()) {
            throw new EnrolmentException("'" + name + "' is not an NMA name");
        }
        PKCS10CertificationRequest csr = CertificateAuthority.parseRequest(csrDer);
        byte[] keyHash;
        try {
            keyHash = Certificates.sha256(csr.getSubjectPublicKeyInfo().getEncoded());
        } catch (IOException e) {
            throw new EnrolmentException("the request's key cannot be encoded");
        }
        return tokens.redeem(name, secret, keyHash, () -> {
            X509Certificate cert = ca.issueNma(name, csr, nmaValidity);
            record(cert, name, "issued", keyHash);
            log.accept("enrolled NMA '" + name + "': certificate " + cert.getSerialNumber().toString(16) + " until "
                    + cert.getNotAfter().toInstant());
            return cert;
        });
    }

    /**
     * Renews an NMA's certificate for a new key: {@code current} is the certificate the NMA
     * authenticated its connection with (so the TLS handshake already proved it is from this
     * CA and the NMA holds its key). The request must be PKCS#10 signed by the key it carries,
     * with exactly one CN: the NMA's name; the NMA must not be revoked. The new certificate
     * lasts as long as one issued at enrolment. Synchronised with {@link #revoke}: a
     * certificate is either issued before a revocation (which then revokes it too) or refused.
     *
     * @throws EnrolmentException with the reason to give the NMA
     */
    public synchronized X509Certificate renew(X509Certificate current, byte[] csrDer) throws EnrolmentException, IOException {
        String name = Certificates.commonName(current);
        if (name == null || !Certificates.NMA_NAME.matcher(name).matches()) {
            throw new EnrolmentException("the connection's certificate names no NMA");
        }
        if (isRevoked(current)) {
            throw new EnrolmentException("certificate " + current.getSerialNumber().toString(16) + " is revoked");
        }
        PKCS10CertificationRequest csr = CertificateAuthority.parseRequest(csrDer);
        String asked = requestedName(csr);
        if (!name.equals(asked)) {
            throw new EnrolmentException("the request names " + (asked == null ? "no single CN" : "'" + asked + "'")
                    + ", not this NMA ('" + name + "')");
        }
        byte[] keyHash = Certificates.sha256(csr.getSubjectPublicKeyInfo().getEncoded());
        X509Certificate cert = ca.issueNma(name, csr, nmaValidity);
        String serial = cert.getSerialNumber().toString(16);
        record(cert, name, "renewed " + current.getSerialNumber().toString(16) + " as", keyHash);
        log.accept("renewed the certificate of NMA '" + name + "': " + current.getSerialNumber().toString(16) + " (until "
                + current.getNotAfter().toInstant() + ") replaced by " + serial + " until " + cert.getNotAfter().toInstant());
        return cert;
    }

    /** The request's subject CN when it has exactly one, else null. */
    private static String requestedName(PKCS10CertificationRequest csr) {
        var cns = csr.getSubject().getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued()) {
            return null;
        }
        return org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(cns[0].getFirst().getValue());
    }

    /** Keeps a copy of an issued certificate ({@code issued/SERIAL.crt}) and appends its line to {@code issued.log}. */
    private void record(X509Certificate cert, String name, String verb, byte[] keyHash) throws EnrolmentException {
        String serial = cert.getSerialNumber().toString(16);
        try {
            Pem.writeCertificate(dir.resolve("issued").resolve(serial + ".crt"), cert);
            String line = Instant.now() + " " + verb + " " + serial + " CN=" + name + " notAfter="
                    + cert.getNotAfter().toInstant() + " key-sha256=" + java.util.HexFormat.of().formatHex(keyHash) + "\n";
            Files.writeString(dir.resolve(ISSUED_LOG), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new EnrolmentException("the ASMA cannot record the certificate: " + e.getMessage());
        }
    }

    /** Every NMA certificate issued so far (for an operator's listing). */
    public List<X509Certificate> issued() throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try (var files = Files.list(dir.resolve("issued"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".crt")).sorted().toList()) {
                out.add(Pem.readCertificate(p));
            }
        }
        return out;
    }
}
