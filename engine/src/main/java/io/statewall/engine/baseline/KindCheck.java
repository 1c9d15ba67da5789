package io.statewall.engine.baseline;

import io.statewall.protocols.modbus.ModbusFrame;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One learned kind of request on one channel in one state, compiled for checking: the gaps
 * accepted when it is periodic, the slowest acceptable answer, the requests it may follow, and
 * the envelopes of the points it reads (the {@link PollItems} it extends, so that an answer is
 * checked with no further object to fetch) and writes. Also the detector's memory of when it
 * last came.
 */
final class KindCheck extends PollItems {
    private static final ValueLayout.OfLong BIG_ENDIAN_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    final long kind;
    /** The function code of the kind. */
    final int function;
    final KindStats learned;
    final ChannelCheck channel;
    /** Null when the kind is not periodic: its gaps are not checked. */
    final long[] acceptedGaps;
    /** The accepted band of the main cluster of gaps, which most gaps fall in. */
    final long mainLo;
    final long mainHi;
    /** Longest acceptable answer in nanoseconds; {@link Long#MAX_VALUE} when not checked. */
    final long responseLimit;
    /** Kinds it may follow, ascending; null when its place in the cycle is not checked. */
    final long[] predecessors;
    /** True for a command (anything but a read): out of place it is a timing deviation. */
    final boolean command;
    /**
     * True when the channel's learned addresses cover this kind's spans, as they do for every
     * learned kind unless an engineer narrowed them: then a request of this kind needs no
     * address check.
     */
    boolean covered;
    /** First address read and written by a request of this kind, as {@link Spans} gives them (-1 for none). */
    final int readStart;
    final int writeStart;
    /** Per item of the span written: point id (-1 when never named) and envelope (null when none in this state). */
    int[] writePoints;
    Envelope[] writeEnvelopes;

    /** The kind that came after this one last time on its channel: most likely the next again. */
    KindCheck next;
    /**
     * The request of this kind as its ADU's bytes 4 to 11 read big-endian ({@link #requestMask}
     * keeps those the kind is made of), so that a request is recognised by one comparison:
     * <pre>
     *  bytes 4-5 length | 6 unit | 7 function | 8-9 address | 10-11 quantity (FC 1-4, 15, 16) or value (FC 5, 6)
     * </pre>
     * A mask of 0 for kinds not recognised this way (other functions, a quantity the kind cut short).
     */
    private final long requestImage;
    private final long requestMask;
    /** The predecessor last found in {@link #predecessors}: a scan cycle repeats it. */
    private long acceptedPredecessor = -1;

    long lastAtNanos;
    int lastEpoch;

    /**
     * @param readPoints    the points of the span a request of this kind reads, none when it reads none
     * @param readEnvelopes their envelopes in the kind's state
     */
    KindCheck(long kind, KindStats learned, ChannelCheck channel, Tolerances t, boolean command, int[] readPoints,
              Envelope[] readEnvelopes, boolean[] commandedPoints, boolean bits) {
        super(readPoints, readEnvelopes, commandedPoints, bits);
        this.kind = kind;
        this.function = RequestKind.function(kind);
        this.learned = learned;
        this.channel = channel;
        this.command = command;
        int a = RequestKind.malformed(kind) ? -1 : RequestKind.a(kind);
        readStart = switch (RequestKind.function(kind)) {
            case 1, 2, 3, 4, 23, 24 -> a;
            default -> -1;
        };
        writeStart = switch (RequestKind.function(kind)) {
            case 5, 6, 15, 16, 22 -> a;
            case 23 -> RequestKind.malformed(kind) ? -1 : RequestKind.b(kind);
            default -> -1;
        };
        if (Timing.periodic(learned, t)) {
            acceptedGaps = Timing.acceptedNanos(learned, t);
            mainLo = acceptedGaps[2 * learned.intervals.main()];
            mainHi = acceptedGaps[2 * learned.intervals.main() + 1];
        } else {
            acceptedGaps = null;
            mainLo = 0;
            mainHi = 0;
        }
        responseLimit = learned.responses >= t.minSamples()
                ? (long) (learned.responseMax * 1_000 * t.responseTimeFactor() + t.responseTimeFloorMs() * 1e6) + 999
                : Long.MAX_VALUE;
        boolean quantity = function >= 1 && function <= 4 || function == 15 || function == 16;
        if (!RequestKind.malformed(kind) && (quantity && RequestKind.aQuantity(kind) < 0x7FF || function == 5 || function == 6)) {
            requestMask = quantity ? 0xFF_FFFF_FFFFL : 0xFF_FFFF_0000L;
            requestImage = (long) function << 32 | (long) RequestKind.a(kind) << 16 | (quantity ? RequestKind.aQuantity(kind) : 0);
        } else {
            requestMask = 0;
            requestImage = 0;
        }
        long[] p = learned.predecessors();
        predecessors = learned.seen >= t.minSamples() && !learned.anyPredecessor() && p.length > 0 ? p : null;
    }

    boolean gapAccepted(long nanos) {
        if (nanos >= mainLo && nanos <= mainHi) {
            return true;
        }
        long[] g = acceptedGaps;
        for (int i = 0; i < g.length; i += 2) {
            if (nanos >= g[i] && nanos <= g[i + 1]) {
                return true;
            }
        }
        return false;
    }

    boolean mayFollow(long previousKind) {
        if (previousKind == acceptedPredecessor) {
            return true;
        }
        if (Arrays.binarySearch(predecessors, previousKind) >= 0) {
            acceptedPredecessor = previousKind;
            return true;
        }
        return false;
    }

    /** True when the transaction's request is of this kind ({@link RequestKind#of} gives {@link #kind}). */
    boolean sameKind(ModbusTransaction tx) {
        ModbusFrame request = tx.request();
        // bytes 4 to 11 lie inside any request of 12 bytes or more: MBAP header and 5 PDU bytes
        if (requestMask != 0 && request.length() >= 12) {
            return (request.segment().get(BIG_ENDIAN_LONG, request.offset() + 4) & requestMask) == requestImage;
        }
        return RequestKind.of(tx) == kind;
    }
}
