package io.statewall.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RngTest {
    /** SplitMix64 reference outputs for seed 1234567 (the test vector of the published C code). */
    @Test
    void matchesTheSplitMix64ReferenceSequence() {
        Rng r = new Rng(1_234_567L);
        assertThat(new long[] {r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()}).containsExactly(
                Long.parseUnsignedLong("6457827717110365317"),
                Long.parseUnsignedLong("3203168211198807973"),
                Long.parseUnsignedLong("9817491932198370423"),
                Long.parseUnsignedLong("4593380528125082431"),
                Long.parseUnsignedLong("16408922859458223821"));
    }

    @Test
    void derivedStreamsAreReproducibleAndDistinct() {
        assertThat(Rng.derive(502, 3).nextLong()).isEqualTo(Rng.derive(502, 3).nextLong());
        assertThat(Rng.derive(502, 3).nextLong()).isNotEqualTo(Rng.derive(502, 4).nextLong());
        assertThat(Rng.derive(502, 3).nextLong()).isNotEqualTo(Rng.derive(503, 3).nextLong());
    }

    @Test
    void boundedDrawsStayInRangeAndReachBothEnds() {
        Rng r = new Rng(7);
        boolean sawLo = false;
        boolean sawHi = false;
        for (int i = 0; i < 10_000; i++) {
            int v = r.between(-3, 3);
            assertThat(v).isBetween(-3, 3);
            sawLo |= v == -3;
            sawHi |= v == 3;
            assertThat(r.nextDouble()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            assertThat(r.noise(1.0)).isBetween(-2 * 1.7320508075688772, 2 * 1.7320508075688772);
        }
        assertThat(sawLo).isTrue();
        assertThat(sawHi).isTrue();
    }

    @Test
    void exponentialHasTheRequestedMean() {
        Rng r = new Rng(11);
        double sum = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double x = r.exponential(150.0);
            assertThat(x).isGreaterThanOrEqualTo(0.0);
            sum += x;
        }
        assertThat(sum / n).isBetween(147.0, 153.0);
    }

    @Test
    void aNonPositiveBoundIsAProgrammingError() {
        assertThatThrownBy(() -> new Rng(1).nextInt(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
