package io.statewall.engine.baseline;

import java.util.Arrays;

/**
 * One learned kind of request on one channel in one state, compiled for checking: the gaps
 * accepted when it is periodic, the slowest acceptable answer, the requests it may follow, and
 * the envelopes of the points it reads and writes (so that checking a poll's values looks
 * nothing up). Also the detector's memory of when it last came.
 */
final class KindCheck {
    final long kind;
    final KindStats learned;
    final ChannelCheck channel;
    /** Null when the kind is not periodic: its gaps are not checked. */
    final long[] acceptedGaps;
    final long mainLo;
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
    /** Per item of the span read: point id (-1 when never named) and envelope (null when none in this state). */
    int[] readPoints;
    Envelope[] readEnvelopes;
    int[] writePoints;
    Envelope[] writeEnvelopes;

    long lastAtNanos;
    int lastEpoch;
    /** The last answer's values, per item ({@link #UNKNOWN} after an implausible one), when, in which epoch. */
    int[] previousValues;
    int previousCount;
    long previousAtNanos;
    int previousEpoch;
    /** A previous value not to measure the next step from. */
    static final int UNKNOWN = Integer.MIN_VALUE;

    // The read items' limits, one array per limit, so that checking a poll's answer is a few
    // passes of arithmetic over int arrays (which the JIT compiles to vector instructions) and a
    // closer look only when one of them says something is off. A value x (the raw value, or for
    // an int16 point the raw value with its sign bit flipped, which orders int16 values as
    // unsigned ones) passes when lo <= x <= hi; a step |v - previous| passes when at most stepMax.
    int[] flip;
    int[] lo;
    int[] hi;
    /** Items checked against a set with holes (bit fields, sparse codes): they pass the interval test. */
    int[] setItems;
    /** Largest acceptable step ({@link Integer#MAX_VALUE}: no step check) and rate per second. */
    int[] stepMax;
    double[] rateMax;
    /** Items whose point is commanded somewhere: their current value is kept. */
    int[] commandedItems;
    /** The answer being checked, decoded. */
    int[] current;
    /** True when some item's previous value is {@link #UNKNOWN}: steps need the closer look. */
    boolean previousUnknown;
    /**
     * False when no item can depart (every interval covers all values, no step is checked, no
     * set has holes) and none is commanded: an answer needs no look at all. A coil block whose
     * coils all toggle in normal operation is such a poll.
     */
    boolean anyChecked;

    /** Compiles the read items' limits from their envelopes. */
    void compileReads(boolean[] commandedPoints, boolean bitArea) {
        int n = readPoints.length;
        flip = new int[n];
        lo = new int[n];
        hi = new int[n];
        stepMax = new int[n];
        rateMax = new double[n];
        current = new int[n];
        int[] sets = new int[n];
        int setCount = 0;
        int[] commanded = new int[n];
        int commandedCount = 0;
        for (int i = 0; i < n; i++) {
            int p = readPoints[i];
            if (p >= 0 && p < commandedPoints.length && commandedPoints[p]) {
                commanded[commandedCount++] = i;
            }
            Envelope e = readEnvelopes[i];
            stepMax[i] = e == null || e.stepLimit < 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, Math.floor(e.stepLimit));
            rateMax[i] = e == null ? 0 : e.rateLimit;
            lo[i] = Integer.MIN_VALUE / 2;
            hi[i] = Integer.MAX_VALUE / 2;
            if (e == null || e.readMode == Envelope.NONE) {
                continue;
            }
            if (e.readMode == Envelope.RANGE) {
                int offset = e.readSigned ? 0x8000 : 0;
                flip[i] = offset;
                lo[i] = e.readLo + offset;
                hi[i] = e.readHi + offset;
            } else if (e.readSet[e.readSet.length - 1] - e.readSet[0] == e.readSet.length - 1) {
                // a set without holes (a bit's {0, 1}, a code's 1..4) is its interval
                lo[i] = e.readSet[0];
                hi[i] = e.readSet[e.readSet.length - 1];
            } else {
                sets[setCount++] = i;
            }
        }
        setItems = Arrays.copyOf(sets, setCount);
        commandedItems = Arrays.copyOf(commanded, commandedCount);
        anyChecked = setItems.length > 0 || commandedItems.length > 0;
        // the values an item can take, in its reading: bits 0..1, registers 0..65535 (flipped for int16)
        int top = bitArea ? 1 : 0xFFFF;
        for (int i = 0; i < n && !anyChecked; i++) {
            anyChecked = stepMax[i] != Integer.MAX_VALUE || lo[i] > flip[i] || hi[i] < flip[i] + top;
        }
    }

    /** True when the item's value lies outside its envelope (interval or set). */
    boolean outside(int i, int raw) {
        Envelope e = readEnvelopes[i];
        if (e == null || e.readMode == Envelope.NONE) {
            return false;
        }
        return e.readOutside(raw);
    }


    KindCheck(long kind, KindStats learned, ChannelCheck channel, Tolerances t, boolean command) {
        this.kind = kind;
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
        } else {
            acceptedGaps = null;
            mainLo = 0;
        }
        responseLimit = learned.responses >= t.minSamples()
                ? (long) (learned.responseMax * 1_000 * t.responseTimeFactor() + t.responseTimeFloorMs() * 1e6) + 999
                : Long.MAX_VALUE;
        long[] p = learned.predecessors();
        predecessors = learned.seen >= t.minSamples() && !learned.anyPredecessor() && p.length > 0 ? p : null;
    }

    boolean gapAccepted(long nanos) {
        long[] g = acceptedGaps;
        for (int i = 0; i < g.length; i += 2) {
            if (nanos >= g[i] && nanos <= g[i + 1]) {
                return true;
            }
        }
        return false;
    }

    boolean mayFollow(long previousKind) {
        return Arrays.binarySearch(predecessors, previousKind) >= 0;
    }
}
