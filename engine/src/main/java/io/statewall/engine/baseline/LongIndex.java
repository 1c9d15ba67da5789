package io.statewall.engine.baseline;

import java.util.Arrays;

/**
 * Open-addressing map from a {@code long} key to a non-negative {@code int} (a dense id),
 * linear probing, no removal: what the baseline learns is never forgotten. Lookups allocate
 * nothing; the table grows (allocates) only when a key is added.
 */
final class LongIndex {
    static final int MISSING = -1;

    private long[] keys;
    private int[] values;
    private int mask;
    private int size;
    private int growAt;

    LongIndex() {
        allocate(16);
    }

    /** The value of {@code key}, or {@link #MISSING}. */
    int get(long key) {
        for (int slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
            int v = values[slot];
            if (v == MISSING || keys[slot] == key) {
                return v;
            }
        }
    }

    /** Sets the value of {@code key} (a value below 0 is a programming error). */
    void put(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        for (int slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
            if (values[slot] == MISSING) {
                if (size >= growAt) {
                    grow();
                    put(key, value);
                    return;
                }
                keys[slot] = key;
                values[slot] = value;
                size++;
                return;
            }
            if (keys[slot] == key) {
                values[slot] = value;
                return;
            }
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(oldKeys.length << 1);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != MISSING) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, MISSING);
        mask = capacity - 1;
        growAt = capacity / 4 * 3;
        size = 0;
    }

    /** MurmurHash3's 64-bit finaliser: the keys here are packed fields, far from random. */
    static int mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return (int) x ^ (int) (x >>> 32);
    }
}
