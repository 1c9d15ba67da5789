package io.statewall.benchmarks.workload;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The frames one simulated pair has produced but the merge has not yet written, in time order.
 * A pair fills it one scan cycle at a time; the arena and index arrays are reused once it drains,
 * so steady-state generation allocates nothing.
 */
final class FrameQueue {
    private byte[] arena;
    private MemorySegment segment;
    private long[] timestamps = new long[128];
    private int[] offsets = new int[128];
    private int[] lengths = new int[128];
    private int head;
    private int count;
    private int used;
    private long lastTimestamp = Long.MIN_VALUE;

    FrameQueue(int arenaBytes) {
        arena = new byte[arenaBytes];
        segment = MemorySegment.ofArray(arena);
    }

    /** Makes room for a frame of at most {@code maxLength} bytes; returns where to write it. */
    int reserve(int maxLength) {
        if (used + maxLength > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + maxLength));
            segment = MemorySegment.ofArray(arena);
        }
        return used;
    }

    /** The arena; valid until the next {@link #reserve}. */
    MemorySegment segment() {
        return segment;
    }

    /** Appends the frame just written at the reserved offset. */
    void commit(long timestampMicros, int length) {
        if (timestampMicros < lastTimestamp) {
            throw new IllegalStateException("frame at " + timestampMicros + " µs after one at " + lastTimestamp);
        }
        if (count == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        timestamps[count] = timestampMicros;
        offsets[count] = used;
        lengths[count] = length;
        count++;
        used += length;
        lastTimestamp = timestampMicros;
    }

    /** Frames staged and not yet written. */
    int size() {
        return count - head;
    }

    boolean isEmpty() {
        return head == count;
    }

    long headTimestamp() {
        return timestamps[head];
    }

    /** Writes the oldest frame and drops it; the arena is recycled once all are gone. */
    void writeHead(PcapFileWriter out) throws IOException {
        out.append(timestamps[head], segment, offsets[head], lengths[head]);
        if (++head == count) {
            head = 0;
            count = 0;
            used = 0;
        }
    }
}
