package io.statewall.capture.flow;

import static io.statewall.capture.flow.Wire.ACK;
import static io.statewall.capture.flow.Wire.FIN;
import static io.statewall.capture.flow.Wire.RST;
import static io.statewall.capture.flow.Wire.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TCP reassembly as a table: each case is a sequence of segments, written with sequence and
 * acknowledgement numbers relative to each side's initial sequence number, and the exact
 * callback log it must produce. Every case runs with several initial sequence numbers, among
 * them ones a few bytes below 2<sup>32</sup> so the case's bytes straddle the wrap.
 *
 * <p>Log lines: {@code >abc} bytes to the server, {@code <abc} to the client, {@code >gap 3}
 * bytes lost to the server; the handler consumes everything it is offered. Every case ends
 * with {@code finish()}.
 */
class TcpReassemblyTableTest {

    /** One segment. {@code seq} is relative to the sender's ISN, {@code ack} to the peer's. */
    record Seg(boolean fromClient, long seq, long ack, int flags, String payload) {
    }

    record Expect(String counter, ToLongFunction<FlowTable> read, long value) {
    }

    record Case(String name, List<Seg> segments, List<String> log, List<Expect> counters) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Client and server ISNs: plain, wrapping inside the first bytes, at the 2^31 boundary. */
    private static final long[][] ISNS = {
            {1_000L, 7_000_000L},
            {0xFFFF_FFFCL, 0xFFFF_FFFEL},
            {0x7FFF_FFFDL, 0xFFFF_FFF9L},
    };

    static Seg c(long seq, String payload) { return new Seg(true, seq, 0, ACK, payload); }
    static Seg c(long seq, int flags) { return new Seg(true, seq, 0, flags, ""); }
    static Seg c(long seq, int flags, String payload) { return new Seg(true, seq, 0, flags, payload); }
    static Seg s(long seq, String payload) { return new Seg(false, seq, 0, ACK, payload); }
    static Seg s(long seq, int flags) { return new Seg(false, seq, 0, flags, ""); }
    static Seg s(long seq, int flags, long ack) { return new Seg(false, seq, ack, flags, ""); }
    static Seg cAck(long seq, long ack) { return new Seg(true, seq, ack, ACK, ""); }

    static Expect retransmitted(long v) { return new Expect("retransmittedBytes", FlowTable::retransmittedBytes, v); }
    static Expect overlap(long v) { return new Expect("overlapBytes", FlowTable::overlapBytes, v); }
    static Expect conflicts(long v) { return new Expect("overlapConflicts", FlowTable::overlapConflicts, v); }
    static Expect outOfOrder(long v) { return new Expect("outOfOrderSegments", FlowTable::outOfOrderSegments, v); }
    static Expect outOfWindow(long v) { return new Expect("outOfWindowSegments", FlowTable::outOfWindowSegments, v); }
    static Expect gapBytes(long v) { return new Expect("gapBytes", FlowTable::gapBytes, v); }
    static Expect afterFin(long v) { return new Expect("bytesAfterFin", FlowTable::bytesAfterFin, v); }
    static Expect created(long v) { return new Expect("flowsCreated", FlowTable::flowsCreated, v); }
    static Expect ignored(long v) { return new Expect("packetsIgnored", FlowTable::packetsIgnored, v); }

    static Case when(String name, List<Seg> segments, List<String> log, Expect... counters) {
        return new Case(name, segments, log, List.of(counters));
    }

    static List<Case> cases() {
        return List.of(
                when("in order, picked up mid-stream (no gap for what came before)",
                        List.of(c(0, "abc"), c(3, "def"), s(0, "xyz")),
                        List.of("start", ">abc", ">def", "<xyz", "end END_OF_INPUT"),
                        gapBytes(0), outOfOrder(0)),
                when("handshake, request, response: SYN takes one sequence number",
                        List.of(c(0, SYN), s(0, SYN | ACK, 1), c(1, ACK), c(1, "req"), s(1, "resp")),
                        List.of("start", ">req", "<resp", "end END_OF_INPUT")),
                when("SYN carrying data: the data starts after the SYN's number",
                        List.of(c(0, SYN, "tfo"), c(4, "next")),
                        List.of("start", ">tfo", ">next", "end END_OF_INPUT")),
                when("out of order 3-2-1: held until the hole fills, then one contiguous offer",
                        List.of(c(0, SYN), c(7, "ghi"), c(4, "def"), c(1, "abc")),
                        List.of("start", ">abcdefghi", "end END_OF_INPUT"),
                        outOfOrder(2), gapBytes(0)),
                when("duplicates of delivered data are dropped and counted",
                        List.of(c(0, "abc"), c(0, "abc"), c(3, "def"), c(1, "bc")),
                        List.of("start", ">abc", ">def", "end END_OF_INPUT"),
                        retransmitted(5), overlap(0), conflicts(0)),
                when("duplicate of a queued segment is dropped",
                        List.of(c(0, SYN), c(4, "def"), c(4, "def"), c(1, "abc")),
                        List.of("start", ">abcdef", "end END_OF_INPUT"),
                        retransmitted(3), outOfOrder(2)),
                when("partial overlap with delivered data: trimmed to the new part",
                        List.of(c(0, "abc"), c(1, "bcde")),
                        List.of("start", ">abc", ">de", "end END_OF_INPUT"),
                        overlap(2), conflicts(0)),
                when("partial overlap with different bytes over consumed data: trimmed, not comparable",
                        List.of(c(0, SYN), c(1, "abc"), c(7, "ghi"), c(2, "XYdefg")),
                        // "abc" was consumed at once, so "XY" (over "bc") cannot be compared any more;
                        // "g" over the queued "g" can, and is the same: no conflict.
                        List.of("start", ">abc", ">defghi", "end END_OF_INPUT"),
                        overlap(3), conflicts(0)),
                when("overlap inside the queue with different bytes: first copy wins, conflict counted",
                        List.of(c(0, SYN), c(6, "fgh"), c(5, "eXYZi"), c(1, "abcd")),
                        List.of("start", ">abcdefghi", "end END_OF_INPUT"),
                        overlap(3), conflicts(1)),
                when("hole at end of input: reported, then the queued bytes delivered",
                        List.of(c(0, SYN), c(1, "abc"), c(7, "ghi")),
                        List.of("start", ">abc", ">gap 3", ">ghi", "end END_OF_INPUT"),
                        gapBytes(3)),
                when("peer ACK beyond the hole: the bytes were sent but not captured",
                        List.of(c(0, SYN), s(0, SYN | ACK, 1), c(1, "abc"), c(7, "ghi"), s(1, ACK, 10), c(10, "jk")),
                        List.of("start", ">abc", ">gap 3", ">ghi", ">jk", "end END_OF_INPUT"),
                        gapBytes(3)),
                when("peer ACK overtaking data not yet seen (mirror reordering) does not skip",
                        List.of(c(0, SYN), s(0, SYN | ACK, 1), s(1, ACK, 7), c(1, "abc"), c(4, "def")),
                        List.of("start", ">abc", ">def", "end END_OF_INPUT"),
                        gapBytes(0)),
                when("peer ACK stops at the data seen, the rest of the hole waits",
                        List.of(c(0, SYN), s(0, SYN | ACK, 1), c(4, "def"), s(1, ACK, 3), s(1, ACK, 100), c(7, "gh")),
                        // ACK 3 skips bytes 1..2, ACK 100 only up to 4 where "def" starts
                        List.of("start", ">gap 2", ">gap 1", ">def", ">gh", "end END_OF_INPUT"),
                        gapBytes(3)),
                when("FIN both ways ends the flow; the last ACK opens nothing",
                        List.of(c(0, SYN), s(0, SYN | ACK, 1), c(1, "q"), s(1, "r"),
                                c(2, FIN | ACK), s(2, FIN | ACK, 3), cAck(3, 3)),
                        List.of("start", ">q", "<r", "end FIN"),
                        created(1), ignored(1)),
                when("FIN behind a hole: both FINs end the flow across the hole",
                        List.of(c(0, SYN), s(0, SYN | ACK, 1), c(1, "abc"), c(7, FIN | ACK, "ghi"), s(1, FIN | ACK)),
                        List.of("start", ">abc", ">gap 3", ">ghi", "end FIN"),
                        gapBytes(3)),
                when("FIN alone with nothing lost: the flow waits for the other side",
                        List.of(c(0, "abc"), c(3, FIN | ACK)),
                        List.of("start", ">abc", "end END_OF_INPUT")),
                when("data after FIN is dropped and counted",
                        List.of(c(0, "abc"), c(3, FIN | ACK), c(4, "zzz"), c(2, FIN | ACK, "cX")),
                        List.of("start", ">abc", "end END_OF_INPUT"),
                        afterFin(4)),
                when("RST ends the flow after delivering the queue across its hole",
                        List.of(c(0, SYN), c(1, "abc"), c(7, "ghi"), s(0, RST | ACK, 10)),
                        List.of("start", ">abc", ">gap 3", ">ghi", "end RST")),
                when("RST far from the expected sequence number is ignored (blind injection)",
                        List.of(c(0, "abc"), c(3 + 1_000_000, RST), c(3, "def")),
                        List.of("start", ">abc", ">def", "end END_OF_INPUT"),
                        outOfWindow(1)),
                when("new SYN on a closed 5-tuple starts a new flow",
                        List.of(c(0, SYN), c(1, "one"), c(4, RST), c(4, ACK), c(1000, SYN), c(1001, "two")),
                        List.of("start", ">one", "end RST", "start", ">two", "end END_OF_INPUT"),
                        created(2), ignored(1)),
                when("lone RST or stray segments of a closed flow open nothing",
                        List.of(s(5, RST | ACK, 1)),
                        List.of(), created(0), ignored(1)),
                when("segment beyond the buffer, no ACKs from the peer: resynchronise on it",
                        List.of(c(0, "abc"), c(300_003, "xyz")),
                        List.of("start", ">abc", ">gap 300000", ">xyz", "end END_OF_INPUT"),
                        gapBytes(300_000)),
                when("segment beyond the buffer while the peer ACKs: held off until an ACK proves the hole",
                        List.of(c(0, "abc"), s(0, ACK, 3), c(300_003, "xyz"), s(0, ACK, 300_006), c(300_006, "ok")),
                        List.of("start", ">abc", ">gap 300003", ">ok", "end END_OF_INPUT"),
                        outOfWindow(1), gapBytes(300_003)));
    }

    static Stream<Arguments> casesWithIsns() {
        List<Arguments> all = new ArrayList<>();
        for (Case c : cases()) {
            for (long[] isn : ISNS) {
                all.add(Arguments.of(c, Long.toHexString(isn[0]) + "/" + Long.toHexString(isn[1]), isn[0], isn[1]));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} [isn {1}]")
    @MethodSource("casesWithIsns")
    void replaysTheCase(Case c, String label, long clientIsn, long serverIsn) {
        RecordingHandler handler = new RecordingHandler();
        FlowTable table = new FlowTable(FlowLimits.defaults(), handler, 502);
        long ts = 1_700_000_000_000_000_000L;
        for (Seg seg : c.segments()) {
            long seq = (seg.fromClient() ? clientIsn : serverIsn) + seg.seq();
            long ack = (seg.fromClient() ? serverIsn : clientIsn) + seg.ack();
            table.process(Wire.tcp(seg.fromClient(), seq, ack, seg.flags(), Wire.ascii(seg.payload()), ts));
            ts += 1_000;
        }
        table.finish(ts);

        assertThat(handler.log).as(c.name()).containsExactlyElementsOf(c.log());
        for (Expect e : c.counters()) {
            assertThat(e.read().applyAsLong(table)).as(e.counter()).isEqualTo(e.value());
        }
        assertThat(table.gapBytes()).as("gapBytes counter vs handler").isEqualTo(handler.gapBytes);
        assertThat(table.gaps()).as("gaps counter vs handler").isEqualTo(handler.gaps);
        assertThat(table.activeFlows()).isZero();
        assertThat(table.bufferedBytes()).isZero();
    }
}
