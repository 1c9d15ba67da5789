package io.statewall.engine.state;

import java.util.Arrays;

/** A process image stand-in: values set by the test, unknown until set. */
final class TestSource implements VariableSource {
    private final double[] values;
    private final boolean[] known;
    private final long[] updatedAt;

    TestSource(int size) {
        values = new double[size];
        known = new boolean[size];
        updatedAt = new long[size];
    }

    TestSource set(int variable, double value, long atNanos) {
        values[variable] = value;
        known[variable] = true;
        updatedAt[variable] = atNanos;
        return this;
    }

    TestSource forget(int variable) {
        known[variable] = false;
        return this;
    }

    void clear() {
        Arrays.fill(known, false);
    }

    @Override
    public double value(int variable) {
        return values[variable];
    }

    @Override
    public boolean known(int variable) {
        return known[variable];
    }

    @Override
    public long updatedAt(int variable) {
        return updatedAt[variable];
    }
}
