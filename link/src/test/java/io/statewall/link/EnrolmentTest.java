package io.statewall.link;

import static io.statewall.link.TestLink.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.link.pki.AnchoredTrustManager;
import io.statewall.link.pki.CertificateAuthority;
import io.statewall.link.pki.Certificates;
import io.statewall.link.pki.EnrolmentException;
import io.statewall.link.pki.EnrolmentTokens;
import io.statewall.link.pki.LinkPki;
import io.statewall.link.pki.NmaCredentials;
import io.statewall.link.pki.Pem;
import io.statewall.link.pki.TlsContexts;
import io.statewall.link.wire.Frame;
import io.statewall.link.wire.Wire;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Enrolment with one-time tokens, then mutual TLS; everything that must be refused is. */
class EnrolmentTest {
    @TempDir
    Path tmp;

    private final LogLines serverLog = new LogLines("asma");
    private final MemorySink sink = new MemorySink();
    private LinkServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = LinkServer.start(TestLink.server(tmp.resolve("asma"), 0, serverLog), sink);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void anNmaEnrolsWithItsTokenThenConnectsWithMutualTls() throws Exception {
        String token = server.tokens().issue("boiler-nma", Duration.ofHours(1));
        assertThat(token).startsWith("boiler-nma.").endsWith("." + server.pki().caFingerprint());
        Path nmaDir = tmp.resolve("nma");
        LogLines log = new LogLines("nma");
        try (LinkClient client = LinkClient.start(TestLink.client(server.address(), nmaDir, token, log), c -> null, null)) {
            sink.awaitConnected("boiler-nma", true, TIMEOUT);
            long seq = client.offer(LinkRecord.Kind.EVENT, 1_000L, "{\"event_type\":\"alert\",\"n\":1}");
            List<LinkRecord> got = sink.await("boiler-nma", l -> l.stream().anyMatch(r -> r.seq() == seq), TIMEOUT,
                    "the event");
            LinkRecord r = got.stream().filter(x -> x.seq() == seq).findFirst().orElseThrow();
            assertThat(r.kind()).isEqualTo(LinkRecord.Kind.EVENT);
            assertThat(r.json()).isEqualTo("{\"event_type\":\"alert\",\"n\":1}");
            assertThat(r.timeNanos()).isEqualTo(1_000L);
            assertThat(client.nmaName()).isEqualTo("boiler-nma");
            assertThat(server.connected()).containsExactly("boiler-nma");
        }
        // The NMA's key never left it; its files are the ones the documentation names.
        assertThat(permissions(nmaDir.resolve("nma.key"))).isEqualTo("rw-------");
        assertThat(permissions(tmp.resolve("asma").resolve("ca.key"))).isEqualTo("rw-------");
        X509Certificate cert = Pem.readCertificate(nmaDir.resolve("nma.crt"));
        assertThat(Certificates.commonName(cert)).isEqualTo("boiler-nma");
        assertThat(Certificates.hasExtendedKeyUsage(cert, Certificates.CLIENT_AUTH)).isTrue();
        assertThat(Certificates.hasExtendedKeyUsage(cert, Certificates.SERVER_AUTH)).isFalse();
        assertThat(Certificates.fingerprint(Pem.readCertificate(nmaDir.resolve("ca.crt")))).isEqualTo(server.pki().caFingerprint());
        assertThat(server.tokens().list()).singleElement().satisfies(t -> {
            assertThat(t.nmaName()).isEqualTo("boiler-nma");
            assertThat(t.redeemed()).isTrue();
            assertThat(t.certificateSerial()).isEqualTo(cert.getSerialNumber().toString(16));
        });
        sink.awaitConnected("boiler-nma", false, TIMEOUT);

        // Restarted without a token: the stored certificate is enough.
        try (LinkClient again = LinkClient.start(TestLink.client(server.address(), nmaDir, null, log), c -> null, null)) {
            sink.awaitConnected("boiler-nma", true, TIMEOUT);
            assertThat(again.awaitConnected(true, TIMEOUT)).isTrue();
        }
        assertThat(server.stats().enrolments()).isEqualTo(1);
        assertThat(sink.connectedCalls.get()).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("asma").resolve("issued.log"))).contains("CN=boiler-nma");
    }

    @Test
    void aTokenWorksOnce() throws Exception {
        String token = server.tokens().issue("turbine-nma", Duration.ofHours(1));
        try (LinkClient first = LinkClient.start(TestLink.client(server.address(), tmp.resolve("a"), token,
                new LogLines("nma-a")), c -> null, null)) {
            sink.awaitConnected("turbine-nma", true, TIMEOUT);
            assertThat(first.nmaName()).isEqualTo("turbine-nma");
        }
        LogLines log = new LogLines("nma-b");
        try (LinkClient second = LinkClient.start(TestLink.client(server.address(), tmp.resolve("b"), token, log),
                c -> null, null)) {
            assertThat(log.await("refused the enrolment", TIMEOUT)).contains("already used");
            assertThat(second.nmaName()).isNull();
        }
        assertThat(tmp.resolve("b").resolve("nma.crt")).doesNotExist();
        assertThat(sink.connectedCalls.get()).isEqualTo(1);
        assertThat(server.stats().enrolments()).isEqualTo(1);
        assertThat(server.stats().enrolmentsRefused()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefusedInTheHandshake() throws Exception {
        // A rogue CA issues a certificate with a real NMA's name; the NMA trusts the real ASMA.
        CertificateAuthority rogue = CertificateAuthority.generate();
        KeyPair kp = CertificateAuthority.newKeyPair();
        PKCS10CertificationRequest csr = CertificateAuthority.parseRequest(
                NmaCredentials.certificationRequest("boiler-nma", kp));
        X509Certificate forged = rogue.issueNma("boiler-nma", csr);
        Path dir = tmp.resolve("rogue");
        Files.createDirectories(dir);
        Pem.writePrivateKey(dir.resolve(NmaCredentials.KEY), kp.getPrivate());
        Pem.writePublicKey(dir.resolve(NmaCredentials.PUBLIC_KEY), kp.getPublic());
        Pem.writeCertificate(dir.resolve(NmaCredentials.CERT), forged);
        Pem.writeCertificate(dir.resolve(NmaCredentials.CA), server.pki().caCertificate());
        LogLines log = new LogLines("rogue");
        try (LinkClient client = LinkClient.start(TestLink.client(server.address(), dir, null, log), c -> null, null)) {
            assertThat(serverLog.await("TLS handshake with", TIMEOUT)).contains("failed");
            log.await("cannot reach the ASMA", TIMEOUT);
            assertThat(client.isConnected()).isFalse();
        }
        assertThat(server.stats().handshakeFailures()).isGreaterThanOrEqualTo(1);
        assertThat(sink.connectedCalls.get()).isZero();
        assertThat(sink.storeCalls.get()).isZero();
    }

    @Test
    void aClientWithoutCertificateGetsNoFurtherThanEnrolment() throws Exception {
        AnchoredTrustManager pinned = AnchoredTrustManager.pinned(server.pki().caFingerprint());
        try (TestLink.RawPeer peer = new TestLink.RawPeer(TlsContexts.enrolling(pinned), server.address())) {
            peer.send(new Frame.Hello(Wire.VERSION, 1000, "impostor"));
            assertThat(peer.receive()).isInstanceOf(Frame.Error.class);
            assertThatThrownBy(peer::receive).isInstanceOf(EOFException.class);
        }
        serverLog.await("no client certificate", TIMEOUT);
        assertThat(server.stats().refusedWithoutCertificate()).isEqualTo(1);
        assertThat(sink.connectedCalls.get()).isZero();
        assertThat(sink.storeCalls.get()).isZero();
    }

    @Test
    void aTokenNamingAnotherCaMakesTheNmaRefuseTheServer() throws Exception {
        String good = server.tokens().issue("pump-nma", Duration.ofHours(1));
        String otherCa = Certificates.fingerprint(CertificateAuthority.generate().certificate());
        String bad = good.substring(0, good.lastIndexOf('.') + 1) + otherCa;
        LogLines log = new LogLines("nma");
        Path dir = tmp.resolve("nma");
        try (LinkClient client = LinkClient.start(TestLink.client(server.address(), dir, bad, log), c -> null, null)) {
            assertThat(log.await("is not trusted", TIMEOUT)).contains("not the ASMA that issued the token");
            assertThat(client.nmaName()).isNull();
        }
        // Nothing was sent: the token is still good, no certificate was issued.
        assertThat(server.tokens().list()).singleElement().satisfies(t -> assertThat(t.redeemed()).isFalse());
        assertThat(dir.resolve("nma.crt")).doesNotExist();
        assertThat(server.stats().enrolments()).isZero();
        assertThat(sink.connectedCalls.get()).isZero();
    }

    @Test
    void tokensExpireAreBoundToTheirNameAndAnsweredAgainOnlyForTheSameKey() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T08:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        LinkPki pki = LinkPki.open(tmp.resolve("pki"), List.of("localhost"), line -> { }, clock);
        EnrolmentTokens tokens = pki.tokens();
        String t = tokens.issue("nma-1", Duration.ofMinutes(10));
        String secret = t.split("\\.")[1];
        KeyPair key = CertificateAuthority.newKeyPair();
        byte[] csr = NmaCredentials.certificationRequest("nma-1", key);

        assertThatThrownBy(() -> pki.enrol("nma-2", secret, csr)).isInstanceOf(EnrolmentException.class)
                .hasMessage("this token was issued for another NMA name");
        assertThatThrownBy(() -> pki.enrol("nma-1", "x" + secret, csr)).hasMessage("unknown enrolment token");
        X509Certificate cert = pki.enrol("nma-1", secret, csr);
        // The same key again (its answer was lost): the same certificate; another key: refused.
        assertThat(pki.enrol("nma-1", secret, csr)).isEqualTo(cert);
        byte[] otherCsr = NmaCredentials.certificationRequest("nma-1", CertificateAuthority.newKeyPair());
        assertThatThrownBy(() -> pki.enrol("nma-1", secret, otherCsr)).hasMessage("this enrolment token was already used");

        String late = tokens.issue("nma-3", Duration.ofMinutes(10));
        now.set(now.get().plus(Duration.ofMinutes(11)));
        assertThatThrownBy(() -> pki.enrol("nma-3", late.split("\\.")[1],
                NmaCredentials.certificationRequest("nma-3", CertificateAuthority.newKeyPair())))
                .hasMessageStartingWith("this enrolment token expired at");
        assertThatThrownBy(() -> pki.enrol("nma-1", secret, new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}))
                .hasMessage("the certification request is not PKCS#10 DER");
        assertThatThrownBy(() -> tokens.issue("bad.name", Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.issue("nma-4", Duration.ofDays(31))).isInstanceOf(IllegalArgumentException.class);
        // Only hashes are kept.
        assertThat(Files.readString(tmp.resolve("pki").resolve(EnrolmentTokens.FILE))).doesNotContain(secret);
    }

    @Test
    void aRevokedNmaIsDroppedAndRefusedUntilItEnrolsAgain() throws Exception {
        String token = server.tokens().issue("stolen-nma", Duration.ofHours(1));
        LogLines log = new LogLines("nma");
        try (LinkClient client = LinkClient.start(TestLink.client(server.address(), tmp.resolve("nma"), token, log),
                c -> null, null)) {
            sink.awaitConnected("stolen-nma", true, TIMEOUT);
            assertThat(server.revoke("stolen-nma")).hasSize(1);
            sink.awaitConnected("stolen-nma", false, TIMEOUT);
            assertThat(serverLog.await("failed: certificate", TIMEOUT)).contains("of NMA 'stolen-nma' is revoked");
            // Still revoked after a restart of the ASMA.
            server.close();
            server = LinkServer.start(TestLink.server(tmp.resolve("asma"), 0, serverLog), sink);
            assertThat(server.pki().isRevoked(Pem.readCertificate(tmp.resolve("nma").resolve("nma.crt")))).isTrue();
            assertThat(client.isConnected()).isFalse();
        }
        assertThat(sink.connectedCalls.get()).isEqualTo(1);
        assertThat(server.revoke("stolen-nma")).isEmpty();
        // A new token, a new key and certificate: the same name is welcome again.
        String again = server.tokens().issue("stolen-nma", Duration.ofHours(1));
        try (LinkClient client = LinkClient.start(TestLink.client(server.address(), tmp.resolve("nma-2"), again,
                new LogLines("nma-2")), c -> null, null)) {
            sink.awaitConnected("stolen-nma", true, TIMEOUT);
            assertThat(client.awaitConnected(true, TIMEOUT)).isTrue();
        }
    }

    @Test
    void thePkiIsMadeOnceAndReused() throws Exception {
        Path dir = tmp.resolve("asma");
        String fingerprint = server.pki().caFingerprint();
        X509Certificate serverCert = server.pki().serverCertificate();
        server.close();
        server = LinkServer.start(TestLink.server(dir, 0, serverLog), sink);
        assertThat(server.pki().caFingerprint()).isEqualTo(fingerprint);
        assertThat(server.pki().serverCertificate()).isEqualTo(serverCert);
        assertThat(Certificates.hasExtendedKeyUsage(serverCert, Certificates.SERVER_AUTH)).isTrue();
        // A new name for the server: a new server certificate from the same CA.
        server.close();
        server = LinkServer.start(TestLink.server(dir, 0, serverLog).withServerNames(List.of("asma.plant.example", "10.30.0.5")), sink);
        assertThat(server.pki().caFingerprint()).isEqualTo(fingerprint);
        assertThat(server.pki().serverCertificate()).isNotEqualTo(serverCert);
        assertThat(server.pki().serverCertificate().getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))))
                .contains("asma.plant.example", "10.30.0.5");
    }

    private static String permissions(Path p) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
