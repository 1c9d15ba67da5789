package io.statewall.capture.flow;

import java.lang.foreign.MemorySegment;

/**
 * The reassembly memory of one table: hands out stream buffers, accounts their capacity
 * against {@link FlowLimits#maxBufferedBytesTotal()}, and finds the biggest holder when the
 * total is exceeded.
 *
 * <p>Buffers are power-of-two sized (capped at the per-direction limit), so holders are kept
 * in one list per size class and the biggest is the head of the highest non-empty class: no
 * scan over flows, however many there are. Small buffers, the ones a dissector's carried-over
 * partial frame needs on almost every flow, return to a bounded free pool for reuse, each with
 * its segment view, so steady carry-over traffic allocates nothing.
 */
final class BufferBudget {
    static final int SMALL_CAPACITY = 4096;
    private static final int POOL_SIZE = 256;

    final int small;
    private final int maxCapacity;
    private final long total;
    private long allocated;

    private final byte[][] freeArrays = new byte[POOL_SIZE][];
    private final MemorySegment[] freeSegments = new MemorySegment[POOL_SIZE];
    private int free;

    /** Holders per capacity class (floor of log2 of the capacity). */
    private final TcpStream[] classHeads = new TcpStream[32];
    private int highestClass = -1;

    BufferBudget(int maxCapacity, long total) {
        this.maxCapacity = maxCapacity;
        this.total = total;
        this.small = Math.min(SMALL_CAPACITY, maxCapacity);
    }

    long allocated() {
        return allocated;
    }

    boolean overLimit() {
        return allocated > total;
    }

    /** Gives {@code s} a buffer of at least {@code need} bytes (need ≤ the per-direction limit). */
    void acquire(TcpStream s, int need) {
        if (need <= small && free > 0) {
            free--;
            s.buf = freeArrays[free];
            s.bufSeg = freeSegments[free];
            freeArrays[free] = null;
            freeSegments[free] = null;
        } else {
            int capacity = need <= small ? small : (int) Math.min(maxCapacity, ceilPowerOfTwo(need));
            s.buf = new byte[capacity];
            s.bufSeg = MemorySegment.ofArray(s.buf);
        }
        link(s);
    }

    /**
     * Replaces the buffer of {@code s} by one of at least {@code need} bytes, keeping the
     * {@code length} live bytes that start at {@code from}, which move to index 0.
     */
    void grow(TcpStream s, int need, int from, int length) {
        byte[] old = s.buf;
        release(s);
        int capacity = (int) Math.min(maxCapacity, ceilPowerOfTwo(need));
        s.buf = new byte[capacity];
        s.bufSeg = MemorySegment.ofArray(s.buf);
        System.arraycopy(old, from, s.buf, 0, length);
        link(s);
    }

    /** Takes back the buffer of {@code s}; its contents are garbage from now on. */
    void release(TcpStream s) {
        unlink(s);
        if (s.buf.length == small && free < POOL_SIZE) {
            freeArrays[free] = s.buf;
            freeSegments[free] = s.bufSeg;
            free++;
        }
        s.buf = null;
        s.bufSeg = null;
    }

    /** The stream holding the most buffer memory (to a factor of two), or null. */
    TcpStream largest() {
        while (highestClass >= 0 && classHeads[highestClass] == null) {
            highestClass--;
        }
        return highestClass < 0 ? null : classHeads[highestClass];
    }

    private void link(TcpStream s) {
        int c = 31 - Integer.numberOfLeadingZeros(s.buf.length);
        s.budgetClass = c;
        s.budgetPrev = null;
        s.budgetNext = classHeads[c];
        if (s.budgetNext != null) {
            s.budgetNext.budgetPrev = s;
        }
        classHeads[c] = s;
        if (c > highestClass) {
            highestClass = c;
        }
        allocated += s.buf.length;
    }

    private void unlink(TcpStream s) {
        if (s.budgetPrev == null) {
            classHeads[s.budgetClass] = s.budgetNext;
        } else {
            s.budgetPrev.budgetNext = s.budgetNext;
        }
        if (s.budgetNext != null) {
            s.budgetNext.budgetPrev = s.budgetPrev;
        }
        s.budgetPrev = s.budgetNext = null;
        s.budgetClass = -1;
        allocated -= s.buf.length;
    }

    private static long ceilPowerOfTwo(int n) {
        return n <= 1 ? 1 : Long.highestOneBit((long) n - 1) << 1;
    }
}
