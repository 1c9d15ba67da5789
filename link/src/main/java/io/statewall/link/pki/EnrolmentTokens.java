package io.statewall.link.pki;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One-time enrolment tokens. A token is {@code NAME.SECRET.CAFPR}: the NMA's name, 256 random
 * bits, and the SHA-256 fingerprint of the link CA's certificate, so that the NMA can check it
 * talks to the right ASMA before it sends anything (no trust on first use). The ASMA keeps only
 * the SHA-256 of the secret (a secret of 256 random bits needs no slow hash), the name, and
 * the expiry, in {@code enrolment-tokens} (0600) in its data directory:
 *
 * <pre>
 * # sha256(secret) name issued_epoch_s expires_epoch_s open
 * # sha256(secret) name issued_epoch_s expires_epoch_s redeemed sha256(NMA public key) certificate_serial_hex redeemed_epoch_s
 * </pre>
 *
 * A token works once: it is marked redeemed, durably, before the certificate is handed out.
 * The only repeat allowed is the same NMA key asking again (its answer was lost): it gets the
 * same certificate back. Several processes (the ASMA, an operator's command) may use the file
 * at once: every change holds an exclusive file lock and rewrites the file atomically.
 */
public final class EnrolmentTokens {
    public static final String FILE = "enrolment-tokens";
    public static final Duration MAX_VALIDITY = Duration.ofDays(30);
    private static final Object IN_PROCESS = new Object();

    private final Path file;
    private final Path lockFile;
    private final Path issuedDir;
    private final String caFingerprint;
    private final Clock clock;

    /** What the ASMA knows of a token (never its secret). */
    public record TokenInfo(String nmaName, Instant issued, Instant expires, boolean redeemed, String certificateSerial) {}

    /** Issues the certificate once the token is known to be good. */
    @FunctionalInterface
    interface Issuer {
        X509Certificate issue() throws EnrolmentException, IOException;
    }

    public EnrolmentTokens(Path dataDir, String caFingerprint, Clock clock) {
        this.file = dataDir.resolve(FILE);
        this.lockFile = dataDir.resolve(FILE + ".lock");
        this.issuedDir = dataDir.resolve("issued");
        this.caFingerprint = Objects.requireNonNull(caFingerprint, "caFingerprint");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A new one-time token for the NMA {@code nmaName}, valid for {@code validFor} (at most 30
     * days). Give it to the NMA's operator (it is shown once: only its hash is kept).
     */
    public String issue(String nmaName, Duration validFor) throws IOException {
        Certificates.checkNmaName(nmaName);
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("token validity " + validFor + ": more than zero, at most 30 days");
        }
        byte[] secret = new byte[32];
        Certificates.RANDOM.nextBytes(secret);
        String secretText = Certificates.base64url(secret);
        Instant now = clock.instant();
        Entry e = new Entry(hash(secretText), nmaName, now.getEpochSecond(), now.plus(validFor).getEpochSecond(), null, null, 0);
        locked(entries -> {
            entries.add(e);
            return null;
        });
        return nmaName + "." + secretText + "." + caFingerprint;
    }

    /** Every token issued so far, oldest first. */
    public List<TokenInfo> list() throws IOException {
        return locked(entries -> entries.stream().map(Entry::info).toList());
    }

    /**
     * Redeems the token ({@code name}, {@code secret}) for the key whose SubjectPublicKeyInfo
     * hashes to {@code keyHash}: checks it, calls {@code issuer}, records the redemption.
     */
    X509Certificate redeem(String name, String secret, byte[] keyHash, Issuer issuer) throws EnrolmentException, IOException {
        String secretHash = hash(secret);
        String keyHex = HexFormat.of().formatHex(keyHash);
        Object outcome = locked(entries -> {
            Entry found = null;
            for (Entry e : entries) {
                if (MessageDigest.isEqual(e.secretHash.getBytes(StandardCharsets.US_ASCII),
                        secretHash.getBytes(StandardCharsets.US_ASCII))) {
                    found = e;
                }
            }
            if (found == null) {
                return new EnrolmentException("unknown enrolment token");
            }
            if (!found.name.equals(name)) {
                return new EnrolmentException("this token was issued for another NMA name");
            }
            if (found.keyHash != null) {
                if (found.keyHash.equals(keyHex)) {
                    Path cert = issuedDir.resolve(found.serial + ".crt");
                    if (Files.exists(cert)) {
                        return Pem.readCertificate(cert); // the same NMA asking again: its answer was lost
                    }
                }
                return new EnrolmentException("this enrolment token was already used");
            }
            if (clock.instant().getEpochSecond() >= found.expires) {
                return new EnrolmentException("this enrolment token expired at " + Instant.ofEpochSecond(found.expires));
            }
            X509Certificate cert;
            try {
                cert = issuer.issue();
            } catch (EnrolmentException refused) {
                return refused;
            }
            int i = entries.indexOf(found);
            entries.set(i, new Entry(found.secretHash, found.name, found.issued, found.expires, keyHex,
                    cert.getSerialNumber().toString(16), clock.instant().getEpochSecond()));
            return cert;
        });
        if (outcome instanceof EnrolmentException refused) {
            throw refused;
        }
        return (X509Certificate) outcome;
    }

    private static String hash(String secret) {
        return Certificates.sha256Hex(secret.getBytes(StandardCharsets.UTF_8));
    }

    @FunctionalInterface
    private interface Change<T> {
        T apply(List<Entry> entries) throws IOException;
    }

    /** Runs {@code change} on the entries under the file lock; writes them back if it changed them. */
    private <T> T locked(Change<T> change) throws IOException {
        synchronized (IN_PROCESS) {
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = ch.lock()) {
                assert held.isValid(); // other processes (an operator's command) wait here
                List<Entry> entries = read();
                List<Entry> before = List.copyOf(entries);
                T result = change.apply(entries);
                if (!entries.equals(before)) {
                    write(entries);
                }
                return result;
            }
        }
    }

    private List<Entry> read() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Entry e = Entry.parse(line);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    private void write(List<Entry> entries) throws IOException {
        StringBuilder s = new StringBuilder("# Statewall enrolment tokens (only hashes): sha256(secret) name issued expires"
                + " open | redeemed sha256(key) serial redeemed_at\n");
        for (Entry e : entries) {
            s.append(e.line()).append('\n');
        }
        Pem.writeAtomically(file, s.toString(), true);
    }

    private record Entry(String secretHash, String name, long issued, long expires, String keyHash, String serial,
                         long redeemedAt) {
        static Entry parse(String line) {
            String[] f = line.trim().split("\\s+");
            try {
                if (f.length == 5 && f[4].equals("open")) {
                    return new Entry(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), null, null, 0);
                }
                if (f.length == 8 && f[4].equals("redeemed")) {
                    return new Entry(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), f[5], f[6], Long.parseLong(f[7]));
                }
            } catch (NumberFormatException ignored) {
                // a damaged line: skipped (its token then no longer works, which is the safe side)
            }
            return null;
        }

        String line() {
            String head = secretHash + " " + name + " " + issued + " " + expires;
            return keyHash == null ? head + " open" : head + " redeemed " + keyHash + " " + serial + " " + redeemedAt;
        }

        TokenInfo info() {
            return new TokenInfo(name, Instant.ofEpochSecond(issued), Instant.ofEpochSecond(expires), keyHash != null, serial);
        }
    }
}
