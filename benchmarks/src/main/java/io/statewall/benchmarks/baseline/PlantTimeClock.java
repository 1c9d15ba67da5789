package io.statewall.benchmarks.baseline;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Plant time as nanoseconds since the epoch, for a simulated unit stepped faster than real time.
 * The simulation {@linkplain #advanceTo advances} it to each moment it schedules (a plant step, a
 * scan falling due); within a moment it runs at the wall clock's pace, so that what happens then
 * (the HMI's requests crossing the NMA one after the other, the controllers answering) keeps its
 * real duration and order, up to {@link #MAX_MOMENT_NANOS}. There it stands still until the next
 * moment.
 *
 * <p>Why the bound: the machine that runs the simulation is shared (two cores, other people's
 * builds), and a stall of it for a tenth of a second is not something the simulated HMI or
 * controllers do; letting it through would stamp a late scan into the recording that no device of
 * the plant caused. Every scheduled moment is kept exactly (moments are at least 50 ms apart), and
 * {@link #stalledMoments()} counts the moments whose work outlasted the bound, so a reader knows
 * how often the machine stalled.
 *
 * <p>Read from any thread (the NMA's loop); advanced by one.
 */
final class PlantTimeClock implements LongSupplier {
    /** The longest a scheduled moment's work may take in plant time: far beyond a loopback exchange's. */
    static final long MAX_MOMENT_NANOS = 10_000_000L;

    /** A moment's plant time and the wall clock's reading when it began; replaced whole, so a reader sees one pair. */
    private record Moment(long epochNanos, long wallNanos) {}

    private final long originEpochNanos;
    private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
    private volatile Moment moment;
    private long stalledMoments;
    private long longestMomentNanos;
    private boolean started;

    /** @param originEpochNanos the epoch time of plant time 0 */
    PlantTimeClock(long originEpochNanos) {
        this.originEpochNanos = originEpochNanos;
        // Before the first moment (set-up), time stands just before plant time 0.
        this.moment = new Moment(originEpochNanos - MAX_MOMENT_NANOS, System.nanoTime());
    }

    /** Epoch nanoseconds of plant time {@code plantSeconds}. */
    long epochOf(double plantSeconds) {
        return originEpochNanos + Math.round(plantSeconds * 1e9);
    }

    /**
     * The simulation has reached {@code plantSeconds}, at least {@link #MAX_MOMENT_NANOS} after the
     * moment before: time goes on from there.
     */
    void advanceTo(double plantSeconds) {
        long scheduled = epochOf(plantSeconds);
        Moment before = moment;
        if (scheduled < before.epochNanos() + MAX_MOMENT_NANOS) {
            throw new IllegalArgumentException("moments must be at least " + MAX_MOMENT_NANOS / 1_000_000
                    + " ms apart: " + plantSeconds + " s");
        }
        long took = System.nanoTime() - before.wallNanos();
        if (started) {
            longestMomentNanos = Math.max(longestMomentNanos, took);
            if (took > MAX_MOMENT_NANOS) {
                stalledMoments++;
            }
        }
        started = true;
        moment = new Moment(scheduled, System.nanoTime());
    }

    /** Moments whose work took longer than {@link #MAX_MOMENT_NANOS} of wall time (the machine stalled). */
    long stalledMoments() {
        return stalledMoments;
    }

    /** The longest wall time a moment's work took. */
    long longestMomentNanos() {
        return longestMomentNanos;
    }

    @Override
    public long getAsLong() {
        Moment m = moment;
        long t = m.epochNanos() + Math.min(System.nanoTime() - m.wallNanos(), MAX_MOMENT_NANOS);
        return last.accumulateAndGet(t, Math::max);
    }
}
