package io.statewall.engine.baseline;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * A set of Modbus addresses (0–65535) as sorted, disjoint, non-adjacent inclusive ranges:
 * what a channel reads or writes with one function. Adding what is already covered, the
 * common case once a poll has been seen, allocates nothing.
 */
final class RangeSet {
    /** {@code [lo0, hi0, lo1, hi1, …]}, ascending, with a gap of at least one address between ranges. */
    private int[] bounds = new int[0];

    /** Adds {@code lo..hi} (inclusive); touching or overlapping ranges merge. */
    void add(int lo, int hi) {
        if (lo > hi) {
            throw new IllegalArgumentException(lo + " > " + hi);
        }
        if (contains(lo, hi)) {
            return;
        }
        int n = bounds.length / 2;
        int[] out = new int[bounds.length + 2];
        int w = 0;
        int i = 0;
        while (i < n && bounds[2 * i + 1] < lo - 1) {
            out[w++] = bounds[2 * i];
            out[w++] = bounds[2 * i + 1];
            i++;
        }
        int mergedLo = lo;
        int mergedHi = hi;
        while (i < n && bounds[2 * i] <= hi + 1) {
            mergedLo = Math.min(mergedLo, bounds[2 * i]);
            mergedHi = Math.max(mergedHi, bounds[2 * i + 1]);
            i++;
        }
        out[w++] = mergedLo;
        out[w++] = mergedHi;
        while (i < n) {
            out[w++] = bounds[2 * i];
            out[w++] = bounds[2 * i + 1];
            i++;
        }
        bounds = Arrays.copyOf(out, w);
    }

    /** True when every address of {@code lo..hi} is in the set. */
    boolean contains(int lo, int hi) {
        return covers(bounds, lo, hi);
    }

    /** {@link #contains} over a bounds array as {@link #bounds()} returns it. */
    static boolean covers(int[] bounds, int lo, int hi) {
        int a = 0;
        int b = bounds.length / 2 - 1;
        while (a <= b) {
            int m = (a + b) >>> 1;
            if (bounds[2 * m + 1] < lo) {
                a = m + 1;
            } else if (bounds[2 * m] > lo) {
                b = m - 1;
            } else {
                return hi <= bounds[2 * m + 1];
            }
        }
        return false;
    }

    boolean isEmpty() {
        return bounds.length == 0;
    }

    /** The ranges as {@code [lo0, hi0, lo1, hi1, …]}; callers must not modify it. */
    int[] bounds() {
        return bounds;
    }

    /** {@code 100-102, 200}: how the baseline file and alerts write it. */
    @Override
    public String toString() {
        return text(bounds);
    }

    static String text(int[] bounds) {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < bounds.length; i += 2) {
            j.add(bounds[i] == bounds[i + 1] ? Integer.toString(bounds[i]) : bounds[i] + "-" + bounds[i + 1]);
        }
        return j.toString();
    }
}
