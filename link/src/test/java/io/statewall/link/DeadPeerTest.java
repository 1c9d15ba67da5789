package io.statewall.link;

import static io.statewall.link.TestLink.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.link.pki.LinkPki;
import io.statewall.link.pki.NmaCredentials;
import io.statewall.link.pki.TlsContexts;
import io.statewall.link.wire.Frame;
import io.statewall.link.wire.FrameCodec;
import io.statewall.link.wire.FrameReader;
import io.statewall.link.wire.Wire;
import io.statewall.link.wire.WireReader;
import io.statewall.link.wire.WireWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three heartbeats of silence and either side takes the other for dead. */
class DeadPeerTest {
    @TempDir
    Path tmp;

    @Test
    void theAsmaDropsAnNmaThatFallsSilentAndKeepsItselfAliveMeanwhile() throws Exception {
        LogLines serverLog = new LogLines("asma");
        MemorySink sink = new MemorySink();
        try (LinkServer server = LinkServer.start(TestLink.server(tmp.resolve("asma"), 0, serverLog), sink)) {
            NmaCredentials c = TestLink.enrolInto(server.pki(), tmp.resolve("nma"), "quiet-nma");
            try (TestLink.RawPeer peer = new TestLink.RawPeer(c.tlsContext(), server.address())) {
                peer.send(new Frame.Hello(Wire.VERSION, 200, "quiet"));
                assertThat(peer.receive()).isInstanceOf(Frame.Welcome.class);
                // It says nothing more; the ASMA keeps talking (keepalives), then gives up on it.
                assertThat(peer.receive()).isInstanceOf(Frame.Keepalive.class);
                sink.awaitConnected("quiet-nma", false, TIMEOUT);
                assertThat(serverLog.await("quiet-nma", TIMEOUT)).isNotNull();
                assertThat(serverLog.await("taken for dead", TIMEOUT)).contains("silent for 1 s");
            }
        }
    }

    @Test
    void anNmaDropsAnAsmaThatFallsSilentAndConnectsAgain() throws Exception {
        LinkPki pki = LinkPki.open(tmp.resolve("asma"), List.of("localhost", "127.0.0.1"), line -> { });
        TestLink.enrolInto(pki, tmp.resolve("nma"), "nma-1");
        AtomicInteger hellos = new AtomicInteger();
        SSLServerSocket fake = (SSLServerSocket) pki.serverContext().getServerSocketFactory()
                .createServerSocket(0, 8, InetAddress.getLoopbackAddress());
        try {
            fake.setEnabledProtocols(new String[] {TlsContexts.PROTOCOL});
            fake.setNeedClientAuth(true);
            // A fake ASMA: welcomes every NMA, then never says another word.
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try {
                    while (true) {
                        SSLSocket s = (SSLSocket) fake.accept();
                        WireReader r = new FrameReader(s.getInputStream(), 1 << 20).next();
                        if (FrameCodec.decode(r.u8("type"), r, LinkLimits.DEFAULT) instanceof Frame.Hello) {
                            hellos.incrementAndGet();
                        }
                        WireWriter w = new WireWriter(64);
                        FrameCodec.encode(new Frame.Welcome(Wire.VERSION, 0), w);
                        w.writeTo(s.getOutputStream());
                        s.getOutputStream().flush();
                    }
                } catch (Exception stopped) {
                    // the test closed the socket
                }
            });
            LogLines log = new LogLines("nma");
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), fake.getLocalPort());
            try (LinkClient client = LinkClient.start(TestLink.client(at, tmp.resolve("nma"), null, log)
                    .withHeartbeat(Duration.ofMillis(200)), cmd -> null, null)) {
                assertThat(log.await("taken for dead", TIMEOUT)).contains("no word from the ASMA for 1 s");
                assertThat(client.awaitConnected(true, TIMEOUT)).isTrue();
                log.await("connected to the ASMA", TIMEOUT);
                assertThat(client.stats().connects()).isGreaterThanOrEqualTo(1);
            }
            fake.close(); // ends the fake's accept loop
            serving.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(hellos.get()).isGreaterThanOrEqualTo(2);
        } finally {
            fake.close();
        }
    }
}
