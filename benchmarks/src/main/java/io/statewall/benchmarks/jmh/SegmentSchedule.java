package io.statewall.benchmarks.jmh;

import java.util.SplittableRandom;

/**
 * The TCP data segments of a few established Modbus/TCP connections, in capture order, as
 * primitive arrays: one batch that the benchmark replays with sequence numbers moved on, so
 * that every replay continues the streams where the previous one stopped.
 *
 * <p>Each connection pipelines two requests, then gets the two responses, one ADU per segment
 * (the client and the server each send two segments in a row). Connections take turns, two
 * transactions at a time. Sequence and acknowledgement numbers are relative to the start of
 * the batch of each direction: {@code relSeq} counts the bytes the direction sent before the
 * segment, {@code relAck} the bytes its peer had sent (what an endpoint acknowledges).
 *
 * <p>Out of order: chosen pairs of back-to-back segments of one direction are swapped, as a
 * mirror port reorders. The later segment then arrives ahead of a hole and is queued; the
 * earlier fills the hole. An acknowledgement never passes a hole (both segments of a pair
 * acknowledge the same peer position), so reordering never turns into loss.
 */
final class SegmentSchedule {
    static final int MODBUS_PORT = 502;
    /** Ethernet, IPv4 and TCP headers without options, for the frames' original length. */
    static final int HEADER_BYTES = 14 + 20 + 20;

    final int flows;
    /** Per segment, in capture order: 2 * flow for client to server, 2 * flow + 1 for the reverse. */
    final int[] stream;
    final long[] relSeq;
    final long[] relAck;
    final int[] payloadOffset;
    final int[] payloadLength;
    final long[] srcAddr;
    final long[] dstAddr;
    final int[] srcPort;
    final int[] dstPort;
    /** Per stream: payload bytes of one batch. */
    final long[] streamBytes;
    /** Segments that arrive ahead of a hole in one batch. */
    final int outOfOrder;

    private SegmentSchedule(int flows, int segments, int outOfOrder) {
        this.flows = flows;
        this.stream = new int[segments];
        this.relSeq = new long[segments];
        this.relAck = new long[segments];
        this.payloadOffset = new int[segments];
        this.payloadLength = new int[segments];
        this.srcAddr = new long[segments];
        this.dstAddr = new long[segments];
        this.srcPort = new int[segments];
        this.dstPort = new int[segments];
        this.streamBytes = new long[2 * flows];
        this.outOfOrder = outOfOrder;
    }

    int segments() {
        return stream.length;
    }

    long payloadBytes() {
        long sum = 0;
        for (long b : streamBytes) {
            sum += b;
        }
        return sum;
    }

    /** One SCADA master, 10.10.1.10, polls PLCs 10.10.2.1, 10.10.2.2, … */
    static final long CLIENT_ADDR = 0x0A0A_010AL;

    static long serverAddr(int flow) {
        return 0x0A0A_0200L + flow + 1;
    }

    static int clientPort(int flow) {
        return 49_152 + flow;
    }

    /**
     * @param traffic           the ADUs every connection carries (an even number of transactions)
     * @param outOfOrderPercent share of segments that arrive ahead of a hole, 0..50
     */
    static SegmentSchedule build(ModbusTraffic traffic, int flows, int outOfOrderPercent, long seed) {
        if (traffic.transactions % 2 != 0) {
            throw new IllegalArgumentException("transactions go out in pairs: " + traffic.transactions);
        }
        if (outOfOrderPercent < 0 || outOfOrderPercent > 50) {
            throw new IllegalArgumentException("outOfOrderPercent must be 0..50: " + outOfOrderPercent);
        }
        int segments = flows * traffic.adus();
        int swaps = Math.round(segments * outOfOrderPercent / 100f);
        SegmentSchedule s = new SegmentSchedule(flows, segments, swaps);
        long[] sent = new long[2 * flows];
        int i = 0;
        for (int round = 0; round < traffic.transactions / 2; round++) {
            for (int f = 0; f < flows; f++) {
                int first = 4 * round;
                // Both requests of the round, then both responses.
                i = s.add(i, traffic, f, first, sent);
                i = s.add(i, traffic, f, first + 2, sent);
                i = s.add(i, traffic, f, first + 1, sent);
                i = s.add(i, traffic, f, first + 3, sent);
            }
        }
        System.arraycopy(sent, 0, s.streamBytes, 0, sent.length);
        s.swapPairs(swaps, new SplittableRandom(seed));
        return s;
    }

    private int add(int i, ModbusTraffic traffic, int flow, int adu, long[] sent) {
        boolean toServer = traffic.toServer[adu];
        int st = 2 * flow + (toServer ? 0 : 1);
        stream[i] = st;
        relSeq[i] = sent[st];
        relAck[i] = sent[st ^ 1];
        payloadOffset[i] = traffic.offset[adu];
        payloadLength[i] = traffic.length[adu];
        srcAddr[i] = toServer ? CLIENT_ADDR : serverAddr(flow);
        dstAddr[i] = toServer ? serverAddr(flow) : CLIENT_ADDR;
        srcPort[i] = toServer ? clientPort(flow) : MODBUS_PORT;
        dstPort[i] = toServer ? MODBUS_PORT : clientPort(flow);
        sent[st] += traffic.length[adu];
        return i + 1;
    }

    /** Swaps {@code count} distinct same-direction pairs, positions (2k, 2k + 1), picked at random. */
    private void swapPairs(int count, SplittableRandom random) {
        int pairs = stream.length / 2;
        int[] order = new int[pairs];
        for (int k = 0; k < pairs; k++) {
            order[k] = k;
        }
        for (int k = 0; k < count; k++) {
            int pick = k + random.nextInt(pairs - k);
            int pair = order[pick];
            order[pick] = order[k];
            order[k] = pair;
            swap(2 * pair, 2 * pair + 1);
        }
    }

    private void swap(int a, int b) {
        if (stream[a] != stream[b]) {
            throw new IllegalStateException("segments " + a + " and " + b + " are not of one direction");
        }
        swap(relSeq, a, b);
        swap(relAck, a, b);
        swap(payloadOffset, a, b);
        swap(payloadLength, a, b);
    }

    private static void swap(long[] v, int a, int b) {
        long t = v[a];
        v[a] = v[b];
        v[b] = t;
    }

    private static void swap(int[] v, int a, int b) {
        int t = v[a];
        v[a] = v[b];
        v[b] = t;
    }
}
