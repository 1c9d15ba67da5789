package io.statewall.nma.metrics;

/**
 * Durations in nanoseconds, counted in log-linear buckets: exact below 32 ns, then 32 buckets
 * per power of two, so any percentile read back is within 1/32 (about 3 %) of the true value,
 * from nanoseconds to hours, in 1,888 longs. Recording is an index computation and an
 * increment: nothing allocated, no lock.
 *
 * <p>One writer thread (the proxy's loop). Readers on other threads (Prometheus, stats) read
 * plain 64-bit counters: never torn on a 64-bit JVM, possibly a moment stale, and a snapshot
 * taken while the writer records may be off by the few values recorded meanwhile.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    /** 32 exact buckets, then 32 per exponent 5..62. */
    static final int BUCKETS = SUB + (63 - SUB_BITS) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long sumNanos;
    private long maxNanos;

    /** Counts one duration; negative ones (a clock step) count as 0. */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        count++;
        sumNanos += v;
        if (v > maxNanos) {
            maxNanos = v;
        }
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) (v >>> (exponent - SUB_BITS)) & (SUB - 1);
        return SUB + (exponent - SUB_BITS) * SUB + sub;
    }

    /** The largest value bucket {@code i} holds. */
    static long upperBound(int i) {
        if (i < SUB) {
            return i;
        }
        int exponent = (i - SUB) / SUB + SUB_BITS;
        int sub = (i - SUB) % SUB;
        long low = (long) (SUB + sub) << (exponent - SUB_BITS);
        long width = 1L << (exponent - SUB_BITS);
        return low + width - 1;
    }

    public long count() {
        return count;
    }

    public long sumNanos() {
        return sumNanos;
    }

    public long maxNanos() {
        return maxNanos;
    }

    /**
     * The value at percentile {@code p} (0 &lt; p &lt;= 1): the upper bound of the bucket holding the
     * ⌈p·n⌉-th smallest value, never above the largest value recorded; 0 when empty.
     */
    public long percentileNanos(double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("percentile " + p + " outside (0, 1]");
        }
        long[] snapshot = counts.clone();
        long total = 0;
        for (long c : snapshot) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), maxNanos);
            }
        }
        return maxNanos;
    }

    /** How many recorded values are at most {@code nanos} (to bucket precision): a Prometheus {@code le} bucket. */
    public long countAtMost(long nanos) {
        long n = 0;
        for (int i = 0; i < counts.length && upperBound(i) <= nanos; i++) {
            n += counts[i];
        }
        return n;
    }
}
