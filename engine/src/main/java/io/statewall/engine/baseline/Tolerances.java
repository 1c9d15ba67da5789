package io.statewall.engine.baseline;

/**
 * How far traffic may stray from what was learned before a detector flags it: the baseline
 * file's {@code tolerances:}, which an engineer tunes without relearning.
 *
 * @param minSamples          observations needed before a kind's timing and order, or a point's
 *                            values, are checked (fewer say too little about normal)
 * @param rangeMargin         a value may leave its learned range by this fraction of the range's
 *                            width
 * @param rangeMarginMin      … and by at least this much (raw units), so a constant point may jitter
 * @param rateMargin          a change is too fast when its step and its rate both exceed the
 *                            learned maxima by more than this fraction
 * @param periodTolerance     a gap between two requests of a periodic kind may lie this fraction
 *                            outside the learned gaps
 * @param periodicShare       a kind is periodic when its largest cluster of gaps holds at least
 *                            this fraction of them
 * @param responseTimeFactor  an answer is slow beyond this many times the slowest learned …
 * @param responseTimeFloorMs … plus this many milliseconds (scheduling noise on fast links)
 * @param moveMargin          a command may move its point this fraction beyond the largest
 *                            learned move …
 * @param moveMarginMin       … and at least this much (raw units)
 */
public record Tolerances(int minSamples, double rangeMargin, int rangeMarginMin, double rateMargin,
                         double periodTolerance, double periodicShare, double responseTimeFactor,
                         double responseTimeFloorMs, double moveMargin, int moveMarginMin) {
    public static final Tolerances DEFAULT = new Tolerances(10, 0.25, 2, 0.5, 0.2, 0.8, 3.0, 2.0, 1.0, 2);

    public Tolerances {
        if (minSamples < 1) {
            throw new IllegalArgumentException("min_samples must be at least 1");
        }
        requireFraction(rangeMargin, "range_margin");
        requireFraction(rateMargin, "rate_margin");
        requireFraction(periodTolerance, "period_tolerance");
        requireFraction(moveMargin, "move_margin");
        if (!(periodicShare > 0 && periodicShare <= 1)) {
            throw new IllegalArgumentException("periodic_share must be in (0, 1]");
        }
        if (!(responseTimeFactor >= 1) || !Double.isFinite(responseTimeFactor)) {
            throw new IllegalArgumentException("response_time_factor must be at least 1");
        }
        if (!(responseTimeFloorMs >= 0) || !Double.isFinite(responseTimeFloorMs)) {
            throw new IllegalArgumentException("response_time_floor_ms must be at least 0");
        }
        if (rangeMarginMin < 0 || moveMarginMin < 0) {
            throw new IllegalArgumentException("margins must be at least 0");
        }
    }

    private static void requireFraction(double v, String name) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be a number of at least 0");
        }
    }
}
