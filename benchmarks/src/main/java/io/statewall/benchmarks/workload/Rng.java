package io.statewall.benchmarks.workload;

/**
 * The workload's only source of randomness: SplitMix64 (Steele, Lea, Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014), written out here rather than taken from the JDK
 * so that the byte stream of a capture is fixed by this file alone, whatever JDK runs it.
 * Transcendental functions go through {@link StrictMath} for the same reason.
 */
final class Rng {
    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    /** An independent stream for one part of the workload (a pair, a device). */
    static Rng derive(long seed, long stream) {
        Rng mixer = new Rng(seed ^ (stream * 0xD1B54A32D192ED03L));
        return new Rng(mixer.nextLong());
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound); multiply-shift, whose bias (below 2^-32) is irrelevant here. */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [lo, hi], both inclusive. */
    int between(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    boolean chance(double probability) {
        return nextDouble() < probability;
    }

    int pick(int... choices) {
        return choices[nextInt(choices.length)];
    }

    /** Exponentially distributed with the given mean. */
    double exponential(double mean) {
        return -mean * StrictMath.log(1.0 - nextDouble());
    }

    /** Roughly normal (Irwin-Hall, 4 uniforms): bounded tails suit physical noise. */
    double noise(double sigma) {
        double s = nextDouble() + nextDouble() + nextDouble() + nextDouble() - 2.0;
        return s * sigma * 1.7320508075688772; // the sum has variance 1/3
    }
}
