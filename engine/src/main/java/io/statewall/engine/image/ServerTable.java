package io.statewall.engine.image;

import java.util.Arrays;

/**
 * Server endpoints (128-bit address, port) interned to dense ids, so that a point key fits
 * in one {@code long}. Bounded: beyond {@code capacity} a new server gets no id.
 */
final class ServerTable {
    private final int capacity;
    private int[] slots;
    private int mask;
    private long[] addrHi;
    private long[] addrLo;
    private int[] port;
    private int size;

    ServerTable(int capacity) {
        this.capacity = capacity;
        int dense = Math.min(capacity, 64);
        addrHi = new long[dense];
        addrLo = new long[dense];
        port = new int[dense];
        allocateSlots(128);
    }

    /** The id of the server, or -1 when never seen. */
    int find(long hi, long lo, int serverPort) {
        for (int slot = hash(hi, lo, serverPort) & mask; ; slot = (slot + 1) & mask) {
            int id = slots[slot];
            if (id < 0 || (addrLo[id] == lo && addrHi[id] == hi && port[id] == serverPort)) {
                return id;
            }
        }
    }

    /** The id of the server, added when new; -1 when new and the table is full. */
    int intern(long hi, long lo, int serverPort) {
        int id = find(hi, lo, serverPort);
        if (id >= 0 || size >= capacity) {
            return id;
        }
        if (size == addrHi.length) {
            int grown = (int) Math.min(capacity, 2L * size);
            addrHi = Arrays.copyOf(addrHi, grown);
            addrLo = Arrays.copyOf(addrLo, grown);
            port = Arrays.copyOf(port, grown);
        }
        id = size++;
        addrHi[id] = hi;
        addrLo[id] = lo;
        port[id] = serverPort;
        if (size * 2 > slots.length) {
            allocateSlots(slots.length << 1);
            for (int i = 0; i < size; i++) {
                place(i);
            }
        } else {
            place(id);
        }
        return id;
    }

    long addrHi(int id) {
        return addrHi[id];
    }

    long addrLo(int id) {
        return addrLo[id];
    }

    int port(int id) {
        return port[id];
    }

    int size() {
        return size;
    }

    private void place(int id) {
        int slot = hash(addrHi[id], addrLo[id], port[id]) & mask;
        while (slots[slot] >= 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = id;
    }

    private void allocateSlots(int length) {
        slots = new int[length];
        Arrays.fill(slots, -1);
        mask = length - 1;
    }

    private static int hash(long hi, long lo, int serverPort) {
        return Hashing.mix(lo * 31 + serverPort) ^ Hashing.mix(hi);
    }
}
