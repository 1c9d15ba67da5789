package io.statewall.capture.flow;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.statewall.capture.Packet;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Fuzz target for the flow table and TCP reassembly: fuzzer bytes become a sequence of
 * segments on three 5-tuples, under small limits chosen by the input, with handlers that
 * consume everything, whole 3-byte frames, all but one byte, or nothing.
 *
 * <p>Input: 4 configuration bytes, then one 8-byte record per segment:
 * <pre>
 *  offset  field
 *  0       tuple (bits 0-1; 3 = a UDP datagram on tuple 0) | from client (bit 2) |
 *          corrupt payload (bit 3) | sequence mode (bits 4-5) | time step (bits 6-7)
 *  1       TCP flags (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10)
 *  2-3     sequence delta, signed, big-endian (meaning per sequence mode)
 *  4-5     payload length, unsigned, modulo 1024
 *  6-7     acknowledgement delta, signed, relative to the highest byte the peer sent
 * </pre>
 * Payload byte at sequence number s is the low byte of s, so every copy of a byte agrees
 * unless the record says corrupt; the handler checks that each offered byte follows the
 * previous one (gaps accounted), which catches reordering, duplication and lost accounting.
 *
 * <p>Invariants: nothing throws; callbacks only between a flow's start and end; never an
 * empty offer or gap; bytes consumed never exceed payload bytes sent; buffer memory within
 * the total limit after every packet; after {@code finish} no flow, no buffer, every started
 * flow ended once, and the gap counters equal what the handler was told.
 */
class TcpReassemblerFuzzTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MASK = 0xFFFF_FFFFL;
    /** Initial sequence numbers per tuple and direction, two of them a little below 2^32. */
    private static final long[][] ISN = {{0xFFFF_FF00L, 0x1000L}, {0x7FFF_FF80L, 0xFFFF_FFF0L}, {0L, 0x8000_0000L}};
    private static final int MAX_PAYLOAD = 1024;
    /** Byte i is (byte) i: the payload of a segment at s is PATTERN[s & 0xFF ...], copied in bulk. */
    private static final byte[] PATTERN = new byte[256 + (64 << 7)]; // longest offer: the largest buffer limit
    private static final MemorySegment PATTERN_SEGMENT = MemorySegment.ofArray(PATTERN);

    static {
        for (int i = 0; i < PATTERN.length; i++) {
            PATTERN[i] = (byte) i;
        }
    }

    static final class Tracker {
        final int[] nextByte = {-1, -1};
    }

    static final class CheckingHandler implements StreamHandler {
        final int mode;
        final Set<Flow> live = new HashSet<>();
        boolean corrupted;
        long started, ended, consumed, gaps, gapBytes;

        CheckingHandler(int mode) {
            this.mode = mode;
        }

        @Override
        public void onFlowStart(Flow flow) {
            if (!live.add(flow) || flow.attachment() != null) {
                throw new AssertionError("started twice");
            }
            flow.attach(new Tracker());
            started++;
        }

        @Override
        public int onData(Flow flow, boolean toServer, MemorySegment data, long offset, int length, long ts) {
            requireLive(flow);
            if (length <= 0) {
                throw new AssertionError("empty offer");
            }
            int first = data.get(JAVA_BYTE, offset) & 0xFF;
            Tracker t = (Tracker) flow.attachment();
            int d = toServer ? 0 : 1;
            if (!corrupted && flow.protocol() == Packet.PROTO_TCP) {
                if (t.nextByte[d] >= 0 && first != t.nextByte[d]) {
                    throw new AssertionError("offered byte " + first + ", expected " + t.nextByte[d]);
                }
                long at = MemorySegment.mismatch(data, offset, offset + length, PATTERN_SEGMENT, first, first + length);
                if (at >= 0) {
                    throw new AssertionError("bytes not consecutive at " + at);
                }
            }
            int take = switch (mode) {
                case 0 -> length;
                case 1 -> length / 3 * 3;
                case 2 -> length - 1;
                default -> 0;
            };
            t.nextByte[d] = (first + take) & 0xFF;
            consumed += take;
            return take;
        }

        @Override
        public void onGap(Flow flow, boolean toServer, long missingBytes, long ts) {
            requireLive(flow);
            if (missingBytes <= 0) {
                throw new AssertionError("gap of " + missingBytes);
            }
            Tracker t = (Tracker) flow.attachment();
            int d = toServer ? 0 : 1;
            if (t.nextByte[d] >= 0) {
                t.nextByte[d] = (int) ((t.nextByte[d] + missingBytes) & 0xFF);
            }
            gaps++;
            gapBytes += missingBytes;
        }

        @Override
        public void onFlowEnd(Flow flow, FlowEndReason reason, long ts) {
            requireLive(flow);
            live.remove(flow);
            ended++;
        }

        private void requireLive(Flow flow) {
            if (!live.contains(flow)) {
                throw new AssertionError("callback for a flow that is not live");
            }
        }
    }

    @FuzzTest(maxDuration = "10s")
    void segments(byte[] input) {
        if (input.length < 4) {
            return;
        }
        int perDirection = 64 << (input[0] & 7);
        FlowLimits limits = new FlowLimits(1 + (input[3] & 3), Duration.ofSeconds(600), Duration.ofSeconds(60),
                perDirection, (long) perDirection * (1 + (input[2] & 3)), 1 + (input[1] & 7));
        CheckingHandler handler = new CheckingHandler((input[3] >> 2) & 3);
        FlowTable table = new FlowTable(limits, handler, 502);

        long[][] cursor = new long[3][2];
        for (int t = 0; t < 3; t++) {
            cursor[t][0] = ISN[t][0];
            cursor[t][1] = ISN[t][1];
        }
        long ts = T0;
        long sentPayload = 0;
        byte[] frame = new byte[Wire.HEADERS + MAX_PAYLOAD];
        MemorySegment frameSegment = MemorySegment.ofArray(frame);
        Packet p = new Packet();
        for (int at = 4; at + 8 <= input.length; at += 8) {
            int h = input[at] & 0xFF;
            int tuple = h & 3;
            boolean udp = tuple == 3;
            if (udp) {
                tuple = 0;
            }
            boolean fromClient = (h & 4) != 0;
            boolean corrupt = (h & 8) != 0;
            int seqMode = (h >> 4) & 3;
            int flags = input[at + 1] & 0x1F;
            int seqDelta = (short) ((input[at + 2] & 0xFF) << 8 | (input[at + 3] & 0xFF));
            int length = ((input[at + 4] & 0xFF) << 8 | (input[at + 5] & 0xFF)) % MAX_PAYLOAD;
            int ackDelta = (short) ((input[at + 6] & 0xFF) << 8 | (input[at + 7] & 0xFF));
            ts += switch (h >> 6) {
                case 0 -> 1_000L;
                case 1 -> 1_000_000_000L;
                case 2 -> 61_000_000_000L;
                default -> 700_000_000_000L;
            };
            int d = fromClient ? 0 : 1;
            long seq = switch (seqMode) {
                case 0 -> cursor[tuple][d] + seqDelta;
                case 1 -> cursor[tuple][d] + seqDelta * 64L;
                case 2 -> ISN[tuple][d] + seqDelta;
                default -> ((long) seqDelta << 16) ^ cursor[tuple][d];
            } & MASK;
            long ack = (cursor[tuple][1 - d] + ackDelta) & MASK;
            long dataSeq = !udp && (flags & Packet.TCP_SYN) != 0 ? seq + 1 : seq; // a SYN's data follows it
            System.arraycopy(PATTERN, (int) (dataSeq & 0xFF), frame, Wire.HEADERS, length);
            if (corrupt && length > 0) {
                frame[Wire.HEADERS + length / 2] ^= 0x5A;
            }
            handler.corrupted |= corrupt && length > 0;
            long end = (dataSeq + length) & MASK;
            if (((end - cursor[tuple][d]) & MASK) < (1L << 31)) {
                cursor[tuple][d] = end;
            }
            long srcIp = fromClient ? 0x0A00_0001L : 0x0A00_0002L;
            long dstIp = fromClient ? 0x0A00_0002L : 0x0A00_0001L;
            int clientPort = 40_000 + tuple;
            int srcPort = fromClient ? clientPort : 502;
            int dstPort = fromClient ? 502 : clientPort;
            int frameLength = Wire.HEADERS + length;
            p.setFrame(frameSegment, 0, frameLength, frameLength, ts, 0, 1, at);
            p.setDecoded(4, 0, srcIp, 0, dstIp, udp ? Packet.PROTO_UDP : Packet.PROTO_TCP, srcPort, dstPort,
                    seq, ack, udp ? 0 : flags, Wire.HEADERS, length);
            table.process(p);
            sentPayload += length;

            if (table.bufferedBytes() > limits.maxBufferedBytesTotal()) {
                throw new AssertionError("buffered " + table.bufferedBytes() + " over the total limit");
            }
            if (handler.consumed > sentPayload) {
                throw new AssertionError("consumed " + handler.consumed + " of " + sentPayload + " sent");
            }
            if (table.activeFlows() != handler.live.size() || table.activeFlows() > limits.maxFlows()) {
                throw new AssertionError("active flows " + table.activeFlows() + " vs " + handler.live.size());
            }
        }
        table.finish(ts + 1);

        if (table.activeFlows() != 0 || !handler.live.isEmpty() || table.bufferedBytes() != 0) {
            throw new AssertionError("flows or buffers left after finish");
        }
        if (handler.started != table.flowsCreated() || handler.ended != handler.started) {
            throw new AssertionError("started " + handler.started + ", ended " + handler.ended
                    + ", created " + table.flowsCreated());
        }
        if (handler.gaps != table.gaps() || handler.gapBytes != table.gapBytes()) {
            throw new AssertionError("gap counters differ from what the handler was told");
        }
        if (table.packetsProcessed() != (input.length - 4) / 8) {
            throw new AssertionError("packets processed " + table.packetsProcessed());
        }
    }
}
