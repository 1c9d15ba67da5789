package io.statewall.protocols.modbus;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Requests waiting for their response, oldest first. Each keeps a copy of its ADU in a slab
 * (one 260-byte slot per request) because the response usually arrives in a later packet,
 * when the caller's buffer holding the request is gone. Lookup by transaction id scans the
 * open ids: clients keep one to a few requests in flight, so a scan of a dense int array beats
 * hashing. Storage grows by doubling up to the limit and is then reused: no allocation per
 * frame once the high-water mark is reached.
 */
final class OpenTransactions {
    static final int SLOT_SIZE = Mbap.MAX_ADU;
    private static final int INITIAL_SLOTS = 4;

    private final int maxSlots;
    private byte[] slab;
    private MemorySegment slabSegment;
    /** Per slot. */
    private int[] lengths;
    private int[] flags;
    private long[] timestamps;
    /** Per open request, oldest first: its slot and (copied for a cache-friendly scan) its id. */
    private int[] orderSlots;
    private int[] orderIds;
    private int count;
    private int[] freeSlots;
    private int freeCount;

    OpenTransactions(int maxSlots) {
        this.maxSlots = maxSlots;
        int slots = Math.min(INITIAL_SLOTS, maxSlots);
        slab = new byte[slots * SLOT_SIZE];
        slabSegment = MemorySegment.ofArray(slab);
        lengths = new int[slots];
        flags = new int[slots];
        timestamps = new long[slots];
        orderSlots = new int[slots];
        orderIds = new int[slots];
        freeSlots = new int[slots];
        for (int i = 0; i < slots; i++) {
            freeSlots[freeCount++] = slots - 1 - i;
        }
    }

    int count() {
        return count;
    }

    int capacityLimit() {
        return maxSlots;
    }

    /** Position (0 = oldest) of the open request with this transaction id, or -1. */
    int find(int transactionId) {
        int[] ids = orderIds;
        for (int i = 0; i < count; i++) {
            if (ids[i] == transactionId) {
                return i;
            }
        }
        return -1;
    }

    int slotAt(int position) {
        return orderSlots[position];
    }

    /** Copies the frame in as the newest open request; the caller keeps {@code count() < limit}. */
    void add(ModbusFrame frame, long timestampNanos, int anomalyFlags) {
        if (freeCount == 0) {
            grow();
        }
        int slot = freeSlots[--freeCount];
        int length = frame.length();
        MemorySegment.copy(frame.segment(), frame.offset(), slabSegment, (long) slot * SLOT_SIZE, length);
        lengths[slot] = length;
        flags[slot] = anomalyFlags;
        timestamps[slot] = timestampNanos;
        orderSlots[count] = slot;
        orderIds[count] = frame.transactionId();
        count++;
    }

    /** Closes the request at {@code position}; its slot may be reused by the next {@link #add}. */
    void removeAt(int position) {
        freeSlots[freeCount++] = orderSlots[position];
        int tail = count - position - 1;
        System.arraycopy(orderSlots, position + 1, orderSlots, position, tail);
        System.arraycopy(orderIds, position + 1, orderIds, position, tail);
        count--;
    }

    void clear() {
        while (count > 0) {
            removeAt(count - 1);
        }
    }

    /** Points {@code frame} at the stored copy of the request in {@code slot}. */
    void wrap(ModbusFrame frame, int slot) {
        frame.wrap(slabSegment, (long) slot * SLOT_SIZE, lengths[slot]);
    }

    long timestamp(int slot) {
        return timestamps[slot];
    }

    int flags(int slot) {
        return flags[slot];
    }

    private void grow() {
        int old = lengths.length;
        int slots = Math.min(maxSlots, old * 2);
        if (slots == old) {
            throw new IllegalStateException("open-transaction table full: the session checks the limit first");
        }
        slab = Arrays.copyOf(slab, slots * SLOT_SIZE);
        slabSegment = MemorySegment.ofArray(slab);
        lengths = Arrays.copyOf(lengths, slots);
        flags = Arrays.copyOf(flags, slots);
        timestamps = Arrays.copyOf(timestamps, slots);
        orderSlots = Arrays.copyOf(orderSlots, slots);
        orderIds = Arrays.copyOf(orderIds, slots);
        freeSlots = Arrays.copyOf(freeSlots, slots);
        for (int slot = slots - 1; slot >= old; slot--) {
            freeSlots[freeCount++] = slot;
        }
    }
}
