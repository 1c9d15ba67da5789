package io.statewall.nma.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Percentiles within the buckets' 1/32 relative error of the exact ones, at every scale. */
class LatencyHistogramTest {

    @Test
    void percentilesAgreeWithExactOnesWithinTheBucketError() {
        SplittableRandom random = new SplittableRandom(42);
        for (int run = 0; run < 20; run++) {
            LatencyHistogram h = new LatencyHistogram();
            int n = 1 + random.nextInt(20_000);
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                // log-uniform from 1 ns to ~17 s: every bucket scale gets values
                values[i] = (long) Math.exp(random.nextDouble() * Math.log(1.7e10));
                h.record(values[i]);
            }
            Arrays.sort(values);
            for (double p : new double[] {0.5, 0.9, 0.99, 0.999, 1.0}) {
                long exact = values[(int) Math.ceil(p * n) - 1];
                long got = h.percentileNanos(p);
                assertThat(got).as("p%s of %d values", p, n).isGreaterThanOrEqualTo(exact)
                        .isLessThanOrEqualTo(exact + Math.max(1, exact / 32));
            }
            assertThat(h.count()).isEqualTo(n);
            assertThat(h.maxNanos()).isEqualTo(values[n - 1]);
        }
    }

    @Test
    void smallValuesAreExactAndBucketsTileTheLine() {
        for (long v = 0; v < 5_000; v++) {
            int i = LatencyHistogram.index(v);
            assertThat(LatencyHistogram.upperBound(i)).isGreaterThanOrEqualTo(v);
            assertThat(i == 0 || LatencyHistogram.upperBound(i - 1) < v).as("bucket %d starts after %d", i, v).isTrue();
        }
        assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
        LatencyHistogram h = new LatencyHistogram();
        h.record(7);
        h.record(-3);
        assertThat(h.percentileNanos(1.0)).isEqualTo(7);
        assertThat(h.percentileNanos(0.5)).as("a negative duration counts as 0").isZero();
    }

    @Test
    void countAtMostIsCumulative() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v : new long[] {5_000, 20_000, 20_000, 80_000, 2_000_000}) {
            h.record(v);
        }
        assertThat(h.countAtMost(10_000)).isEqualTo(1);
        assertThat(h.countAtMost(50_000)).isEqualTo(3);
        assertThat(h.countAtMost(1_000_000)).isEqualTo(4);
        assertThat(h.countAtMost(Long.MAX_VALUE)).isEqualTo(5);
        assertThat(h.sumNanos()).isEqualTo(2_125_000);
    }

    @Test
    void anEmptyHistogramAndABadPercentile() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentileNanos(0.99)).isZero();
        assertThatThrownBy(() -> h.percentileNanos(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.percentileNanos(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordingAllocatesNothing() {
        LatencyHistogram h = new LatencyHistogram();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 100_000; i++) {
            h.record(i * 37L);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) {
            h.record(i * 131L);
        }
        long after = threads.getCurrentThreadAllocatedBytes();
        assertThat(after - before).isLessThan(1_000);
    }
}
