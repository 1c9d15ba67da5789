package io.statewall.capture.write;

import static io.statewall.capture.write.TcpSegmentEncoderTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.statewall.capture.Packet;
import io.statewall.capture.flow.FlowEndReason;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The segments a conversation writes: flags, sequence and acknowledgment numbers, sizes. */
class ConversationTest {
    static final long T0 = 1_750_000_000_000_000_000L;
    static final InetSocketAddress CLIENT = at("10.0.0.1", 40_001);
    static final InetSocketAddress SERVER = at("10.0.0.2", 502);
    private static final int S = Packet.TCP_SYN;
    private static final int A = Packet.TCP_ACK;
    private static final int PA = Packet.TCP_PSH | Packet.TCP_ACK;
    private static final int FA = Packet.TCP_FIN | Packet.TCP_ACK;
    private static final int RA = Packet.TCP_RST | Packet.TCP_ACK;
    private static final long CLIENT_ISN = 0xFFFF_FFF0L; // wraps within the first request
    private static final long SERVER_ISN = 1000;

    @TempDir
    Path dir;

    /** Who sends, flags, seq and ack relative to the sender's and the peer's ISN (ack -1: none), payload, time. */
    private record Expect(String name, boolean fromClient, int flags, long relSeq, long relAck, int payload, long t) {}

    @Test
    void aWholeConversationKeepsSequenceAndAcknowledgmentNumbersExact() throws Exception {
        Path file = dir.resolve("c.pcap");
        try (TcpConversationRecorder r = TcpConversationRecorder.create(file)) {
            Conversation c = r.open(CLIENT, SERVER, T0, CLIENT_ISN, SERVER_ISN, 0x7000, 0xFFFF);
            assertThat(c.clientData(T0 + 1, ModbusAdus.READ_REQUEST)).isTrue();
            assertThat(c.serverData(T0 + 2, ModbusAdus.READ_RESPONSE)).isTrue();
            assertThat(c.clientData(T0 + 3, new byte[3000])).isTrue();
            assertThat(c.close(T0 + 4, false)).isTrue();
        }
        List<Expect> expected = List.of(
                new Expect("SYN", true, S, 0, -1, 0, T0),
                new Expect("SYN-ACK", false, S | A, 0, 1, 0, T0),
                new Expect("handshake ACK", true, A, 1, 1, 0, T0),
                new Expect("request", true, PA, 1, 1, 12, T0 + 1),
                new Expect("server ACKs the request", false, A, 1, 13, 0, T0 + 1),
                new Expect("response", false, PA, 1, 13, 29, T0 + 2),
                new Expect("client ACKs the response", true, A, 13, 30, 0, T0 + 2),
                new Expect("3000 bytes: first full segment", true, A, 13, 30, 1460, T0 + 3),
                new Expect("second full segment", true, A, 1473, 30, 1460, T0 + 3),
                new Expect("ACK of every second segment", false, A, 30, 2933, 0, T0 + 3),
                new Expect("last 80 bytes, pushed", true, PA, 2933, 30, 80, T0 + 3),
                new Expect("ACK of the burst", false, A, 30, 3013, 0, T0 + 3),
                new Expect("server closes", false, FA, 30, 3013, 0, T0 + 4),
                new Expect("client's FIN ACKs the server's", true, FA, 3013, 31, 0, T0 + 4),
                new Expect("last ACK", false, A, 31, 3014, 0, T0 + 4));

        ReadBack rb = ReadBack.of(file);
        rb.assertClean();
        assertThat(rb.segments).hasSize(expected.size());
        int clientIpId = 0x7000;
        int serverIpId = 0xFFFF;
        for (int i = 0; i < expected.size(); i++) {
            ReadBack.Segment s = rb.segments.get(i);
            Expect e = expected.get(i);
            long own = e.fromClient() ? CLIENT_ISN : SERVER_ISN;
            long peer = e.fromClient() ? SERVER_ISN : CLIENT_ISN;
            assertThat(s.srcPort()).as(e.name()).isEqualTo(e.fromClient() ? 40_001 : 502);
            assertThat(ReadBack.flagNames(s.flags())).as(e.name()).isEqualTo(ReadBack.flagNames(e.flags()));
            assertThat(s.seq()).as(e.name() + ": seq").isEqualTo((own + e.relSeq()) & 0xFFFF_FFFFL);
            assertThat(s.ack()).as(e.name() + ": ack").isEqualTo(e.relAck() < 0 ? 0 : (peer + e.relAck()) & 0xFFFF_FFFFL);
            assertThat(s.payloadLength()).as(e.name()).isEqualTo(e.payload());
            assertThat(s.window()).as(e.name()).isEqualTo(Conversation.WINDOW);
            assertThat(s.nanos()).as(e.name() + ": time").isEqualTo(e.t());
            int ipId = ((s.frame()[18] & 0xFF) << 8) | (s.frame()[19] & 0xFF);
            assertThat(ipId).as(e.name() + ": identification counts per direction")
                    .isEqualTo(e.fromClient() ? clientIpId++ & 0xFFFF : serverIpId++ & 0xFFFF);
            assertThat(s.frame()[22] & 0xFF).as("TTL").isEqualTo(64);
        }
        assertThat(rb.flows).singleElement().satisfies(f -> {
            assertThat(f.flow.sawHandshake()).isTrue();
            assertThat(f.toServer.toByteArray()).hasSize(12 + 3000);
            assertThat(f.toClient.toByteArray()).isEqualTo(ModbusAdus.READ_RESPONSE);
        });
    }

    @Test
    void theSynsOfferTheMssAndNothingElse() throws Exception {
        Path file = dir.resolve("syn.pcap");
        try (TcpConversationRecorder r = TcpConversationRecorder.create(file)) {
            r.open(CLIENT, SERVER, T0).close(T0, true);
            r.open(at("2001:db8::1", 40_002), at("2001:db8::2", 502), T0).close(T0, true);
        }
        List<ReadBack.Segment> s = ReadBack.of(file).segments;
        // TCP options follow the 20-byte header at 34 (IPv4) or 54 (IPv6).
        assertThat(HexFormat.of().formatHex(s.get(0).frame(), 54, 58)).as("IPv4 SYN").isEqualTo("020405b4");
        assertThat(HexFormat.of().formatHex(s.get(1).frame(), 54, 58)).as("IPv4 SYN-ACK").isEqualTo("020405b4");
        assertThat(s.get(0).frame()).hasSize(58);
        assertThat(s.get(2).frame()).as("later segments: bare header").hasSize(54);
        assertThat(HexFormat.of().formatHex(s.get(6).frame(), 74, 78)).as("IPv6 SYN: MSS 1440").isEqualTo("020405a0");
        assertThat(HexFormat.of().formatHex(s.get(7).frame(), 74, 78)).as("IPv6 SYN-ACK").isEqualTo("020405a0");
    }

    static Stream<Arguments> bursts() {
        return Stream.of(
                argumentSet("one byte", "10.0.0.1", true, 1, "c PA 1, s A 0"),
                argumentSet("one byte short of the MSS", "10.0.0.1", true, 1459, "c PA 1459, s A 0"),
                argumentSet("exactly the MSS", "10.0.0.1", true, 1460, "c PA 1460, s A 0"),
                argumentSet("one byte over the MSS", "10.0.0.1", true, 1461, "c A 1460, c PA 1, s A 0"),
                argumentSet("two full segments: one ACK", "10.0.0.1", true, 2920, "c A 1460, c PA 1460, s A 0"),
                argumentSet("two and a bit", "10.0.0.1", true, 2921, "c A 1460, c A 1460, s A 0, c PA 1, s A 0"),
                argumentSet("three MSS and one byte", "10.0.0.1", true, 3 * 1460 + 1,
                        "c A 1460, c A 1460, s A 0, c A 1460, c PA 1, s A 0"),
                argumentSet("the server's bytes, the client's ACK", "10.0.0.1", false, 1461, "s A 1460, s PA 1, c A 0"),
                argumentSet("IPv6: MSS 1440", "2001:db8::1", true, 1441, "c A 1440, c PA 1, s A 0"),
                argumentSet("IPv6, four full segments", "2001:db8::1", false, 4 * 1440,
                        "s A 1440, s A 1440, c A 0, s A 1440, s PA 1440, c A 0"),
                argumentSet("nothing: no segment", "10.0.0.1", true, 0, ""));
    }

    @ParameterizedTest
    @MethodSource("bursts")
    void aBurstIsSplitAtTheMssPushedAtTheEndAndAcknowledged(String clientHost, boolean fromClient, int length,
                                                           String shapes) throws Exception {
        byte[] garbage = new byte[length];
        new SplittableRandom(length).nextBytes(garbage);
        InetSocketAddress server = clientHost.contains(":") ? at("2001:db8::2", 502) : SERVER;
        Path file = dir.resolve("b.pcap");
        try (TcpConversationRecorder r = TcpConversationRecorder.create(file)) {
            Conversation c = r.open(at(clientHost, 40_000), server, T0);
            boolean recorded = fromClient ? c.clientData(T0 + 1, garbage) : c.serverData(T0 + 1, garbage);
            assertThat(recorded).isTrue();
            int before = (int) r.packets();
            c.close(T0 + 2, true);
            assertThat(before).as("handshake and burst").isEqualTo(3 + (shapes.isEmpty() ? 0 : shapes.split(", ").length));
        }
        ReadBack rb = ReadBack.of(file);
        rb.assertClean();
        String burst = rb.shapes(3, 502);
        assertThat(burst).isEqualTo(shapes.isEmpty() ? "c FA 0, s FA 0, c A 0" : shapes + ", c FA 0, s FA 0, c A 0");
        ReadBack.Stream f = rb.flows.getFirst();
        assertThat(fromClient ? f.toServer.toByteArray() : f.toClient.toByteArray()).isEqualTo(garbage);
    }

    @Test
    void aResetIsOneRstAtTheSendersNextSequenceNumber() throws Exception {
        Path file = dir.resolve("rst.pcap");
        try (TcpConversationRecorder r = TcpConversationRecorder.create(file)) {
            Conversation c = r.open(CLIENT, SERVER, T0, 100, 5000, 0, 0);
            c.clientData(T0 + 1, ModbusAdus.READ_REQUEST);
            assertThat(c.reset(T0 + 2, false)).isTrue();
            assertThat(c.isOpen()).isFalse();
            assertThat(c.reset(T0 + 3, true)).as("already over").isFalse();
            assertThat(c.close(T0 + 3, true)).isFalse();
            assertThat(c.serverData(T0 + 3, ModbusAdus.READ_RESPONSE)).isFalse();
        }
        ReadBack rb = ReadBack.of(file);
        rb.assertClean();
        assertThat(rb.shapes(3, 502)).isEqualTo("c PA 12, s A 0, s RA 0");
        ReadBack.Segment rst = rb.segments.getLast();
        assertThat(rst.seq()).isEqualTo(5001);
        assertThat(rst.ack()).isEqualTo(113);
        assertThat(rb.flows).singleElement().satisfies(f -> assertThat(f.end).isEqualTo(FlowEndReason.RST));
    }
}
