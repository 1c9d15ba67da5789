package io.statewall.engine.image;

import java.util.Arrays;

/**
 * Open-addressing map from a {@code long} key to a non-negative {@code int}, linear probing,
 * no removal (points, servers and what a baseline learns are never forgotten). Grows by
 * doubling when 5/8 full: the only allocation, and only when a new key is added.
 */
public final class LongIntMap {
    public static final int MISSING = -1;

    private long[] keys;
    private int[] values;
    private int mask;
    private int size;
    private int growAt;

    public LongIntMap(int initialCapacity) {
        allocate(Integer.highestOneBit(Math.max(16, initialCapacity - 1) << 1));
    }

    /** The value of {@code key}, or {@link #MISSING}. */
    public int get(long key) {
        for (int slot = Hashing.mix(key) & mask; ; slot = (slot + 1) & mask) {
            int value = values[slot];
            if (value == MISSING || keys[slot] == key) {
                return value;
            }
        }
    }

    /** Sets the value of {@code key}, present or not (a negative value is a programming error). */
    public void put(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        for (int slot = Hashing.mix(key) & mask; values[slot] != MISSING; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                values[slot] = value;
                return;
            }
        }
        putNew(key, value);
    }

    /** Adds a key known to be absent. */
    public void putNew(long key, int value) {
        if (size >= growAt) {
            grow();
        }
        insert(key, value);
        size++;
    }

    public int size() {
        return size;
    }

    private void insert(long key, int value) {
        int slot = Hashing.mix(key) & mask;
        while (values[slot] != MISSING) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(oldKeys.length << 1);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != MISSING) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, MISSING);
        mask = capacity - 1;
        growAt = capacity / 8 * 5;
    }
}
