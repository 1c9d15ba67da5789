package io.statewall.link;

import static io.statewall.link.TestLink.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.link.pki.NmaCredentials;
import io.statewall.link.wire.Frame;
import io.statewall.link.wire.ProtocolException;
import io.statewall.link.wire.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An NMA holding a valid certificate that sends malformed frames loses its own connection, with
 * the reason logged; the ASMA and every other NMA go on.
 */
class MalformedFrameTest {
    @TempDir
    Path tmp;

    /** What the bad peer sends after its HELLO, and what the ASMA must say about it. */
    private record Case(String name, byte[] bytes, String logged) {}

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    private static final List<Case> CASES = List.of(
            new Case("a length far over the limit", hex("7fffffff 03"), "more than the limit"),
            new Case("an unknown frame type", hex("00000001 6a"), "unknown type 0x6a"),
            new Case("plain HTTP", "GET / HTTP/1.1\r\nHost: asma\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                    "more than the limit"),
            new Case("records going back between batches",
                    hex("0000001c 03 00000001 0000000000000005 01 0000000000000000 00000002 7b7d"
                            + "0000001c 03 00000001 0000000000000003 01 0000000000000000 00000002 7b7d"),
                    "records went back from seq 5 to 3"),
            new Case("an enrolment on an enrolled connection",
                    hex("00000012 08 00000001 61 00000001 62 00000003 300100"), "unexpected Enrol from an NMA"),
            new Case("a second HELLO", hex("00000011 01 53574c4b 0001 000003e8 00000002 6869"),
                    "unexpected Hello from an NMA"),
            new Case("a record kind that does not exist",
                    hex("0000001c 03 00000001 0000000000000001 05 0000000000000000 00000002 7b7d"), "record kind 5"));

    @Test
    void malformedFramesCloseThatConnectionOnly() throws Exception {
        LogLines serverLog = new LogLines("asma");
        MemorySink sink = new MemorySink();
        try (LinkServer server = LinkServer.start(TestLink.server(tmp.resolve("asma"), 0, serverLog), sink)) {
            String token = server.tokens().issue("good-nma", Duration.ofHours(1));
            try (LinkClient good = LinkClient.start(TestLink.client(server.address(), tmp.resolve("good"), token,
                    new LogLines("good")), c -> null, null)) {
                sink.awaitConnected("good-nma", true, TIMEOUT);
                NmaCredentials bad = TestLink.enrolInto(server.pki(), tmp.resolve("bad"), "bad-nma");
                SSLContext ctx = bad.tlsContext();
                int errors = 0;
                for (Case c : CASES) {
                    try (TestLink.RawPeer peer = new TestLink.RawPeer(ctx, server.address())) {
                        peer.send(new Frame.Hello(Wire.VERSION, 1000, "bad"));
                        assertThat(peer.receive()).as(c.name()).isInstanceOf(Frame.Welcome.class);
                        peer.sendRaw(c.bytes());
                        assertThat(untilClosed(peer)).as(c.name()).isTrue();
                    }
                    String line = serverLog.await(c.logged(), TIMEOUT);
                    assertThat(line).as(c.name()).startsWith("NMA 'bad-nma' at 127.0.0.1:").contains("protocol error")
                            .endsWith("; connection closed");
                    errors++;
                    assertThat(server.stats().protocolErrors()).isEqualTo(errors);
                    sink.awaitConnected("bad-nma", false, TIMEOUT);
                    // The good NMA never noticed.
                    long seq = good.offer(LinkRecord.Kind.EVENT, 0, "{\"after\":\"" + c.name() + "\"}");
                    assertThat(good.awaitAcked(seq, TIMEOUT)).isTrue();
                }
                assertThat(good.stats().connects()).isEqualTo(1);
                assertThat(server.connected()).containsExactly("good-nma");
                // The bad NMA's records before its bad batch were stored, nothing after.
                assertThat(sink.records("bad-nma")).extracting(LinkRecord::seq).containsExactly(5L);
            }
        }
    }

    /** Reads until the connection ends; true if it ended (an ERROR frame first is fine). */
    private static boolean untilClosed(TestLink.RawPeer peer) {
        try {
            while (true) {
                Frame f = peer.receive();
                if (!(f instanceof Frame.Error || f instanceof Frame.Keepalive || f instanceof Frame.Ack)) {
                    return false;
                }
            }
        } catch (IOException | ProtocolException e) {
            return true;
        }
    }
}
