package io.statewall.engine.baseline;

import io.statewall.engine.image.Hashing;
import java.util.Arrays;

/**
 * Interns tuples of five {@code long}s (endpoint addresses with port and unit packed into the
 * first) to dense ids 0, 1, 2 … in order of first sight. Lookups allocate nothing; an addition
 * may grow the arrays.
 */
final class TupleTable {
    private static final int WIDTH = 5;

    private long[] tuples = new long[WIDTH * 16];
    private int[] slots;
    private int mask;
    private int size;

    TupleTable() {
        slots = new int[64];
        Arrays.fill(slots, -1);
        mask = slots.length - 1;
    }

    int size() {
        return size;
    }

    /** The id of the tuple, or -1. */
    int find(long a, long b, long c, long d, long e) {
        for (int slot = hash(a, b, c, d, e) & mask; ; slot = (slot + 1) & mask) {
            int id = slots[slot];
            if (id < 0 || same(id, a, b, c, d, e)) {
                return id;
            }
        }
    }

    /** The id of the tuple, added when new. */
    int intern(long a, long b, long c, long d, long e) {
        int id = find(a, b, c, d, e);
        if (id >= 0) {
            return id;
        }
        if ((size + 1) * WIDTH > tuples.length) {
            tuples = Arrays.copyOf(tuples, tuples.length * 2);
        }
        id = size++;
        int at = id * WIDTH;
        tuples[at] = a;
        tuples[at + 1] = b;
        tuples[at + 2] = c;
        tuples[at + 3] = d;
        tuples[at + 4] = e;
        if (size * 2 > slots.length) {
            slots = new int[slots.length * 2];
            Arrays.fill(slots, -1);
            mask = slots.length - 1;
            for (int i = 0; i < size; i++) {
                place(i);
            }
        } else {
            place(id);
        }
        return id;
    }

    /** Field {@code field} (0–4) of tuple {@code id}. */
    long field(int id, int field) {
        return tuples[id * WIDTH + field];
    }

    private boolean same(int id, long a, long b, long c, long d, long e) {
        int at = id * WIDTH;
        return tuples[at] == a && tuples[at + 1] == b && tuples[at + 2] == c && tuples[at + 3] == d && tuples[at + 4] == e;
    }

    private void place(int id) {
        int at = id * WIDTH;
        int slot = hash(tuples[at], tuples[at + 1], tuples[at + 2], tuples[at + 3], tuples[at + 4]) & mask;
        while (slots[slot] >= 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = id;
    }

    private static int hash(long a, long b, long c, long d, long e) {
        long h = a * 0x9E37_79B9_7F4A_7C15L + b;
        h = h * 0x9E37_79B9_7F4A_7C15L + c;
        h = h * 0x9E37_79B9_7F4A_7C15L + d;
        h = h * 0x9E37_79B9_7F4A_7C15L + e;
        return Hashing.mix(h);
    }
}
