package io.statewall.engine.baseline;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * What one point's values looked like in one state: raw Modbus values (a register 0..65535, a
 * coil or discrete input 0/1), either as the set of distinct values (up to {@value #MAX_SET})
 * or as ranges read both as unsigned and as signed 16-bit numbers (the wire does not say which
 * the device means: MB-AP §4.3 defines registers as 16-bit words; the detector uses the reading
 * whose range is narrower); the largest step between consecutive reads and the fastest change
 * per second; for commands, the largest move from the point's value at the time.
 *
 * <p>A change between two values is the shorter of the unsigned and the signed difference, so
 * a signed value crossing zero (0xFFFF to 0x0001) moves by 2, not 65534.
 */
final class ValueStats {
    /** Distinct values kept before the point counts as continuous. */
    static final int MAX_SET = 16;
    /** Rates are rounded up to this many significant digits, so the file's numbers stay short. */
    private static final MathContext RATE_DIGITS = new MathContext(3, RoundingMode.CEILING);
    /** Reads closer together than this count as this far apart when a rate is computed. */
    static final long MIN_RATE_INTERVAL_NANOS = 1_000_000;

    long seen;
    private final int[] set = new int[MAX_SET];
    /** Distinct values in {@link #set}, ascending; -1 once there were more than {@link #MAX_SET}. */
    private int setSize;
    int umin = Integer.MAX_VALUE;
    int umax = Integer.MIN_VALUE;
    int smin = Integer.MAX_VALUE;
    int smax = Integer.MIN_VALUE;
    /** Largest change between consecutive reads of the point in one state; -1 before two reads. */
    int maxStep = -1;
    /** Fastest change per second between consecutive reads (rounded up); -1 before two reads. */
    double maxRate = -1;
    /** Largest distance from the point's value of a value commanded; -1 before a command with a known value. */
    int maxMove = -1;

    void observe(int raw) {
        seen++;
        addToSet(raw);
        widen(raw);
    }

    private void widen(int raw) {
        int s = (short) raw;
        umin = Math.min(umin, raw);
        umax = Math.max(umax, raw);
        smin = Math.min(smin, s);
        smax = Math.max(smax, s);
    }

    private void addToSet(int raw) {
        if (setSize < 0) {
            return;
        }
        int at = Arrays.binarySearch(set, 0, setSize, raw);
        if (at >= 0) {
            return;
        }
        if (setSize == MAX_SET) {
            setSize = -1;
            return;
        }
        int insert = -at - 1;
        System.arraycopy(set, insert, set, insert + 1, setSize - insert);
        set[insert] = raw;
        setSize++;
    }

    /** A read of {@code raw} {@code dtNanos} after a read of {@code previous} in the same state. */
    void step(int raw, int previous, long dtNanos) {
        int d = distance(raw, previous);
        maxStep = Math.max(maxStep, d);
        double rate = rate(d, dtNanos);
        if (rate > maxRate) {
            maxRate = roundUp(rate);
        }
    }

    /** A command of {@code raw} while the point's value was {@code current}. */
    void move(int raw, int current) {
        maxMove = Math.max(maxMove, distance(raw, current));
    }

    static int distance(int a, int b) {
        return Math.min(Math.abs(a - b), Math.abs((short) a - (short) b));
    }

    static double rate(int distance, long dtNanos) {
        return distance * 1e9 / Math.max(dtNanos, MIN_RATE_INTERVAL_NANOS);
    }

    /** Up to three significant digits, never below {@code x}; idempotent on its own results. */
    static double roundUp(double x) {
        return x <= 0 ? 0 : BigDecimal.valueOf(x).round(RATE_DIGITS).doubleValue();
    }

    /** True while the distinct values are known (at most {@value #MAX_SET} of them). */
    boolean hasSet() {
        return setSize >= 0 && seen > 0;
    }

    /** The distinct values, ascending (a copy); only when {@link #hasSet()}. */
    int[] set() {
        return Arrays.copyOf(set, Math.max(0, setSize));
    }

    /** Takes over everything another (freshly read) statistics object holds. */
    void copyFrom(ValueStats o) {
        seen = o.seen;
        System.arraycopy(o.set, 0, set, 0, MAX_SET);
        setSize = o.setSize;
        umin = o.umin;
        umax = o.umax;
        smin = o.smin;
        smax = o.smax;
        maxStep = o.maxStep;
        maxRate = o.maxRate;
        maxMove = o.maxMove;
    }

    /** Restores the set read from the file (values 0..65535, any order, duplicates ignored). */
    void restoreSet(int[] values) {
        setSize = 0;
        for (int v : values) {
            addToSet(v);
            widen(v);
        }
    }

    /** Restores ranges read from the file: the set is unknown from then on. */
    void restoreRanges(int unsignedMin, int unsignedMax, int signedMin, int signedMax) {
        setSize = -1;
        umin = unsignedMin;
        umax = unsignedMax;
        smin = signedMin;
        smax = signedMax;
    }

    /** True when the signed reading's range is the narrower one. */
    boolean signedIsNarrower() {
        return (long) smax - smin < (long) umax - umin;
    }

    /** A rate as the file writes it: at most three significant digits, no exponent. */
    static String formatRate(double rate) {
        return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
    }
}
