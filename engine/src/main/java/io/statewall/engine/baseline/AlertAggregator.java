package io.statewall.engine.baseline;

import io.statewall.engine.alert.Alert;
import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.image.Hashing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One entry per distinct deviation (a pair of {@code long} keys, {@link Deviation#key1()} and
 * {@link Deviation#key2()}): its first alert, how often it recurred and when it was last
 * reported. Finding an entry allocates nothing, so a deviation repeated every scan cycle costs
 * a probe and an increment. Bounded: beyond {@code limit} distinct deviations new ones are only
 * counted, so an address sweep cannot grow memory without end.
 */
final class AlertAggregator {
    static final class Entry {
        final Alert first;
        /** A copy of the flow of the first occurrence, for the summary record's endpoints. */
        final FlowContext flow;
        final long firstAtNanos;
        long lastAtNanos;
        long reportedAtNanos;
        long count = 1;
        long reported = 1;

        Entry(Alert first, FlowContext flow, long at) {
            this.first = first;
            this.flow = flow;
            this.firstAtNanos = at;
            this.lastAtNanos = at;
            this.reportedAtNanos = at;
        }
    }

    private final int limit;
    private long[] keys1 = new long[64];
    private long[] keys2 = new long[64];
    private int[] slots = new int[64];
    private int mask = 63;
    private final List<Entry> entries = new ArrayList<>();

    AlertAggregator(int limit) {
        this.limit = limit;
        Arrays.fill(slots, -1);
    }

    Entry find(long key1, long key2) {
        for (int slot = hash(key1, key2) & mask; ; slot = (slot + 1) & mask) {
            int i = slots[slot];
            if (i < 0) {
                return null;
            }
            if (keys1[slot] == key1 && keys2[slot] == key2) {
                return entries.get(i);
            }
        }
    }

    boolean full() {
        return entries.size() >= limit;
    }

    /** Adds an entry for a pair not present; the caller checked {@link #full()}. */
    void add(long key1, long key2, Entry e) {
        if ((entries.size() + 1) * 2 > slots.length) {
            grow();
        }
        place(key1, key2, entries.size());
        entries.add(e);
    }

    List<Entry> entries() {
        return entries;
    }

    private void place(long key1, long key2, int index) {
        int slot = hash(key1, key2) & mask;
        while (slots[slot] >= 0) {
            slot = (slot + 1) & mask;
        }
        keys1[slot] = key1;
        keys2[slot] = key2;
        slots[slot] = index;
    }

    private void grow() {
        long[] k1 = keys1;
        long[] k2 = keys2;
        int[] s = slots;
        keys1 = new long[s.length * 2];
        keys2 = new long[s.length * 2];
        slots = new int[s.length * 2];
        Arrays.fill(slots, -1);
        mask = slots.length - 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] >= 0) {
                place(k1[i], k2[i], s[i]);
            }
        }
    }

    private static int hash(long key1, long key2) {
        return Hashing.mix(key1 * 0x9E37_79B9_7F4A_7C15L ^ key2);
    }
}
