package io.statewall.link;

import static io.statewall.link.TestLink.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.link.pki.AnchoredTrustManager;
import io.statewall.link.pki.CertificateAuthority;
import io.statewall.link.pki.EnrolmentException;
import io.statewall.link.pki.LinkPki;
import io.statewall.link.pki.NmaCredentials;
import io.statewall.link.pki.Pem;
import io.statewall.link.pki.TlsContexts;
import io.statewall.link.wire.Frame;
import io.statewall.link.wire.ProtocolException;
import io.statewall.link.wire.Wire;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An NMA renews its certificate over the link before it runs out; what must be refused is. */
class RenewalTest {
    private static final List<String> NAMES = List.of("localhost", "127.0.0.1");

    @TempDir
    Path tmp;

    private final LogLines serverLog = new LogLines("asma");
    private final MemorySink sink = new MemorySink();

    @Test
    void aCertificateNearItsEndIsRenewedOnConnectAndTheNextConnectionPresentsTheNewOne() throws Exception {
        Path asmaDir = tmp.resolve("asma");
        Path nmaDir = tmp.resolve("nma");
        // Enrolled by a CA issuing for an hour; the ASMA then runs with the default five years.
        LinkPki shortLived = LinkPki.open(asmaDir, NAMES, Duration.ofHours(1), line -> { }, Clock.systemUTC());
        NmaCredentials old = TestLink.enrolInto(shortLived, nmaDir, "boiler-nma");
        String oldSerial = old.certificate().getSerialNumber().toString(16);
        LogLines log = new LogLines("nma");
        try (LinkServer server = LinkServer.start(TestLink.server(asmaDir, 0, serverLog), sink)) {
            LinkClientConfig config = TestLink.client(server.address(), nmaDir, null, log).withRenewBefore(Duration.ofDays(1));
            try (LinkClient client = LinkClient.start(config, c -> null, null)) {
                String renewed = log.await("certificate renewed until", TIMEOUT);
                assertThat(serverLog.await("NMA 'boiler-nma' at", TIMEOUT)).contains("connected (certificate " + oldSerial + ",");
                // The connection that renewed goes on with its certificate.
                long seq = client.offer(LinkRecord.Kind.EVENT, 0, "{\"after\":\"renewal\"}");
                assertThat(client.awaitAcked(seq, TIMEOUT)).isTrue();
                assertThat(client.stats().connects()).isEqualTo(1);
                X509Certificate fresh = Pem.readCertificate(nmaDir.resolve(NmaCredentials.CERT));
                assertThat(renewed).contains(fresh.getNotAfter().toInstant().toString());
            }
            sink.awaitConnected("boiler-nma", false, TIMEOUT);

            X509Certificate fresh = Pem.readCertificate(nmaDir.resolve(NmaCredentials.CERT));
            String freshSerial = fresh.getSerialNumber().toString(16);
            assertThat(fresh.getSerialNumber()).isNotEqualTo(old.certificate().getSerialNumber());
            assertThat(fresh.getNotAfter()).isAfter(old.certificate().getNotAfter());
            assertThat(fresh.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(4 * 365)));
            assertThat(fresh.getSubjectX500Principal()).isEqualTo(old.certificate().getSubjectX500Principal());
            // A new key, kept owner-only, in step with nma.pub; nothing half-renewed left behind.
            NmaCredentials loaded = NmaCredentials.load(nmaDir);
            assertThat(loaded.certificate()).isEqualTo(fresh);
            assertThat(loaded.key().getEncoded()).isNotEqualTo(old.key().getEncoded());
            assertThat(Pem.readPublicKey(nmaDir.resolve(NmaCredentials.PUBLIC_KEY))).isEqualTo(fresh.getPublicKey());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nmaDir.resolve(NmaCredentials.KEY))))
                    .isEqualTo("rw-------");
            try (var files = Files.list(nmaDir)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".new") || n.endsWith(".tmp"));
            }
            assertThat(serverLog.await("renewed the certificate of NMA 'boiler-nma'", TIMEOUT))
                    .contains(oldSerial).contains("replaced by " + freshSerial);
            assertThat(Files.readString(asmaDir.resolve(LinkPki.ISSUED_LOG)))
                    .contains(" renewed " + oldSerial + " as " + freshSerial + " CN=boiler-nma");
            assertThat(server.pki().issued()).extracting(c -> c.getSerialNumber().toString(16)).contains(freshSerial);

            // The next connection presents the new certificate, works, and does not renew again.
            try (LinkClient again = LinkClient.start(config, c -> null, null)) {
                assertThat(serverLog.await("connected (certificate " + freshSerial + ",", TIMEOUT)).contains("boiler-nma");
                long seq = again.offer(LinkRecord.Kind.EVENT, 0, "{\"with\":\"the new certificate\"}");
                assertThat(again.awaitAcked(seq, TIMEOUT)).isTrue();
            }
            assertThat(log.lines()).filteredOn(l -> l.contains("certificate renewed")).hasSize(1);
            assertThat(serverLog.lines()).filteredOn(l -> l.contains("renewed the certificate")).hasSize(1);
        }
    }

    @Test
    void aRenewalNamingAnotherNmaOrNotSignedByItsKeyIsRefusedAndTheSessionGoesOn() throws Exception {
        try (LinkServer server = LinkServer.start(TestLink.server(tmp.resolve("asma"), 0, serverLog), sink)) {
            NmaCredentials pump = TestLink.enrolInto(server.pki(), tmp.resolve("nma"), "pump-nma");
            int issued = server.pki().issued().size();
            try (TestLink.RawPeer peer = new TestLink.RawPeer(pump.tlsContext(), server.address())) {
                peer.send(new Frame.Hello(Wire.VERSION, 1000, "renewal-test"));
                assertThat(peer.receive()).isInstanceOf(Frame.Welcome.class);

                peer.send(new Frame.Renew(NmaCredentials.certificationRequest("boiler-nma", CertificateAuthority.newKeyPair())));
                assertThat(next(peer)).isInstanceOfSatisfying(Frame.Error.class, e -> assertThat(e.reason())
                        .isEqualTo("certificate renewal refused: the request names 'boiler-nma', not this NMA ('pump-nma')"));
                assertThat(serverLog.await("certificate renewal of NMA 'pump-nma'", TIMEOUT)).contains("refused");

                // The session goes on: records are stored and acknowledged.
                peer.send(new Frame.Records(List.of(new LinkRecord(1, LinkRecord.Kind.EVENT, 0, "{\"after\":\"refusal\"}"))));
                assertThat(next(peer)).isEqualTo(new Frame.Ack(1));
                // One renewal per connection, even a refused one.
                peer.send(new Frame.Renew(NmaCredentials.certificationRequest("pump-nma", CertificateAuthority.newKeyPair())));
                assertThat(next(peer)).isInstanceOfSatisfying(Frame.Error.class,
                        e -> assertThat(e.reason()).contains("one renewal per connection"));
            }
            try (TestLink.RawPeer peer = new TestLink.RawPeer(pump.tlsContext(), server.address())) {
                peer.send(new Frame.Hello(Wire.VERSION, 1000, "renewal-test"));
                assertThat(peer.receive()).isInstanceOf(Frame.Welcome.class);
                // The request carries one key and is signed with another: no proof of possession.
                KeyPair carried = CertificateAuthority.newKeyPair();
                KeyPair signer = CertificateAuthority.newKeyPair();
                byte[] forged = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=pump-nma"), carried.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())).getEncoded();
                peer.send(new Frame.Renew(forged));
                assertThat(next(peer)).isInstanceOfSatisfying(Frame.Error.class,
                        e -> assertThat(e.reason()).contains("signature does not verify"));
                peer.send(new Frame.Records(List.of(new LinkRecord(2, LinkRecord.Kind.EVENT, 0, "{\"after\":\"forgery\"}"))));
                assertThat(next(peer)).isEqualTo(new Frame.Ack(2));
            }
            // Without a client certificate there is nothing to renew: refused and closed.
            try (TestLink.RawPeer peer = new TestLink.RawPeer(
                    TlsContexts.enrolling(AnchoredTrustManager.pinned(server.pki().caFingerprint())), server.address())) {
                peer.send(new Frame.Renew(NmaCredentials.certificationRequest("pump-nma", CertificateAuthority.newKeyPair())));
                assertThat(peer.receive()).isInstanceOf(Frame.Error.class);
                assertThatThrownBy(peer::receive).isInstanceOf(EOFException.class);
            }
            assertThat(server.pki().issued()).hasSize(issued);
            assertThat(sink.records("pump-nma")).extracting(LinkRecord::seq).containsExactly(1L, 2L);

            // A revoked NMA is refused too (its connection is closed on revocation; this is the race behind it).
            server.revoke("pump-nma");
            byte[] csr = NmaCredentials.certificationRequest("pump-nma", CertificateAuthority.newKeyPair());
            assertThatThrownBy(() -> server.pki().renew(pump.certificate(), csr)).isInstanceOf(EnrolmentException.class)
                    .hasMessageContaining("is revoked");
            assertThat(server.pki().issued()).hasSize(issued);
        }
    }

    @Test
    void aCertificateFarFromItsEndIsNotRenewed() throws Exception {
        try (LinkServer server = LinkServer.start(TestLink.server(tmp.resolve("asma"), 0, serverLog), sink)) {
            String token = server.tokens().issue("turbine-nma", Duration.ofHours(1));
            Path dir = tmp.resolve("nma");
            LogLines log = new LogLines("nma");
            try (LinkClient client = LinkClient.start(TestLink.client(server.address(), dir, token, log), c -> null, null)) {
                sink.awaitConnected("turbine-nma", true, TIMEOUT);
                X509Certificate enrolled = Pem.readCertificate(dir.resolve(NmaCredentials.CERT));
                // A RENEW would be the first frame after WELCOME, and the ASMA handles frames in order:
                // once this record is acknowledged, a renewal would have been logged.
                long seq = client.offer(LinkRecord.Kind.EVENT, 0, "{\"n\":1}");
                assertThat(client.awaitAcked(seq, TIMEOUT)).isTrue();
                assertThat(serverLog.any("renew")).isFalse();
                assertThat(log.any("renew")).isFalse();
                assertThat(server.pki().issued()).hasSize(1);
                assertThat(Pem.readCertificate(dir.resolve(NmaCredentials.CERT))).isEqualTo(enrolled);
            }
        }
    }

    @Test
    void byDefaultACertificateIsDueThirtyDaysBeforeItsEndOrAThirdOfItsLifeForShortOnes() throws Exception {
        LinkPki fiveYears = LinkPki.open(tmp.resolve("a"), NAMES, line -> { });
        LinkPki oneHour = LinkPki.open(tmp.resolve("b"), NAMES, Duration.ofHours(1), line -> { }, Clock.systemUTC());
        X509Certificate longCert = TestLink.enrolInto(fiveYears, tmp.resolve("n1"), "nma-1").certificate();
        X509Certificate shortCert = TestLink.enrolInto(oneHour, tmp.resolve("n2"), "nma-2").certificate();
        LinkClientConfig config = LinkClientConfig.of(TestLink.loopback(1), tmp.resolve("n1"));
        Instant longEnd = longCert.getNotAfter().toInstant();
        assertThat(config.renewalDue(longCert, Instant.now())).isFalse();
        assertThat(config.renewalDue(longCert, longEnd.minus(Duration.ofDays(31)))).isFalse();
        assertThat(config.renewalDue(longCert, longEnd.minus(Duration.ofDays(29)))).isTrue();
        // One hour (and the ten minutes it is backdated): due in its last 23 minutes and 20 seconds.
        Instant shortEnd = shortCert.getNotAfter().toInstant();
        assertThat(config.renewalDue(shortCert, Instant.now())).isFalse();
        assertThat(config.renewalDue(shortCert, shortEnd.minus(Duration.ofMinutes(24)))).isFalse();
        assertThat(config.renewalDue(shortCert, shortEnd.minus(Duration.ofMinutes(23)))).isTrue();
        assertThat(config.withRenewBefore(Duration.ofHours(2)).renewalDue(shortCert, Instant.now())).isTrue();
    }

    @Test
    void aRenewalCutShortByACrashLeavesTheOldPairOrTheNewOne() throws Exception {
        LinkPki pki = LinkPki.open(tmp.resolve("asma"), NAMES, line -> { });
        Path dir = tmp.resolve("nma");
        NmaCredentials old = TestLink.enrolInto(pki, dir, "boiler-nma");
        KeyPair next = CertificateAuthority.newKeyPair();
        X509Certificate nextCert = pki.renew(old.certificate(), NmaCredentials.certificationRequest("boiler-nma", next));
        Path key = dir.resolve(NmaCredentials.KEY);
        Path cert = dir.resolve(NmaCredentials.CERT);
        Path keyNew = dir.resolve(NmaCredentials.KEY + NmaCredentials.NEW);
        Path certNew = dir.resolve(NmaCredentials.CERT + NmaCredentials.NEW);

        // Stopped after writing the new key only: the old pair stands, the orphan goes.
        Pem.writePrivateKey(keyNew, next.getPrivate());
        assertThat(NmaCredentials.load(dir).certificate()).isEqualTo(old.certificate());
        assertThat(keyNew).doesNotExist();

        // Stopped with the new pair written whole, nothing renamed: finished.
        Pem.writePrivateKey(keyNew, next.getPrivate());
        Pem.writeCertificate(certNew, nextCert);
        assertLoadsPair(dir, next, nextCert);

        // Stopped after the key's rename, before the certificate's: finished.
        restore(dir, old);
        Pem.writePrivateKey(key, next.getPrivate());
        Pem.writeCertificate(certNew, nextCert);
        assertLoadsPair(dir, next, nextCert);

        // Stopped before nma.pub was rewritten: it is made to match.
        restore(dir, old);
        Pem.writePrivateKey(key, next.getPrivate());
        Pem.writeCertificate(cert, nextCert);
        assertLoadsPair(dir, next, nextCert);

        // A key that does not belong to the certificate is an error, not a silent TLS failure later.
        Pem.writePrivateKey(key, old.key());
        assertThatThrownBy(() -> NmaCredentials.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not the key of the certificate");

        // The real thing, from the old credentials.
        restore(dir, old);
        NmaCredentials stored = old.storeRenewal(dir, next, nextCert);
        assertThat(stored.certificate()).isEqualTo(nextCert);
        assertLoadsPair(dir, next, nextCert);
        // A certificate for another key, or from another CA, is not stored.
        KeyPair other = CertificateAuthority.newKeyPair();
        assertThatThrownBy(() -> stored.storeRenewal(dir, other, nextCert)).hasMessageContaining("not for the new key");
        X509Certificate rogue = CertificateAuthority.generate().issueNma("boiler-nma",
                CertificateAuthority.parseRequest(NmaCredentials.certificationRequest("boiler-nma", other)));
        assertThatThrownBy(() -> stored.storeRenewal(dir, other, rogue)).isInstanceOf(java.security.GeneralSecurityException.class);
        assertLoadsPair(dir, next, nextCert);
    }

    private static void assertLoadsPair(Path dir, KeyPair kp, X509Certificate cert) throws IOException {
        NmaCredentials c = NmaCredentials.load(dir);
        assertThat(c.certificate()).isEqualTo(cert);
        assertThat(c.key().getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
        assertThat(Pem.readPublicKey(dir.resolve(NmaCredentials.PUBLIC_KEY))).isEqualTo(kp.getPublic());
        assertThat(dir.resolve(NmaCredentials.KEY + NmaCredentials.NEW)).doesNotExist();
        assertThat(dir.resolve(NmaCredentials.CERT + NmaCredentials.NEW)).doesNotExist();
    }

    private static void restore(Path dir, NmaCredentials c) throws IOException {
        Pem.writePrivateKey(dir.resolve(NmaCredentials.KEY), c.key());
        Pem.writeCertificate(dir.resolve(NmaCredentials.CERT), c.certificate());
        Pem.writePublicKey(dir.resolve(NmaCredentials.PUBLIC_KEY), c.certificate().getPublicKey());
    }

    /** The next frame that is not a KEEPALIVE. */
    private static Frame next(TestLink.RawPeer peer) throws IOException, ProtocolException {
        while (true) {
            Frame f = peer.receive();
            if (!(f instanceof Frame.Keepalive)) {
                return f;
            }
        }
    }
}
