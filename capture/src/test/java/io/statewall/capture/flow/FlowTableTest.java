package io.statewall.capture.flow;

import static io.statewall.capture.flow.Wire.ACK;
import static io.statewall.capture.flow.Wire.FIN;
import static io.statewall.capture.flow.Wire.PSH;
import static io.statewall.capture.flow.Wire.RST;
import static io.statewall.capture.flow.Wire.SYN;
import static io.statewall.capture.flow.Wire.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.capture.Packet;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlowTableTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final RecordingHandler handler = new RecordingHandler();

    private FlowTable table(FlowLimits limits) {
        return new FlowTable(limits, handler, 502, 20_000, 2404, 102, 44_818);
    }

    // --- orientation -------------------------------------------------------------------------

    /** (first packet's ports, flags) → whether its sender became the client. */
    static Stream<Arguments> orientation() {
        return Stream.of(
                Arguments.of("SYN sender is the client, whatever the ports", 502, 49_152, SYN, true, true),
                Arguments.of("SYN+ACK sender is the server, whatever the ports", 49_152, 502, SYN | ACK, false, true),
                Arguments.of("mid-stream: sent to a service port → client", 49_152, 502, ACK | PSH, true, false),
                Arguments.of("mid-stream: sent from a service port → server", 502, 49_152, ACK | PSH, false, false),
                Arguments.of("mid-stream: service port beats lower port", 40, 2404, ACK, true, false),
                Arguments.of("mid-stream, no service port: lower port is the server", 8080, 50_000, ACK, false, false),
                Arguments.of("mid-stream, no service port: to the lower port → client", 50_000, 8080, ACK, true, false),
                Arguments.of("mid-stream, both service ports: lower port is the server", 20_000, 502, ACK, true, false),
                Arguments.of("SYN with garbage FIN|RST|PSH bits: RST wins, nothing opens", 49_152, 502, SYN | FIN | RST | PSH, null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orientation")
    void orientsTheFlow(String name, int srcPort, int dstPort, int flags, Boolean senderIsClient, boolean handshake) {
        FlowTable t = table(FlowLimits.defaults());
        Packet p = Wire.packet(Packet.PROTO_TCP, 0x0A00_0005L, srcPort, 0x0A00_0006L, dstPort, 100, 0, flags, new byte[0], T0);
        t.process(p);
        if (senderIsClient == null) {
            assertThat(handler.started).isEmpty();
            return;
        }
        Flow f = handler.started.getFirst();
        assertThat(f.clientPort()).isEqualTo(senderIsClient ? srcPort : dstPort);
        assertThat(f.serverPort()).isEqualTo(senderIsClient ? dstPort : srcPort);
        assertThat(f.clientAddrLo()).isEqualTo(senderIsClient ? 0x0A00_0005L : 0x0A00_0006L);
        assertThat(f.serverAddrLo()).isEqualTo(senderIsClient ? 0x0A00_0006L : 0x0A00_0005L);
        assertThat(f.sawHandshake()).isEqualTo(handshake);
        assertThat(senderIsClient ? f.packetsToServer() : f.packetsToClient()).isEqualTo(1);
    }

    @Test
    void bothDirectionsShareOneFlowAndItsIdAndCountItsPackets() {
        FlowTable t = table(FlowLimits.defaults());
        t.process(Wire.tcp(true, 10, 0, SYN, new byte[0], T0));
        t.process(Wire.tcp(false, 90, 11, SYN | ACK, new byte[0], T0 + 1));
        t.process(Wire.tcp(true, 11, 91, ACK, ascii("hello"), T0 + 2));
        assertThat(handler.started).hasSize(1);
        Flow f = handler.started.getFirst();
        assertThat(f.flowId()).isPositive();
        assertThat(f.ipVersion()).isEqualTo(4);
        assertThat(f.protocol()).isEqualTo(Packet.PROTO_TCP);
        assertThat(f.packetsToServer()).isEqualTo(2);
        assertThat(f.packetsToClient()).isEqualTo(1);
        assertThat(f.bytesToServer()).isEqualTo(2 * Wire.HEADERS + 5);
        assertThat(f.bytesToClient()).isEqualTo(Wire.HEADERS);
        assertThat(f.startNanos()).isEqualTo(T0);
        assertThat(f.lastSeenNanos()).isEqualTo(T0 + 2);

        // Same capture, fresh table (another random slot seed): same flow id.
        RecordingHandler other = new RecordingHandler();
        FlowTable t2 = new FlowTable(FlowLimits.defaults(), other, 502);
        t2.process(Wire.tcp(false, 90, 11, SYN | ACK, new byte[0], T0)); // opened from the other side this time
        assertThat(other.started.getFirst().flowId()).isEqualTo(f.flowId());
    }

    @Test
    void flowIdDiffersForAnotherTupleAndForAReuseOfTheTupleLater() {
        FlowTable t = table(FlowLimits.defaults());
        t.process(Wire.tcp(true, 10, 0, SYN, new byte[0], T0));
        t.process(Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 49_153, Wire.SERVER_IP, 502, 10, 0, SYN, new byte[0], T0));
        t.process(Wire.tcp(true, 11, 0, RST, new byte[0], T0 + 1));
        t.process(Wire.tcp(true, 5000, 0, SYN, new byte[0], T0 + 100 * SECOND));
        assertThat(handler.started).hasSize(3);
        assertThat(handler.started).extracting(Flow::flowId).doesNotHaveDuplicates().allMatch(id -> id > 0);
    }

    @Test
    void ipv6AddressesUseBothWords() {
        FlowTable t = table(FlowLimits.defaults());
        Packet p = new Packet();
        byte[] frame = new byte[Wire.HEADERS + 2];
        p.setFrame(MemorySegment.ofArray(frame), 0, frame.length, frame.length, T0, 0, 1, 1);
        p.setDecoded(6, 0x2001_0db8_0000_0000L, 1, 0x2001_0db8_0000_0000L, 2, Packet.PROTO_TCP, 50_000, 502, 1, 0, ACK, Wire.HEADERS, 2);
        t.process(p);
        Packet q = new Packet();
        q.setFrame(MemorySegment.ofArray(frame), 0, frame.length, frame.length, T0, 0, 1, 2);
        // Same low words, other high word: a different flow.
        q.setDecoded(6, 0x2001_0db8_0000_0001L, 1, 0x2001_0db8_0000_0000L, 2, Packet.PROTO_TCP, 50_000, 502, 1, 0, ACK, Wire.HEADERS, 2);
        t.process(q);
        assertThat(handler.started).hasSize(2);
        assertThat(handler.started.getFirst().clientAddrHi()).isEqualTo(0x2001_0db8_0000_0000L);
        assertThat(handler.started.get(1).clientAddrHi()).isEqualTo(0x2001_0db8_0000_0001L);
    }

    // --- what is not a flow ------------------------------------------------------------------

    @Test
    void ignoresWhatIsNotTcpOrUdpOverIp() {
        FlowTable t = table(FlowLimits.defaults());
        t.process(Wire.packet(1, Wire.CLIENT_IP, 0, Wire.SERVER_IP, 0, 0, 0, 0, ascii("icmp"), T0)); // ICMP
        t.process(new Packet()); // nothing decoded at all
        Packet noIp = new Packet();
        noIp.setFrame(MemorySegment.ofArray(new byte[60]), 0, 60, 60, T0, 0, 1, 3);
        t.process(noIp); // frame set, decoder found no IP
        assertThat(handler.log).isEmpty();
        assertThat(t.packetsProcessed()).isEqualTo(3);
        assertThat(t.packetsIgnored()).isEqualTo(3);
        assertThat(t.flowsCreated()).isZero();
    }

    // --- UDP ---------------------------------------------------------------------------------

    @Test
    void udpDeliversEachDatagramAloneAndDropsWhatIsNotConsumed() {
        RecordingHandler firstTwoBytes = new RecordingHandler() { // whole 2-byte frames only
            @Override
            protected int consume(Flow flow, boolean toServer, byte[] offered) {
                return offered.length / 2 * 2;
            }
        };
        FlowTable t = new FlowTable(FlowLimits.defaults(), firstTwoBytes, 20_000);
        t.process(Wire.udp(true, ascii("abcde"), T0));
        t.process(Wire.udp(false, ascii("xyz"), T0 + 1));
        t.process(Wire.udp(true, ascii("fg"), T0 + 2));
        t.process(Wire.udp(true, new byte[0], T0 + 3)); // an empty datagram is still a packet
        t.finish(T0 + 4);
        // "abcde": 4 consumed, "e" offered once more (progress was made), not taken, dropped;
        // the next datagram starts afresh ("fg", not "efg").
        assertThat(firstTwoBytes.log).containsExactly("start", ">abcde/4", ">e/0",
                "<xyz/2", "<z/0", ">fg", "end END_OF_INPUT");
        Flow f = firstTwoBytes.started.getFirst();
        assertThat(f.protocol()).isEqualTo(Packet.PROTO_UDP);
        assertThat(f.serverPort()).isEqualTo(20_000);
        assertThat(f.packetsToServer()).isEqualTo(3);
        assertThat(f.packetsToClient()).isEqualTo(1);
        assertThat(t.bufferedBytes()).isZero();
    }

    // --- idle timeout and eviction -----------------------------------------------------------

    @Test
    void idleTimeoutIsShortForHalfOpenAndUdpAndLongForEstablishedTcp() {
        FlowTable t = table(FlowLimits.defaults());
        // established TCP (both directions seen)
        t.process(Wire.tcp(true, 1, 0, SYN, new byte[0], T0));
        t.process(Wire.tcp(false, 1, 2, SYN | ACK, new byte[0], T0));
        // half-open TCP and UDP on other tuples
        t.process(Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_000, Wire.SERVER_IP, 502, 1, 0, SYN, new byte[0], T0));
        t.process(Wire.udp(true, ascii("u"), T0));
        assertThat(t.activeFlows()).isEqualTo(3);

        // 59 s later nothing expired; at 60 s the short timeout fires (checked at most once a second).
        tick(t, T0 + 59 * SECOND);
        assertThat(handler.ended).isEmpty();
        tick(t, T0 + 60 * SECOND);
        assertThat(handler.log).containsSubsequence("end IDLE_TIMEOUT", "end IDLE_TIMEOUT");
        assertThat(handler.ended).extracting(Flow::clientPort).containsExactlyInAnyOrder(40_000, Wire.CLIENT_PORT)
                .hasSize(2);
        assertThat(handler.ended).allMatch(f -> f.protocol() == Packet.PROTO_UDP || f.clientPort() == 40_000);
        int tickFlows = 1; // the flow opened by tick() itself
        assertThat(t.activeFlows()).isEqualTo(1 + tickFlows);

        tick(t, T0 + 599 * SECOND);
        assertThat(handler.ended).noneMatch(f -> f.protocol() == Packet.PROTO_TCP && f.clientPort() == Wire.CLIENT_PORT);
        tick(t, T0 + 600 * SECOND);
        assertThat(handler.ended).anyMatch(f -> f.protocol() == Packet.PROTO_TCP && f.clientPort() == Wire.CLIENT_PORT);
        // half-open TCP, UDP, the established flow, and the first tick flow (idle since 60 s)
        assertThat(t.flowsTimedOut()).isEqualTo(4);
    }

    /** A packet of an unrelated flow, so that capture time advances. */
    private static void tick(FlowTable t, long ts) {
        t.process(Wire.packet(Packet.PROTO_TCP, 0x0B00_0001L, 1111, 0x0B00_0002L, 2222, 1, 0, ACK, new byte[0], ts));
    }

    @Test
    void activityKeepsAFlowAliveAndTimeGoingBackwardsExpiresNothing() {
        FlowTable t = table(FlowLimits.defaults());
        for (int s = 0; s <= 300; s += 30) {
            t.process(Wire.udp(true, ascii("poll"), T0 + s * SECOND));
        }
        t.process(Wire.udp(true, ascii("old"), T0 - 1000 * SECOND)); // a timestamp from the past
        assertThat(handler.ended).isEmpty();
        assertThat(handler.started.getFirst().lastSeenNanos()).isEqualTo(T0 + 300 * SECOND);
    }

    @Test
    void whenFullTheLeastRecentlySeenFlowIsEvicted() {
        FlowTable t = table(FlowLimits.defaults().withMaxFlows(2));
        Packet a = Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_001, Wire.SERVER_IP, 502, 1, 0, ACK, ascii("a"), T0);
        Packet b = Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_002, Wire.SERVER_IP, 502, 1, 0, ACK, ascii("b"), T0 + 1);
        Packet a2 = Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_001, Wire.SERVER_IP, 502, 2, 0, ACK, ascii("A"), T0 + 2);
        Packet c = Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_003, Wire.SERVER_IP, 502, 1, 0, ACK, ascii("c"), T0 + 3);
        t.process(a);
        t.process(b);
        t.process(a2); // a is now more recent than b
        t.process(c);
        assertThat(handler.ended).hasSize(1);
        assertThat(handler.ended.getFirst().clientPort()).isEqualTo(40_002);
        assertThat(handler.log).containsExactly("start", ">a", "start", ">b", ">A", "end EVICTED", "start", ">c");
        assertThat(t.flowsEvicted()).isEqualTo(1);
        assertThat(t.activeFlows()).isEqualTo(2);
    }

    @Test
    void closedFlowsAreEvictedFirstAndSilently() {
        FlowTable t = table(FlowLimits.defaults().withMaxFlows(2));
        t.process(Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_001, Wire.SERVER_IP, 502, 1, 0, ACK, ascii("a"), T0));
        t.process(Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_002, Wire.SERVER_IP, 502, 1, 0, ACK, ascii("b"), T0 + 1));
        t.process(Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_002, Wire.SERVER_IP, 502, 2, 0, RST, new byte[0], T0 + 2));
        t.process(Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_003, Wire.SERVER_IP, 502, 1, 0, ACK, ascii("c"), T0 + 3));
        assertThat(handler.log).containsExactly("start", ">a", "start", ">b", "end RST", "start", ">c");
        assertThat(t.flowsEvicted()).isZero();
        // the closed flow is gone from the table: a packet on its tuple opens a new flow
        t.process(Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_002, Wire.SERVER_IP, 502, 9, 0, ACK, ascii("d"), T0 + 4));
        assertThat(handler.log).endsWith("end EVICTED", "start", ">d");
    }

    @Test
    void closedFlowsLingerForTheShortTimeoutOnly() {
        FlowTable t = table(FlowLimits.defaults());
        t.process(Wire.tcp(true, 1, 0, ACK, ascii("a"), T0));
        t.process(Wire.tcp(true, 2, 0, RST, new byte[0], T0));
        t.process(Wire.tcp(true, 2, 0, ACK, ascii("late"), T0 + 30 * SECOND)); // absorbed
        assertThat(t.flowsCreated()).isEqualTo(1);
        t.process(Wire.tcp(true, 6, 0, ACK, ascii("new"), T0 + 61 * SECOND)); // linger over: a new flow
        assertThat(t.flowsCreated()).isEqualTo(2);
        assertThat(handler.log).containsExactly("start", ">a", "end RST", "start", ">new");
    }

    @Test
    void finishEndsEveryFlowAndEmptiesTheTable() {
        FlowTable t = table(FlowLimits.defaults());
        for (int i = 0; i < 100; i++) {
            t.process(Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 30_000 + i, Wire.SERVER_IP, 502, 1, 0, ACK, ascii("x"), T0 + i));
        }
        t.finish(T0 + SECOND);
        assertThat(handler.ended).hasSize(100);
        assertThat(handler.ended.getFirst().clientPort()).isEqualTo(30_000); // least recently seen first
        assertThat(t.activeFlows()).isZero();
        t.process(Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 30_000, Wire.SERVER_IP, 502, 2, 0, ACK, ascii("y"), T0 + 2 * SECOND));
        assertThat(t.flowsCreated()).isEqualTo(101);
    }

    // --- limits --------------------------------------------------------------------------------

    @Test
    void fullOutOfOrderQueueGivesUpTheFirstHoleThenTheRestAtTheEnd() {
        FlowTable t = table(FlowLimits.defaults().withBuffers(1024, 1 << 20, 2));
        t.process(Wire.tcp(true, 0, 0, SYN, new byte[0], T0));
        t.process(Wire.tcp(true, 3, 0, ACK, ascii("b"), T0));
        t.process(Wire.tcp(true, 5, 0, ACK, ascii("d"), T0));
        t.process(Wire.tcp(true, 7, 0, ACK, ascii("f"), T0)); // a third range: over the limit of 2
        assertThat(handler.log).containsExactly("start", ">gap 2", ">b");
        t.finish(T0 + 1);
        assertThat(handler.log).containsExactly("start", ">gap 2", ">b", ">gap 1", ">d", ">gap 1", ">f", "end END_OF_INPUT");
        assertThat(t.gaps()).isEqualTo(3);
        assertThat(t.gapBytes()).isEqualTo(4);
    }

    @Test
    void handlerThatCannotMakeProgressLosesItsBytesAtThePerDirectionLimit() {
        RecordingHandler never = new RecordingHandler() {
            @Override
            protected int consume(Flow flow, boolean toServer, byte[] offered) {
                return 0;
            }
        };
        FlowTable t = new FlowTable(FlowLimits.defaults().withBuffers(8, 1 << 20, 4), never, 502);
        t.process(Wire.tcp(true, 0, 0, ACK, ascii("abcde"), T0));
        t.process(Wire.tcp(true, 5, 0, ACK, ascii("fg"), T0));
        t.process(Wire.tcp(true, 7, 0, ACK, ascii("hij"), T0)); // 7 held + 3 > 8
        t.process(Wire.tcp(true, 10, 0, ACK, ascii("0123456789"), T0)); // alone longer than the buffer
        assertThat(never.log).containsExactly("start", ">abcde/0", ">abcdefg/0", ">gap 7", ">hij/0",
                ">gap 3", ">0123456789/0", ">gap 10");
        assertThat(t.bufferedBytes()).isZero();
    }

    @Test
    void conflictingRetransmissionOfUnconsumedBytesIsCounted() {
        RecordingHandler frames4 = new RecordingHandler() { // consumes whole 4-byte frames only
            @Override
            protected int consume(Flow flow, boolean toServer, byte[] offered) {
                return offered.length / 4 * 4;
            }
        };
        FlowTable t = new FlowTable(FlowLimits.defaults(), frames4, 502);
        t.process(Wire.tcp(true, 0, 0, ACK, ascii("abcdef"), T0)); // "ef" held
        t.process(Wire.tcp(true, 4, 0, ACK, ascii("ef"), T0)); // same bytes
        t.process(Wire.tcp(true, 4, 0, ACK, ascii("eX"), T0)); // different bytes: evasion sign
        t.process(Wire.tcp(true, 5, 0, ACK, ascii("Ygh"), T0)); // overlap differing, then new
        // after a partial consumption the rest is offered once more at once ("ef", not taken)
        assertThat(frames4.log).containsExactly("start", ">abcdef/4", ">ef/0", ">efgh");
        assertThat(t.retransmittedBytes()).isEqualTo(4);
        assertThat(t.overlapBytes()).isEqualTo(1);
        assertThat(t.overlapConflicts()).isEqualTo(2);
    }

    @Test
    void overTheTotalBudgetTheBiggestHolderGivesUpItsQueue() {
        FlowTable t = table(FlowLimits.defaults().withBuffers(16 * 1024, 16 * 1024, 64));
        // flow A: a small hole with 1000 bytes behind it (a 4 KiB buffer)
        Packet aSyn = Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_001, Wire.SERVER_IP, 502, 0, 0, SYN, new byte[0], T0);
        Packet aLate = Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_001, Wire.SERVER_IP, 502, 11, 0, ACK, new byte[1000], T0);
        // flow B: 9000 bytes behind a hole (a 16 KiB buffer): together over 16 KiB
        Packet bSyn = Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_002, Wire.SERVER_IP, 502, 0, 0, SYN, new byte[0], T0);
        Packet bLate = Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, 40_002, Wire.SERVER_IP, 502, 101, 0, ACK, new byte[9000], T0);
        t.process(aSyn);
        t.process(aLate);
        t.process(bSyn);
        assertThat(t.bufferedBytes()).isEqualTo(4096);
        t.process(bLate);
        assertThat(t.memcapGiveUps()).isEqualTo(1);
        assertThat(handler.log).containsExactly("start", "start", ">gap 100", ">" + "\0".repeat(9000));
        assertThat(t.bufferedBytes()).isEqualTo(4096); // A keeps its queue
        t.finish(T0 + 1);
        assertThat(handler.log).contains(">gap 10", ">" + "\0".repeat(1000));
    }

    @Test
    void aHandlerConsumingMoreThanOfferedIsAProgrammingError() {
        StreamHandler greedy = new RecordingHandler() {
            @Override
            public int onData(Flow flow, boolean toServer, MemorySegment data, long offset, int length, long ts) {
                return length + 1;
            }
        };
        FlowTable t = new FlowTable(FlowLimits.defaults(), greedy, 502);
        assertThatThrownBy(() -> t.process(Wire.tcp(true, 0, 0, ACK, ascii("abc"), T0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("consumed 4 of 3");
    }

    @Test
    void limitsAreValidated() {
        FlowLimits d = FlowLimits.defaults();
        assertThat(d.maxFlows()).isEqualTo(65_536);
        assertThat(d.tcpEstablishedIdleTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(d.udpAndHalfOpenIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.maxBufferedBytesPerDirection()).isEqualTo(256 * 1024);
        assertThat(d.maxBufferedBytesTotal()).isEqualTo(256L * 1024 * 1024);
        assertThat(d.maxOutOfOrderSegmentsPerDirection()).isEqualTo(64);
        List<Runnable> bad = List.of(
                () -> d.withMaxFlows(0),
                () -> d.withIdleTimeouts(Duration.ZERO, Duration.ofSeconds(1)),
                () -> d.withIdleTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1)),
                () -> d.withBuffers(0, 1 << 20, 1),
                () -> d.withBuffers(1024, 512, 1),
                () -> d.withBuffers(1024, 1 << 20, 0),
                () -> new FlowTable(d, handler, 70_000));
        for (Runnable r : bad) {
            assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
