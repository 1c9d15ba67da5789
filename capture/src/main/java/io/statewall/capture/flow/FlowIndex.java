package io.statewall.capture.flow;

import io.statewall.capture.Packet;

/**
 * Open-addressing index from 5-tuple to {@link Flow}: linear probing over a primitive array of
 * slot hashes, so a probe compares longs and touches a flow only when the 64-bit hash matches.
 * Removal shifts the following entries back (no tombstones), so probe chains never rot.
 * Capacity is at least twice the entry bound: the load factor stays at or below one half.
 */
final class FlowIndex {
    private final long[] hashes;
    private final Flow[] flows;
    private final int mask;
    private int size;

    FlowIndex(int maxEntries) {
        int capacity = Integer.highestOneBit(Math.max(2, maxEntries) * 2 - 1) << 1;
        hashes = new long[capacity];
        flows = new Flow[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    Flow find(long hash, Packet p) {
        int i = (int) hash & mask;
        long h;
        while ((h = hashes[i]) != 0) {
            if (h == hash) {
                Flow f = flows[i];
                if (f.matches(p)) {
                    return f;
                }
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    void insert(Flow f) {
        int i = (int) f.slotHash & mask;
        while (hashes[i] != 0) {
            i = (i + 1) & mask;
        }
        hashes[i] = f.slotHash;
        flows[i] = f;
        size++;
    }

    void remove(Flow f) {
        int i = (int) f.slotHash & mask;
        while (flows[i] != f) {
            if (hashes[i] == 0) {
                throw new IllegalStateException("flow not in the index: " + f);
            }
            i = (i + 1) & mask;
        }
        // Backward-shift: pull up every later entry of the cluster whose home slot does not lie
        // cyclically in (hole, its position], so that no probe chain crosses an empty slot.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            long h = hashes[j];
            if (h == 0) {
                break;
            }
            int home = (int) h & mask;
            boolean stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!stays) {
                hashes[hole] = h;
                flows[hole] = flows[j];
                hole = j;
            }
        }
        hashes[hole] = 0;
        flows[hole] = null;
        size--;
    }

    void clear() {
        java.util.Arrays.fill(hashes, 0);
        java.util.Arrays.fill(flows, null);
        size = 0;
    }
}
