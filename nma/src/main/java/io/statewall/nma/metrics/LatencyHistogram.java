package io.statewall.nma.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Durations in nanoseconds, counted since start in log-linear buckets.
 *
 * <p>Bucket layout ({@value #SUB_BITS} sub-bucket bits, so {@value #SUB} sub-buckets per power of two):
 * <pre>
 *   index            values (ns)                    width (ns)   relative width
 *   0 .. 255         exactly 0 .. 255               1            exact
 *   256 .. 383       256 .. 511                     2            &lt;= 1/128
 *   ...              [2^e, 2^(e+1))                 2^(e-7)      &lt;= 1/128
 *   3456 .. 3583     [2^33, 2^34) (8.6 s .. 17.2 s) 2^26         &lt;= 1/128
 *   3584             overflow: 2^34 ns (17.2 s) and longer
 * </pre>
 * Below 100 µs a bucket is at most 512 ns wide; everywhere a percentile read back is within
 * 1/128 (0.8 %) above the true value. 3,585 longs (28 KiB) per histogram.
 *
 * <p>One writer thread records: an index computation, a bucket increment and three field
 * updates, no allocation, no lock, no atomic read-modify-write. The writer stores with opaque
 * (count: release) VarHandle writes and readers on other threads load with opaque ones, so a
 * reader never sees a torn 64-bit value nor a count going backwards, only values a moment old.
 * Fields are not updated together: for percentiles consistent with one total, copy the buckets
 * once with {@link #snapshot(long[])} and read that copy.
 */
public final class LatencyHistogram {
    static final int SUB_BITS = 7;
    static final int SUB = 1 << SUB_BITS;
    /** Values from 2^34 ns (about 17.2 s) on share the overflow bucket. */
    static final int TOP_EXPONENT = 34;
    /** How many buckets a {@link #snapshot(long[])} copies. */
    public static final int BUCKETS = SUB + (TOP_EXPONENT - SUB_BITS) * SUB + 1;
    /** The index of the overflow bucket. */
    public static final int OVERFLOW = BUCKETS - 1;
    /** The smallest value counted in the overflow bucket. */
    public static final long OVERFLOW_NANOS = 1L << TOP_EXPONENT;

    private static final VarHandle BUCKET = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle COUNT;
    private static final VarHandle SUM;
    private static final VarHandle MAX;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            COUNT = lookup.findVarHandle(LatencyHistogram.class, "count", long.class);
            SUM = lookup.findVarHandle(LatencyHistogram.class, "sumNanos", long.class);
            MAX = lookup.findVarHandle(LatencyHistogram.class, "maxNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] buckets = new long[BUCKETS];
    private long count;
    private long sumNanos;
    private long maxNanos;

    /**
     * Counts one duration (writer thread only). A negative one, which only a clock stepping
     * backwards produces, counts as 0. The sum saturates at {@link Long#MAX_VALUE} (292 years).
     */
    public void record(long nanos) {
        long v = nanos < 0 ? 0 : nanos;
        int i = index(v);
        // The writer is the only thread storing these fields: its plain loads see its own stores.
        BUCKET.setOpaque(buckets, i, buckets[i] + 1);
        long sum = sumNanos + v;
        SUM.setOpaque(this, sum < 0 ? Long.MAX_VALUE : sum);
        if (v > maxNanos) {
            MAX.setOpaque(this, v);
        }
        COUNT.setRelease(this, count + 1);
    }

    /** The bucket a value (&gt;= 0) falls in. */
    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        if (v >= OVERFLOW_NANOS) {
            return OVERFLOW;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        int shift = exponent - SUB_BITS;
        return ((shift + 1) << SUB_BITS) + (int) ((v >>> shift) & (SUB - 1));
    }

    /** The smallest value bucket {@code i} holds. */
    public static long lowerBoundNanos(int i) {
        checkIndex(i);
        if (i < SUB) {
            return i;
        }
        return (long) (SUB + (i & (SUB - 1))) << ((i >>> SUB_BITS) - 1);
    }

    /** The largest value bucket {@code i} holds ({@link Long#MAX_VALUE} for the overflow bucket). */
    public static long upperBoundNanos(int i) {
        checkIndex(i);
        return i == OVERFLOW ? Long.MAX_VALUE : lowerBoundNanos(i + 1) - 1;
    }

    private static void checkIndex(int i) {
        if (i < 0 || i >= BUCKETS) {
            throw new IndexOutOfBoundsException("bucket " + i + " of " + BUCKETS);
        }
    }

    /** Durations recorded since start. */
    public long count() {
        return (long) COUNT.getAcquire(this);
    }

    /** The sum of the durations recorded, in nanoseconds. */
    public long sumNanos() {
        return (long) SUM.getOpaque(this);
    }

    /** The longest duration recorded (0 when none). */
    public long maxNanos() {
        return (long) MAX.getOpaque(this);
    }

    /**
     * Copies the {@link #BUCKETS} bucket counts into {@code into} (index as in the class table).
     *
     * @return the total of the copied counts: the {@code count} this snapshot is consistent with
     */
    public long snapshot(long[] into) {
        if (into.length < BUCKETS) {
            throw new IllegalArgumentException("snapshot array of " + into.length + " < " + BUCKETS);
        }
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long c = (long) BUCKET.getOpaque(buckets, i);
            into[i] = c;
            total += c;
        }
        return total;
    }

    /**
     * The nearest-rank percentile: the ⌈p·n⌉-th smallest of the n durations recorded, reported as
     * the upper bound of its bucket but never above the longest duration recorded; 0 when empty.
     * Reads a fresh snapshot (allocates: for readers, not the writer).
     *
     * @param p in (0, 1]: 0.5 for the median, 0.999 for p99.9
     */
    public long percentileNanos(double p) {
        return percentileNanos(p, new long[BUCKETS]);
    }

    /** As {@link #percentileNanos(double)}, snapshotting into a caller's array of {@link #BUCKETS} or more. */
    public long percentileNanos(double p, long[] scratch) {
        checkPercentile(p);
        long total = snapshot(scratch);
        // Read after the snapshot: at least every value the snapshot counted.
        return percentileOf(scratch, total, p, maxNanos());
    }

    /**
     * Several percentiles from one snapshot, so they agree with each other (p50 &lt;= p99 even
     * while the writer records); results in {@code out}, in the order of {@code ps}.
     */
    public void percentilesNanos(double[] ps, long[] out, long[] scratch) {
        for (double p : ps) {
            checkPercentile(p);
        }
        long total = snapshot(scratch);
        long max = maxNanos();
        for (int k = 0; k < ps.length; k++) {
            out[k] = percentileOf(scratch, total, ps[k], max);
        }
    }

    private static void checkPercentile(double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("percentile " + p + " outside (0, 1]");
        }
    }

    private static long percentileOf(long[] snapshot, long total, double p, long max) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, Math.min(total, (long) Math.ceil(p * total)));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return Math.min(upperBoundNanos(i), max);
            }
        }
        return max;
    }

    /**
     * From a snapshot: how many durations are certainly at most {@code nanos}, i.e. the counts of
     * the buckets wholly at or below it. A duration within a bucket's width (0.8 %) under
     * {@code nanos} may be left to the next boundary: a Prometheus {@code le} bucket then never
     * claims a duration faster than it was.
     */
    public static long countAtMost(long[] snapshot, long nanos) {
        long n = 0;
        for (int i = 0; i < BUCKETS && upperBoundNanos(i) <= nanos; i++) {
            n += snapshot[i];
        }
        return n;
    }
}
