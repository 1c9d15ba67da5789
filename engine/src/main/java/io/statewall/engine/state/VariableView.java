package io.statewall.engine.state;

import java.util.Arrays;

/**
 * What a {@link Condition} sees of the process: a {@link VariableSource} filtered by staleness
 * at the evaluation time, plus the rate of change of each variable.
 *
 * <p>A variable is <em>fresh</em> when the source knows it and its last update is no older than
 * its maximum age; anything else reads as unknown to a condition.
 *
 * <p>Rate of change is computed from the last two updates with distinct timestamps that were
 * {@linkplain #observe(int) observed}: {@code (v1 - v0) / (t1 - t0)} in units per second. It is
 * unknown until two such updates were seen and while the variable is not fresh. Using the last
 * two updates (rather than a window) keeps the state per variable to four primitives and
 * follows a ramp with the latency of one poll cycle; poll jitter shows up as rate noise, which
 * is what a state's deadband on {@code rate(x)} is for.
 *
 * <p>Not thread-safe: owned by the tracker on the packet thread.
 */
public final class VariableView {
    /** Never stale. */
    public static final long NO_MAX_AGE = Long.MAX_VALUE;

    private final VariableSource source;
    private final long[] maxAgeNanos;
    private final double[] prevValue;
    private final long[] prevTime;
    private final double[] lastValue;
    private final long[] lastTime;
    private final byte[] observed; // 0, 1 or 2 distinct updates seen
    private long now;

    public VariableView(VariableSource source, int variables) {
        this.source = source;
        this.maxAgeNanos = new long[variables];
        Arrays.fill(maxAgeNanos, NO_MAX_AGE);
        this.prevValue = new double[variables];
        this.prevTime = new long[variables];
        this.lastValue = new double[variables];
        this.lastTime = new long[variables];
        this.observed = new byte[variables];
    }

    /** A value older than {@code nanos} at evaluation time reads as unknown. */
    public void maxAge(int variable, long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("max age must be positive: " + nanos);
        }
        maxAgeNanos[variable] = nanos;
    }

    public long maxAge(int variable) {
        return maxAgeNanos[variable];
    }

    /** Sets the evaluation time used for staleness. */
    public void now(long nowNanos) {
        this.now = nowNanos;
    }

    public long now() {
        return now;
    }

    public int size() {
        return maxAgeNanos.length;
    }

    public boolean fresh(int variable) {
        if (!source.known(variable)) {
            return false;
        }
        long age = now - source.updatedAt(variable);
        // A clock step backwards gives a negative age: the value is as fresh as it gets.
        return age <= maxAgeNanos[variable];
    }

    /** The value if fresh, otherwise NaN. NaN from the source also reads as unknown. */
    public double value(int variable) {
        return fresh(variable) ? source.value(variable) : Double.NaN;
    }

    /** Units per second if known (see class comment), otherwise NaN. */
    public double rate(int variable) {
        if (observed[variable] < 2 || !fresh(variable)) {
            return Double.NaN;
        }
        double seconds = (lastTime[variable] - prevTime[variable]) * 1e-9;
        return (lastValue[variable] - prevValue[variable]) / seconds;
    }

    /** Records the variable's current update for {@link #rate}; call once per reported change. */
    public void observe(int variable) {
        if (!source.known(variable)) {
            observed[variable] = 0;
            return;
        }
        long t = source.updatedAt(variable);
        double v = source.value(variable);
        if (Double.isNaN(v)) {
            observed[variable] = 0;
            return;
        }
        if (observed[variable] > 0 && t == lastTime[variable]) {
            lastValue[variable] = v; // same instant reported twice: keep the newer value, no zero division
            return;
        }
        if (observed[variable] > 0 && t < lastTime[variable]) {
            observed[variable] = 0; // clock went backwards: start the history again
        }
        prevValue[variable] = lastValue[variable];
        prevTime[variable] = lastTime[variable];
        lastValue[variable] = v;
        lastTime[variable] = t;
        if (observed[variable] < 2) {
            observed[variable]++;
        }
    }
}
