package io.statewall.engine.baseline;

import java.util.Arrays;

/**
 * The items a learned kind of request reads (a poll's block of registers or bits) in one
 * state, compiled for checking its answers, and what the last answer said. Checking an answer
 * is a fast test over all its items ({@link #suspect}) that says whether anything may be off,
 * then, rarely, a closer look at each item (the detector's, which reports). {@link KindCheck}
 * extends it, so that checking an answer fetches no object beyond the kind found for the
 * request: a poll's items are touched once a scan cycle, long enough for them to have left the
 * nearest caches.
 *
 * <p>The fast test is one pass of branch-free arithmetic over {@code int} arrays. An item's
 * range is an arc of the 16-bit circle, {@code base << 16 | width}: the values v with {@code
 * ((v - base) & 0xFFFF) <= width}. An unsigned range {@code lo..hi} starts at {@code lo}, an
 * int16 one at {@code lo & 0xFFFF}, so that one test serves both readings (and bits). A step
 * passes when its distance ({@link ValueStats#distance}, the shorter of the unsigned and the
 * int16 difference: {@code |(short) (v - previous)|}) is at most the item's largest step. A
 * block of bits, which has no steps, is tested 64 items at a time instead, against the bits that
 * must be 0 and those that must be 1.
 */
sealed class PollItems permits KindCheck {
    /** A last value not to measure the next step from. */
    static final int UNKNOWN = Integer.MIN_VALUE;
    /** The range of an item that takes any value. */
    private static final int ANY = 0xFFFF;

    /** Items of the span read. */
    final int count;
    /** True for coils and discrete inputs. */
    final boolean bits;
    /** Per item: point id (-1 when never named) and envelope (null when none in this state). */
    final int[] points;
    final Envelope[] envelopes;
    private final int[] range;
    /** Largest acceptable step ({@link Integer#MAX_VALUE}: none) and rate per second. */
    private final int[] stepMax;
    private final double[] rateMax;
    /** The last answer's values ({@link #UNKNOWN} after one outside its envelope). */
    private final int[] previous;
    /** Items checked against a set with holes (bit fields, sparse codes), or null: they pass the range test. */
    private final int[] setItems;
    /** Items whose point is commanded somewhere (their current value is kept), or null. */
    final int[] commandedItems;
    /** For a block of bits: per 64 items, those that must be 0 and those that must be 1; else null. */
    private final long[] mustBeZero;
    private final long[] mustBeOne;
    /**
     * False when no item can depart (every range covers all values, no step is checked, no set
     * has holes) and none is commanded: an answer needs no look at all. A coil block whose coils
     * all toggle in normal operation is such a poll.
     */
    final boolean anyChecked;

    /** The last answer: how many items, when, in which epoch; whether some value is {@link #UNKNOWN}. */
    int previousCount;
    long previousAtNanos;
    int previousEpoch;
    boolean previousUnknown;

    /**
     * @param commandedPoints by point id: commanded in some state
     * @param bits            coils or discrete inputs
     */
    PollItems(int[] points, Envelope[] envelopes, boolean[] commandedPoints, boolean bits) {
        int n = points.length;
        this.count = n;
        this.bits = bits;
        this.points = points;
        this.envelopes = envelopes;
        range = new int[n];
        stepMax = new int[n];
        rateMax = new double[n];
        previous = new int[n];
        int[] sets = new int[n];
        int setCount = 0;
        int[] commanded = new int[n];
        int commandedCount = 0;
        boolean checks = false;
        boolean stepless = true;
        for (int i = 0; i < n; i++) {
            int p = points[i];
            if (p >= 0 && p < commandedPoints.length && commandedPoints[p]) {
                commanded[commandedCount++] = i;
            }
            Envelope e = envelopes[i];
            int step = e == null || e.stepLimit < 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, Math.floor(e.stepLimit));
            stepMax[i] = step;
            rateMax[i] = e == null ? 0 : e.rateLimit;
            long arcOrNone = arc(e, bits);
            if (arcOrNone < 0) {
                sets[setCount++] = i;
                arcOrNone = ANY;
            }
            int arc = (int) arcOrNone;
            range[i] = arc;
            // the values an item can take: bits 0 and 1, registers all 65,536
            checks |= step != Integer.MAX_VALUE || (bits ? !passes(arc, 0) || !passes(arc, 1) : arc != ANY);
            stepless &= step == Integer.MAX_VALUE;
        }
        setItems = setCount == 0 ? null : Arrays.copyOf(sets, setCount);
        commandedItems = commandedCount == 0 ? null : Arrays.copyOf(commanded, commandedCount);
        anyChecked = checks || setItems != null || commandedItems != null;
        if (bits && stepless && setItems == null) {
            mustBeZero = new long[ReadValues.bitWords(n)];
            mustBeOne = new long[ReadValues.bitWords(n)];
            for (int i = 0; i < n; i++) {
                if (!passes(range[i], 0)) {
                    mustBeOne[i >>> 6] |= 1L << i;
                }
                if (!passes(range[i], 1)) {
                    mustBeZero[i >>> 6] |= 1L << i;
                }
            }
        } else {
            mustBeZero = null;
            mustBeOne = null;
        }
    }

    /**
     * An item's range as an arc ({@code base << 16 | width}), {@link #ANY} without one, or -1
     * when only its set can tell (a set with holes, or a range no value reaches).
     */
    private static long arc(Envelope e, boolean bits) {
        if (e == null || e.readMode == Envelope.NONE) {
            return ANY;
        }
        long lo;
        long hi;
        if (e.readMode == Envelope.RANGE) {
            // the learned range with its margins, within what the reading can be
            lo = Math.max(e.readLo, e.readSigned ? Short.MIN_VALUE : 0);
            hi = Math.min(e.readHi, e.readSigned ? Short.MAX_VALUE : bits ? 1 : 0xFFFF);
        } else if (e.readSet[e.readSet.length - 1] - e.readSet[0] == e.readSet.length - 1) {
            // a set without holes (a bit's {0, 1}, a code's 1..4) is its interval
            lo = e.readSet[0];
            hi = e.readSet[e.readSet.length - 1];
        } else {
            return -1;
        }
        if (lo > hi) {
            return -1;
        }
        return hi - lo >= ANY ? ANY : (lo & 0xFFFF) << 16 | (hi - lo);
    }

    private static boolean passes(int arc, int v) {
        return ((v - (arc >>> 16)) & 0xFFFF) <= (arc & 0xFFFF);
    }

    /**
     * The fast test of an answer's first {@code n} items (the answer in {@code values}): true
     * when some item may lie outside its envelope, some step from the last answer (for the
     * first {@code steppable} items) may be too large, or a step is to be measured from an
     * {@link #UNKNOWN} value: then each item needs the closer look, and the answer is decoded
     * into {@link ReadValues#decoded}. False guarantees none does.
     */
    boolean suspect(ReadValues values, int n, int steppable) {
        if (mustBeZero != null) {
            if (!values.bitsOutside(mustBeZero, mustBeOne, n)) {
                return false;
            }
            values.decode(n);
            return true;
        }
        int[] cur = values.decode(n);
        int[] arcs = range;
        int[] steps = stepMax;
        int[] last = previous;
        int off = 0;
        int over = 0;
        // Branch-free: a sign bit says that a test failed.
        for (int i = 0; i < steppable; i++) {
            int v = cur[i];
            int arc = arcs[i];
            off |= (arc & 0xFFFF) - ((v - (arc >>> 16)) & 0xFFFF);
            over |= steps[i] - Math.abs((short) (v - last[i]));
        }
        for (int i = steppable; i < n; i++) {
            int arc = arcs[i];
            off |= (arc & 0xFFFF) - ((cur[i] - (arc >>> 16)) & 0xFFFF);
        }
        if (setItems != null) {
            for (int i : setItems) {
                if (i < n && outside(i, cur[i])) {
                    off = -1;
                }
            }
        }
        return off < 0 || over < 0 || previousUnknown && steppable > 0;
    }

    /**
     * After an answer {@link #suspect} passed: its values ({@code decoded}, as {@link
     * ReadValues#decoded} holds them) are the last ones. A block of bits keeps none: it has no
     * steps.
     */
    void keep(int[] decoded, int n) {
        previousUnknown = false;
        if (mustBeZero == null) {
            System.arraycopy(decoded, 0, previous, 0, n);
        }
    }

    /** True when item {@code i}'s value lies outside its envelope (range or set), exactly. */
    boolean outside(int i, int raw) {
        Envelope e = envelopes[i];
        return e != null && e.readMode != Envelope.NONE && e.readOutside(raw);
    }

    int stepMax(int i) {
        return stepMax[i];
    }

    double rateMax(int i) {
        return rateMax[i];
    }

    int previous(int i) {
        return previous[i];
    }

    void setPrevious(int i, int v) {
        previous[i] = v;
    }
}
