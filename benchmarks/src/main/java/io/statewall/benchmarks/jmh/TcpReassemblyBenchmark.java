package io.statewall.benchmarks.jmh;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.statewall.capture.Packet;
import io.statewall.capture.flow.Flow;
import io.statewall.capture.flow.FlowEndReason;
import io.statewall.capture.flow.FlowLimits;
import io.statewall.capture.flow.FlowTable;
import io.statewall.capture.flow.StreamHandler;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link FlowTable#process} alone, one operation per TCP data segment: flow lookup, sequence
 * checks and delivery to a {@link StreamHandler} that consumes every byte. Four established
 * Modbus/TCP connections carry one ADU per segment ({@link SegmentSchedule}); with {@code
 * outOfOrderPercent=5}, 5 % of the segments arrive ahead of a hole and are queued until the
 * hole fills.
 *
 * <p>Packets are filled the way a reader and the decoder would, through {@link
 * Packet#setFrame} and {@link Packet#setDecoded} on one reused {@link Packet}, so those stores
 * are part of the measured cost (a few ns).
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
public class TcpReassemblyBenchmark {
    static final int FLOWS = 4;
    static final int TRANSACTIONS_PER_FLOW = 256;
    static final int SEGMENTS = FLOWS * 2 * TRANSACTIONS_PER_FLOW;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final long NANOS_PER_SEGMENT = 1_000;
    private static final long MASK = 0xFFFF_FFFFL;
    private static final int DATA_FLAGS = Packet.TCP_ACK | Packet.TCP_PSH;

    /** Consumes everything, touching one byte of each delivery as a dissector would. */
    static final class ConsumingHandler implements StreamHandler {
        Blackhole blackhole;
        long bytes;
        long gaps;
        int flowsStarted;

        @Override
        public void onFlowStart(Flow flow) {
            flowsStarted++;
        }

        @Override
        public int onData(Flow flow, boolean toServer, MemorySegment data, long offset, int length, long ts) {
            bytes += length;
            blackhole.consume(data.get(JAVA_BYTE, offset));
            return length;
        }

        @Override
        public void onGap(Flow flow, boolean toServer, long missingBytes, long ts) {
            gaps++;
        }

        @Override
        public void onFlowEnd(Flow flow, FlowEndReason reason, long ts) {}
    }

    @Param({"0", "5"})
    public int outOfOrderPercent;

    private SegmentSchedule schedule;
    private MemorySegment data;
    private ConsumingHandler handler;
    private FlowTable table;
    private final Packet packet = new Packet();
    /** Per stream: sequence number of the first byte of the next batch. */
    private long[] base;
    private long clock;
    private long frameNumber;
    private long invocations;

    @Setup(Level.Trial)
    public void setUp() {
        ModbusTraffic traffic = ModbusTraffic.build(TRANSACTIONS_PER_FLOW);
        schedule = SegmentSchedule.build(traffic, FLOWS, outOfOrderPercent, 502);
        data = MemorySegment.ofArray(traffic.bytes);
        handler = new ConsumingHandler();
        table = new FlowTable(FlowLimits.DEFAULT, handler, SegmentSchedule.MODBUS_PORT);
        clock = 1_740_981_600_000_000_000L;
        base = new long[2 * FLOWS];
        SplittableRandom isn = new SplittableRandom(104);
        for (int f = 0; f < FLOWS; f++) {
            handshake(f, isn.nextLong() & MASK, isn.nextLong() & MASK);
        }
        if (table.activeFlows() != FLOWS) {
            throw new IllegalStateException(table.activeFlows() + " flows after the handshakes, not " + FLOWS);
        }
    }

    /** SYN, SYN-ACK, ACK: the connection is established and both streams start after the ISNs. */
    private void handshake(int flow, long clientIsn, long serverIsn) {
        long client = SegmentSchedule.CLIENT_ADDR;
        long server = SegmentSchedule.serverAddr(flow);
        int port = SegmentSchedule.clientPort(flow);
        int modbus = SegmentSchedule.MODBUS_PORT;
        control(client, server, port, modbus, clientIsn, 0, Packet.TCP_SYN);
        control(server, client, modbus, port, serverIsn, clientIsn + 1, Packet.TCP_SYN | Packet.TCP_ACK);
        control(client, server, port, modbus, clientIsn + 1, serverIsn + 1, Packet.TCP_ACK);
        base[2 * flow] = (clientIsn + 1) & MASK;
        base[2 * flow + 1] = (serverIsn + 1) & MASK;
    }

    private void control(long src, long dst, int srcPort, int dstPort, long seq, long ack, int flags) {
        Packet p = packet;
        p.setFrame(data, 0, 0, SegmentSchedule.HEADER_BYTES, clock, 0, LINKTYPE_ETHERNET, ++frameNumber);
        p.setDecoded(4, 0, src, 0, dst, Packet.PROTO_TCP, srcPort, dstPort, seq, ack, flags, 0, 0);
        table.process(p);
        clock += NANOS_PER_SEGMENT;
    }

    @Benchmark
    @OperationsPerInvocation(SEGMENTS)
    public void process(Blackhole bh) {
        handler.blackhole = bh;
        SegmentSchedule s = schedule;
        FlowTable t = table;
        Packet p = packet;
        MemorySegment d = data;
        long[] b = base;
        long ts = clock;
        long frame = frameNumber;
        for (int i = 0; i < SEGMENTS; i++) {
            int st = s.stream[i];
            int off = s.payloadOffset[i];
            int len = s.payloadLength[i];
            p.setFrame(d, off, len, len + SegmentSchedule.HEADER_BYTES, ts, 0, LINKTYPE_ETHERNET, ++frame);
            p.setDecoded(4, 0, s.srcAddr[i], 0, s.dstAddr[i], Packet.PROTO_TCP, s.srcPort[i], s.dstPort[i],
                    b[st] + s.relSeq[i], b[st ^ 1] + s.relAck[i], DATA_FLAGS, off, len);
            t.process(p);
            ts += NANOS_PER_SEGMENT;
        }
        for (int st = 0; st < b.length; st++) {
            b[st] = (b[st] + s.streamBytes[st]) & MASK;
        }
        clock = ts;
        frameNumber = frame;
        invocations++;
    }

    /** A run that lost bytes, reordered other than planned or dropped a flow measured something else. */
    @TearDown(Level.Trial)
    public void verify() {
        long bytes = invocations * schedule.payloadBytes();
        long outOfOrder = invocations * schedule.outOfOrder;
        if (handler.bytes != bytes || handler.gaps != 0 || table.gaps() != 0
                || table.outOfOrderSegments() != outOfOrder || table.retransmittedBytes() != 0
                || table.activeFlows() != FLOWS || handler.flowsStarted != FLOWS) {
            throw new IllegalStateException("reassembly run is not clean: " + handler.bytes + " of " + bytes
                    + " bytes delivered, " + table.gaps() + " gaps, " + table.outOfOrderSegments() + " of "
                    + outOfOrder + " segments out of order, " + table.retransmittedBytes() + " bytes retransmitted, "
                    + table.activeFlows() + " flows live of " + handler.flowsStarted + " started");
        }
    }
}
