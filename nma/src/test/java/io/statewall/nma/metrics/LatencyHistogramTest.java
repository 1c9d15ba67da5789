package io.statewall.nma.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The bucket layout, percentiles against exact ones of seeded samples, overflow, and a reader
 * racing the writer.
 */
class LatencyHistogramTest {

    /** A value, the first and last value of its bucket. */
    private record Edge(String name, long value, long lower, long upper) {
    }

    private static final Edge[] EDGES = {
        new Edge("zero", 0, 0, 0),
        new Edge("one nanosecond", 1, 1, 1),
        new Edge("last exact value", 255, 255, 255),
        new Edge("first 2 ns bucket", 256, 256, 257),
        new Edge("its second value", 257, 256, 257),
        new Edge("last 2 ns bucket", 511, 510, 511),
        new Edge("first 4 ns bucket", 512, 512, 515),
        new Edge("10 µs: 64 ns buckets", 10_000, 9_984, 10_047),
        new Edge("just under 100 µs: 512 ns buckets", 99_999, 99_840, 100_351),
        new Edge("1 ms: 4 µs buckets", 1_000_000, 999_424, 1_003_519),
        new Edge("1 s: 4.2 ms buckets", 1_000_000_000, 998_244_352, 1_002_438_655),
        new Edge("last regular value (2^34 - 1 ns, 17.18 s)", (1L << 34) - 1, (1L << 34) - (1L << 26), (1L << 34) - 1),
        new Edge("first overflow value", 1L << 34, 1L << 34, Long.MAX_VALUE),
        new Edge("largest long", Long.MAX_VALUE, 1L << 34, Long.MAX_VALUE),
    };

    @Test
    void edgesFallInTheDocumentedBuckets() {
        for (Edge e : EDGES) {
            int i = LatencyHistogram.index(e.value());
            assertThat(LatencyHistogram.lowerBoundNanos(i)).as(e.name()).isEqualTo(e.lower());
            assertThat(LatencyHistogram.upperBoundNanos(i)).as(e.name()).isEqualTo(e.upper());
        }
        assertThat(LatencyHistogram.index(1L << 34)).isEqualTo(LatencyHistogram.OVERFLOW);
        assertThat(LatencyHistogram.index((1L << 34) - 1)).isEqualTo(LatencyHistogram.OVERFLOW - 1);
        assertThatThrownBy(() -> LatencyHistogram.upperBoundNanos(LatencyHistogram.BUCKETS))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> LatencyHistogram.lowerBoundNanos(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void bucketsTileTheLineWithinTheStatedPrecision() {
        for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
            long lower = LatencyHistogram.lowerBoundNanos(i);
            long upper = LatencyHistogram.upperBoundNanos(i);
            assertThat(LatencyHistogram.index(lower)).as("bucket %d starts at %d", i, lower).isEqualTo(i);
            assertThat(LatencyHistogram.index(upper)).as("bucket %d ends at %d", i, upper).isEqualTo(i);
            if (i > 0) {
                assertThat(LatencyHistogram.upperBoundNanos(i - 1) + 1).as("bucket %d follows on", i).isEqualTo(lower);
            }
            if (i < LatencyHistogram.OVERFLOW) {
                long width = upper - lower + 1;
                assertThat(width * 128).as("bucket %d relative width", i).isLessThanOrEqualTo(Math.max(128, lower));
                if (lower < 100_000) {
                    assertThat(width).as("bucket %d under 100 µs", i).isLessThanOrEqualTo(512);
                }
            }
        }
        assertThat(LatencyHistogram.lowerBoundNanos(LatencyHistogram.OVERFLOW)).isEqualTo(LatencyHistogram.OVERFLOW_NANOS);
    }

    /** Seeded sample shapes: each run draws 1..20,000 values from one. */
    private enum Shape {
        /** Every scale from 1 ns to 17 s, overflow included. */
        LOG_UNIFORM {
            @Override
            long draw(SplittableRandom r) {
                return (long) Math.exp(r.nextDouble() * Math.log(2e10));
            }
        },
        /** A warm proxy: 20-60 µs with a tail to a few ms. */
        MICROSECONDS {
            @Override
            long draw(SplittableRandom r) {
                return r.nextInt(100) == 0 ? 100_000 + r.nextLong(5_000_000) : 20_000 + r.nextLong(40_000);
            }
        },
        /** Many equal values: percentiles land on bucket edges. */
        FEW_DISTINCT {
            @Override
            long draw(SplittableRandom r) {
                return new long[] {255, 256, 10_000, 10_047, 10_048}[r.nextInt(5)];
            }
        };

        abstract long draw(SplittableRandom r);
    }

    @Test
    void percentilesAreTheExactOnesToTheBucket() {
        SplittableRandom random = new SplittableRandom(20_251_125);
        long[] scratch = new long[LatencyHistogram.BUCKETS];
        for (Shape shape : Shape.values()) {
            for (int run = 0; run < 15; run++) {
                LatencyHistogram h = new LatencyHistogram();
                int n = 1 + random.nextInt(20_000);
                long[] values = new long[n];
                long sum = 0;
                for (int i = 0; i < n; i++) {
                    values[i] = shape.draw(random);
                    sum += values[i];
                    h.record(values[i]);
                }
                Arrays.sort(values);
                for (double p : new double[] {0.001, 0.5, 0.9, 0.99, 0.999, 1.0}) {
                    // nearest rank, as documented
                    long exact = values[(int) Math.ceil(p * n) - 1];
                    long got = h.percentileNanos(p, scratch);
                    String what = shape + " p" + p + " of " + n;
                    assertThat(got).as(what).isGreaterThanOrEqualTo(exact);
                    assertThat(LatencyHistogram.index(got)).as(what + ": same bucket").isEqualTo(LatencyHistogram.index(exact));
                    if (exact < LatencyHistogram.OVERFLOW_NANOS) {
                        assertThat(got - exact).as(what + ": within 1/128").isLessThanOrEqualTo(exact / 128);
                    }
                }
                assertThat(h.percentileNanos(1.0)).as("the maximum is exact").isEqualTo(values[n - 1]);
                assertThat(h.count()).isEqualTo(n);
                assertThat(h.sumNanos()).isEqualTo(sum);
                assertThat(h.maxNanos()).isEqualTo(values[n - 1]);
            }
        }
    }

    @Test
    void severalPercentilesComeFromOneSnapshot() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 1000; v++) {
            h.record(v * 1000);
        }
        long[] out = new long[3];
        h.percentilesNanos(new double[] {0.5, 0.99, 0.999}, out, new long[LatencyHistogram.BUCKETS]);
        assertThat(out[0]).isEqualTo(h.percentileNanos(0.5)).isBetween(500_000L, 500_000L + 500_000 / 128);
        assertThat(out[1]).isEqualTo(h.percentileNanos(0.99)).isBetween(990_000L, 990_000L + 990_000 / 128);
        assertThat(out[2]).isEqualTo(h.percentileNanos(0.999)).isBetween(999_000L, 999_000L + 999_000 / 128);
    }

    @Test
    void overflowValuesAreCountedAndReportedAsTheMaximum() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(5_000);
        h.record(20_000_000_000L);
        h.record(Long.MAX_VALUE);
        long[] snapshot = new long[LatencyHistogram.BUCKETS];
        assertThat(h.snapshot(snapshot)).isEqualTo(3);
        assertThat(snapshot[LatencyHistogram.OVERFLOW]).isEqualTo(2);
        assertThat(h.percentileNanos(0.5)).as("20 s is in overflow: reported as the maximum").isEqualTo(Long.MAX_VALUE);
        assertThat(h.percentileNanos(0.3)).as("5 µs: the top of its bucket [4992, 5023]").isEqualTo(5_023);
        assertThat(h.count()).isEqualTo(3);
        assertThat(h.sumNanos()).as("the sum saturates").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void negativeDurationsCountAsZero() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(-3);
        h.record(7);
        assertThat(h.percentileNanos(0.5)).isZero();
        assertThat(h.percentileNanos(1.0)).isEqualTo(7);
        assertThat(h.sumNanos()).isEqualTo(7);
    }

    @Test
    void emptyHistogramAndProgrammingErrors() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentileNanos(0.99)).isZero();
        assertThat(h.count()).isZero();
        assertThat(h.snapshot(new long[LatencyHistogram.BUCKETS + 5])).isZero();
        for (double bad : new double[] {0, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> h.percentileNanos(bad)).as("p=%s", bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> h.snapshot(new long[10])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countAtMostTakesOnlyBucketsWhollyBelowTheBound() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v : new long[] {9_983, 10_000, 24_000, 60_000, 60_000}) {
            h.record(v);
        }
        long[] s = new long[LatencyHistogram.BUCKETS];
        h.snapshot(s);
        assertThat(LatencyHistogram.countAtMost(s, 9_983)).as("[9920, 9983] is wholly below").isEqualTo(1);
        assertThat(LatencyHistogram.countAtMost(s, 10_000)).as("10 µs shares [9984, 10047]: not yet").isEqualTo(1);
        assertThat(LatencyHistogram.countAtMost(s, 10_047)).isEqualTo(2);
        assertThat(LatencyHistogram.countAtMost(s, 25_000)).isEqualTo(3);
        assertThat(LatencyHistogram.countAtMost(s, 50_000)).isEqualTo(3);
        assertThat(LatencyHistogram.countAtMost(s, Long.MAX_VALUE)).isEqualTo(5);
    }

    /**
     * A reader on another thread, while the writer records values whose sum crosses 2^32 and
     * 2^33 many times: count, sum and snapshot totals never go backwards, and it ends on the
     * final values.
     */
    @Test
    void aConcurrentReaderNeverSeesValuesGoBackwards() throws Exception {
        LatencyHistogram h = new LatencyHistogram();
        int n = 2_000_000;
        AtomicReference<String> failure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().name("histogram-writer").unstarted(() -> {
            for (int i = 0; i < n; i++) {
                h.record((i & 1023) * 10_000L + (i % 3 == 0 ? 3_000_000_000L : 0));
            }
        });
        long[] scratch = new long[LatencyHistogram.BUCKETS];
        long lastCount = 0;
        long lastSum = 0;
        long lastTotal = 0;
        long reads = 0;
        writer.start();
        boolean writing = true;
        while (writing) {
            writing = writer.isAlive();
            long count = h.count();
            long sum = h.sumNanos();
            long total = h.snapshot(scratch);
            long p99 = h.percentileNanos(0.99, scratch);
            if (count < lastCount || sum < lastSum || total < lastTotal || p99 > h.maxNanos()) {
                failure.compareAndSet(null, "went backwards after " + reads + " reads: count " + lastCount + "→" + count
                        + ", sum " + lastSum + "→" + sum + ", total " + lastTotal + "→" + total);
            }
            lastCount = count;
            lastSum = sum;
            lastTotal = total;
            reads++;
        }
        writer.join();
        assertThat(failure.get()).isNull();
        assertThat(reads).isPositive();
        assertThat(h.count()).isEqualTo(n);
        assertThat(h.snapshot(scratch)).isEqualTo(n);
        long expectedSum = 0;
        for (int i = 0; i < n; i++) {
            expectedSum += (i & 1023) * 10_000L + (i % 3 == 0 ? 3_000_000_000L : 0);
        }
        assertThat(h.sumNanos()).isEqualTo(expectedSum);
    }
}
