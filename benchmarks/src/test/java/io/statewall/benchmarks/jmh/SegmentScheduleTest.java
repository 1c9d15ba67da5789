package io.statewall.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.capture.Packet;
import io.statewall.capture.flow.Flow;
import io.statewall.capture.flow.FlowEndReason;
import io.statewall.capture.flow.FlowLimits;
import io.statewall.capture.flow.FlowTable;
import io.statewall.capture.flow.StreamHandler;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reassembly benchmark's segments: contiguous streams, planned reordering, never loss. */
class SegmentScheduleTest {
    private static final ModbusTraffic TRAFFIC = ModbusTraffic.build(64);
    private static final int FLOWS = 3;

    @Test
    void inOrderEachStreamContinuesWhereItsLastSegmentEnded() {
        SegmentSchedule s = SegmentSchedule.build(TRAFFIC, FLOWS, 0, 1);
        long[] next = new long[2 * FLOWS];
        for (int i = 0; i < s.segments(); i++) {
            assertThat(s.relSeq[i]).as("segment %d", i).isEqualTo(next[s.stream[i]]);
            next[s.stream[i]] += s.payloadLength[i];
        }
        assertThat(next).containsExactly(s.streamBytes);
        assertThat(s.streamBytes[0]).isEqualTo(TRAFFIC.clientBytes);
        assertThat(s.streamBytes[1]).isEqualTo(TRAFFIC.serverBytes);
        assertThat(s.outOfOrder).isZero();
    }

    @Test
    void fivePercentSwapsThatManySegmentsBehindTheirSuccessor() {
        SegmentSchedule s = SegmentSchedule.build(TRAFFIC, FLOWS, 5, 1);
        int segments = FLOWS * TRAFFIC.adus();
        assertThat(s.outOfOrder).isEqualTo(Math.round(segments * 0.05f));
        long[] highest = new long[2 * FLOWS];
        int ahead = 0;
        for (int i = 0; i < s.segments(); i++) {
            int st = s.stream[i];
            if (s.relSeq[i] > highest[st]) {
                ahead++;
            }
            highest[st] = Math.max(highest[st], s.relSeq[i] + s.payloadLength[i]);
        }
        assertThat(ahead).as("segments that arrive ahead of a hole").isEqualTo(s.outOfOrder);
    }

    @Test
    void connectionsTakeTurnsAndTalkToTheModbusPort() {
        SegmentSchedule s = SegmentSchedule.build(TRAFFIC, FLOWS, 0, 1);
        assertThat(s.stream).startsWith(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 0, 0);
        assertThat(s.dstPort[0]).isEqualTo(502);
        assertThat(s.srcPort[2]).isEqualTo(502);
        assertThat(s.srcAddr[0]).isEqualTo(SegmentSchedule.CLIENT_ADDR);
        assertThat(s.dstAddr[4]).isEqualTo(SegmentSchedule.serverAddr(1));
    }

    /** Two batches through a real flow table give back both byte streams of every connection, twice. */
    @ParameterizedTest(name = "{0} % out of order")
    @ValueSource(ints = {0, 5, 50})
    void aFlowTableReassemblesTheExactStreams(int percent) {
        SegmentSchedule s = SegmentSchedule.build(TRAFFIC, FLOWS, percent, 7);
        ByteArrayOutputStream[] got = new ByteArrayOutputStream[2 * FLOWS];
        for (int i = 0; i < got.length; i++) {
            got[i] = new ByteArrayOutputStream();
        }
        Recorder recorder = new Recorder(got);
        FlowTable table = new FlowTable(FlowLimits.DEFAULT, recorder, SegmentSchedule.MODBUS_PORT);
        MemorySegment data = MemorySegment.ofArray(TRAFFIC.bytes);
        Packet p = new Packet();
        long[] base = {0xFFFF_FF00L, 5000, 1, 2, 3, 4}; // the first client stream wraps
        long ts = 0;
        for (int f = 0; f < FLOWS; f++) {
            long client = SegmentSchedule.CLIENT_ADDR;
            long server = SegmentSchedule.serverAddr(f);
            int port = SegmentSchedule.clientPort(f);
            control(table, p, data, ts++, client, server, port, 502, base[2 * f] - 1, 0, Packet.TCP_SYN);
            control(table, p, data, ts++, server, client, 502, port, base[2 * f + 1] - 1, base[2 * f],
                    Packet.TCP_SYN | Packet.TCP_ACK);
        }
        for (int batch = 0; batch < 2; batch++) {
            for (int i = 0; i < s.segments(); i++) {
                int st = s.stream[i];
                p.setFrame(data, s.payloadOffset[i], s.payloadLength[i], s.payloadLength[i] + 54, ts++, 0, 1, i);
                p.setDecoded(4, 0, s.srcAddr[i], 0, s.dstAddr[i], Packet.PROTO_TCP, s.srcPort[i], s.dstPort[i],
                        base[st] + s.relSeq[i], base[st ^ 1] + s.relAck[i], Packet.TCP_ACK | Packet.TCP_PSH,
                        s.payloadOffset[i], s.payloadLength[i]);
                table.process(p);
            }
            for (int st = 0; st < base.length; st++) {
                base[st] = (base[st] + s.streamBytes[st]) & 0xFFFF_FFFFL;
            }
        }
        assertThat(recorder.gaps).isZero();
        assertThat(table.outOfOrderSegments()).isEqualTo(2L * s.outOfOrder);
        byte[] requests = direction(true);
        byte[] responses = direction(false);
        for (int f = 0; f < FLOWS; f++) {
            assertThat(got[2 * f].toByteArray()).as("client stream of flow %d", f).isEqualTo(twice(requests));
            assertThat(got[2 * f + 1].toByteArray()).as("server stream of flow %d", f).isEqualTo(twice(responses));
        }
    }

    @Test
    void refusesAnOddTransactionCountAndImpossibleShares() {
        assertThatThrownBy(() -> SegmentSchedule.build(ModbusTraffic.build(3), 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentSchedule.build(TRAFFIC, 1, 51, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentSchedule.build(TRAFFIC, 1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void control(FlowTable table, Packet p, MemorySegment data, long ts, long src, long dst,
                                int srcPort, int dstPort, long seq, long ack, int flags) {
        p.setFrame(data, 0, 0, 54, ts, 0, 1, ts);
        p.setDecoded(4, 0, src, 0, dst, Packet.PROTO_TCP, srcPort, dstPort, seq, ack, flags, 0, 0);
        table.process(p);
    }

    private static byte[] direction(boolean toServer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < TRAFFIC.adus(); i++) {
            if (TRAFFIC.toServer[i] == toServer) {
                out.write(TRAFFIC.bytes, TRAFFIC.offset[i], TRAFFIC.length[i]);
            }
        }
        return out.toByteArray();
    }

    private static byte[] twice(byte[] b) {
        byte[] t = new byte[2 * b.length];
        System.arraycopy(b, 0, t, 0, b.length);
        System.arraycopy(b, 0, t, b.length, b.length);
        return t;
    }

    /** Keeps each connection's streams apart by the client port (49152 + flow). */
    private static final class Recorder implements StreamHandler {
        final ByteArrayOutputStream[] streams;
        int gaps;

        Recorder(ByteArrayOutputStream[] streams) {
            this.streams = streams;
        }

        @Override
        public void onFlowStart(Flow flow) {}

        @Override
        public int onData(Flow flow, boolean toServer, MemorySegment data, long offset, int length, long ts) {
            int st = 2 * (flow.clientPort() - SegmentSchedule.clientPort(0)) + (toServer ? 0 : 1);
            streams[st].writeBytes(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
            return length;
        }

        @Override
        public void onGap(Flow flow, boolean toServer, long missingBytes, long ts) {
            gaps++;
        }

        @Override
        public void onFlowEnd(Flow flow, FlowEndReason reason, long ts) {}
    }
}
