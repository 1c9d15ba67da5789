package io.statewall.engine.baseline;

import java.util.Arrays;

/**
 * The current value of each point (by {@link Directory} id) and the capture segment it was
 * seen in: what a command's move is measured from. A value from an earlier segment (another
 * capture) is not known.
 */
final class PointMemory {
    private int[] value = new int[64];
    private int[] segment = new int[64];

    /** True when the point's value was seen in {@code currentSegment} (segments start at 1). */
    boolean known(int id, int currentSegment) {
        return id < value.length && segment[id] == currentSegment;
    }

    int value(int id) {
        return value[id];
    }

    void set(int id, int v, int currentSegment) {
        if (id >= value.length) {
            int n = Math.max(id + 1, value.length * 2);
            value = Arrays.copyOf(value, n);
            segment = Arrays.copyOf(segment, n);
        }
        value[id] = v;
        segment[id] = currentSegment;
    }
}
