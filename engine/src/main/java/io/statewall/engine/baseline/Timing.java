package io.statewall.engine.baseline;

/**
 * What a kind's learned gaps say about its timing: whether it is a periodic poll (enough gaps,
 * most of them in one cluster), its period (the middle of that cluster) and jitter (half the
 * cluster's width), and which gaps a detector accepts (any learned cluster, widened by the
 * period tolerance).
 */
final class Timing {
    private Timing() {
    }

    static boolean periodic(KindStats k, Tolerances t) {
        IntervalClusters g = k.intervals;
        int main = g.main();
        return main >= 0 && g.total() >= t.minSamples() && g.count(main) >= t.periodicShare() * g.total();
    }

    /** Period and jitter for the file's comment; null when nothing was timed. */
    static String describe(KindStats k, Tolerances t) {
        IntervalClusters g = k.intervals;
        if (g.total() == 0) {
            return null;
        }
        if (!periodic(k, t)) {
            return g.total() < t.minSamples() ? "too few gaps to time" : "not periodic";
        }
        int main = g.main();
        long lo = g.min(main);
        long hi = g.max(main);
        return "period " + BaselineWriter.millis((lo + hi) / 2) + " ms, jitter ±" + BaselineWriter.millis((hi - lo + 1) / 2)
                + " ms";
    }

    /**
     * The accepted gaps in nanoseconds, {@code [lo0, hi0, lo1, hi1, …]}: each cluster widened by
     * the tolerance on both sides.
     */
    static long[] acceptedNanos(KindStats k, Tolerances t) {
        IntervalClusters g = k.intervals;
        long[] bands = new long[g.size() * 2];
        for (int i = 0; i < g.size(); i++) {
            bands[2 * i] = (long) Math.floor(g.min(i) * 1_000 * (1 - t.periodTolerance()));
            bands[2 * i + 1] = (long) Math.ceil(g.max(i) * 1_000 * (1 + t.periodTolerance())) + 999;
        }
        return bands;
    }
}
