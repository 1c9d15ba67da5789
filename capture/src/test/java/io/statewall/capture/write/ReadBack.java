package io.statewall.capture.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureReader;
import io.statewall.capture.DecodeIssue;
import io.statewall.capture.Packet;
import io.statewall.capture.PacketDecoder;
import io.statewall.capture.flow.Flow;
import io.statewall.capture.flow.FlowEndReason;
import io.statewall.capture.flow.FlowLimits;
import io.statewall.capture.flow.FlowTable;
import io.statewall.capture.flow.StreamHandler;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A recorded capture as our own readers see it: every packet through {@link CaptureFiles} and
 * {@link PacketDecoder}, then through a {@link FlowTable} that reassembles each connection's
 * two byte streams.
 */
final class ReadBack {
    static final int MODBUS_PORT = 502;

    /** One packet's decoded headers and its frame. */
    record Segment(long nanos, int ipVersion, DecodeIssue issue, int srcPort, int dstPort, int flags,
                   long seq, long ack, int window, int payloadLength, byte[] frame) {
        /** {@code c PA 12}: sender (c to the server port, s from it), flags, payload length. */
        String shape(int serverPort) {
            return (dstPort == serverPort ? "c " : "s ") + flagNames(flags) + " " + payloadLength;
        }
    }

    /** One flow's reassembled streams and how it ended. */
    static final class Stream {
        final Flow flow;
        final ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        FlowEndReason end;

        Stream(Flow flow) {
            this.flow = flow;
        }
    }

    final List<Segment> segments = new ArrayList<>();
    final List<Stream> flows = new ArrayList<>();
    boolean truncated;
    FlowTable table;

    static ReadBack of(Path file) throws Exception {
        ReadBack rb = new ReadBack();
        StreamHandler handler = new StreamHandler() {
            @Override
            public void onFlowStart(Flow flow) {
                Stream s = new Stream(flow);
                flow.attach(s);
                rb.flows.add(s);
            }

            @Override
            public int onData(Flow flow, boolean toServer, MemorySegment data, long offset, int length, long ts) {
                Stream s = (Stream) flow.attachment();
                byte[] b = data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
                (toServer ? s.toServer : s.toClient).writeBytes(b);
                return length;
            }

            @Override
            public void onGap(Flow flow, boolean toServer, long missingBytes, long ts) {
                // counted by the table; asserted zero by the tests
            }

            @Override
            public void onFlowEnd(Flow flow, FlowEndReason reason, long ts) {
                ((Stream) flow.attachment()).end = reason;
            }
        };
        rb.table = new FlowTable(FlowLimits.DEFAULT, handler, MODBUS_PORT);
        PacketDecoder decoder = new PacketDecoder();
        Packet p = new Packet();
        long last = 0;
        try (CaptureReader reader = CaptureFiles.open(file)) {
            while (reader.next(p)) {
                decoder.decode(p);
                byte[] frame = p.data().asSlice(p.frameOffset(), p.capturedLength()).toArray(ValueLayout.JAVA_BYTE);
                rb.segments.add(new Segment(p.timestampNanos(), p.ipVersion(), p.issue(), p.srcPort(), p.dstPort(),
                        p.tcpFlags(), p.seq(), p.ack(), p.tcpWindow(), p.payloadLength(), frame));
                rb.table.process(p);
                last = p.timestampNanos();
            }
            rb.truncated = reader.truncated();
        }
        rb.table.finish(last);
        return rb;
    }

    /** Every packet decoded, every checksum right, and reassembly met nothing a real stack would not send. */
    void assertClean() {
        assertThat(truncated).isFalse();
        assertThat(segments).allSatisfy(s -> {
            assertThat(s.issue()).isEqualTo(DecodeIssue.NONE);
            TcpSegmentEncoderTest.assertChecksumsVerify(s.frame());
        });
        assertThat(table.gaps()).as("gaps").isZero();
        assertThat(table.outOfOrderSegments()).as("out-of-order segments").isZero();
        assertThat(table.retransmittedBytes()).as("retransmitted bytes").isZero();
        assertThat(table.overlapBytes()).as("overlapping bytes").isZero();
        assertThat(table.overlapConflicts()).as("overlap conflicts").isZero();
        assertThat(table.outOfWindowSegments()).as("out-of-window segments").isZero();
        assertThat(table.bytesAfterFin()).as("bytes after FIN").isZero();
        assertThat(table.flowsEvicted()).isZero();
        assertThat(table.flowsTimedOut()).isZero();
    }

    /** Timestamps never go back from one packet to the next. */
    void assertMonotonic() {
        for (int i = 1; i < segments.size(); i++) {
            assertThat(segments.get(i).nanos()).as("packet %d", i + 1).isGreaterThanOrEqualTo(segments.get(i - 1).nanos());
        }
    }

    /** The shapes of the packets {@code from} (0-based) on, comma-separated. */
    String shapes(int from, int serverPort) {
        return segments.subList(from, segments.size()).stream().map(s -> s.shape(serverPort))
                .collect(Collectors.joining(", "));
    }

    static String flagNames(int flags) {
        StringBuilder b = new StringBuilder();
        if ((flags & Packet.TCP_SYN) != 0) {
            b.append('S');
        }
        if ((flags & Packet.TCP_FIN) != 0) {
            b.append('F');
        }
        if ((flags & Packet.TCP_RST) != 0) {
            b.append('R');
        }
        if ((flags & Packet.TCP_PSH) != 0) {
            b.append('P');
        }
        if ((flags & Packet.TCP_ACK) != 0) {
            b.append('A');
        }
        return b.toString();
    }
}
