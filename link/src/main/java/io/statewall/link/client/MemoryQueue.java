package io.statewall.link.client;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The first stop of every record the NMA offers: a bounded ring of bytes in memory, filled by
 * the NMA's threads and emptied into the on-disk {@link Spool} by the link's spool thread. An
 * offer numbers the record (per NMA, rising by one), copies it in and returns: it never waits
 * for the disk or the network, it allocates nothing, and it never throws. When the ring is
 * full the new record is dropped and counted; its number stays used, so the drop is a visible
 * gap at the ASMA.
 *
 * <pre>
 * entry = length:u32  seq:u64  kind:u8  time_ns:i64  json (length bytes)
 * </pre>
 */
final class MemoryQueue {
    static final int ENTRY_HEADER = 4 + 8 + 1 + 8;

    private final byte[] ring;
    private final int maxRecordBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private long head;
    private long tail;
    private long lastSeq;
    private long offered;
    private long dropped;
    private long invalid;
    private volatile Thread consumer;

    MemoryQueue(int capacity, int maxRecordBytes, long lastSeq) {
        this.ring = new byte[capacity];
        this.maxRecordBytes = maxRecordBytes;
        this.lastSeq = lastSeq;
    }

    /** The thread to wake when the ring stops being empty. */
    void consumer(Thread t) {
        consumer = t;
    }

    /** Offers a record; see the class comment. Returns its seq. */
    long offer(int kind, long timeNanos, byte[] json, int off, int len) {
        boolean ok = len <= maxRecordBytes && JsonLine.valid(json, off, len);
        boolean wake;
        long seq;
        lock.lock();
        try {
            seq = ++lastSeq;
            offered++;
            if (!ok) {
                invalid++;
                dropped++;
                return seq;
            }
            int need = ENTRY_HEADER + len;
            if (tail - head + need > ring.length) {
                // Full: the newest record goes, the older ones stay (see Spool: the first
                // events of an incident are the ones worth keeping).
                dropped++;
                return seq;
            }
            wake = tail == head;
            long p = tail;
            p = putInt(p, len);
            p = putLong(p, seq);
            ring[index(p)] = (byte) kind;
            p++;
            p = putLong(p, timeNanos);
            p = put(p, json, off, len);
            tail = p;
        } finally {
            lock.unlock();
        }
        Thread c = consumer;
        if (wake && c != null) {
            LockSupport.unpark(c);
        }
        return seq;
    }

    long offer(int kind, long timeNanos, String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return offer(kind, timeNanos, b, 0, b.length);
    }

    /**
     * Moves whole entries, oldest first, into {@code out} (as many as fit); returns the bytes
     * moved (0: empty). {@code out} must hold the largest entry.
     */
    int drain(byte[] out) {
        lock.lock();
        try {
            long p = head;
            int n = 0;
            while (p < tail) {
                int len = getInt(p);
                int entry = ENTRY_HEADER + len;
                if (n + entry > out.length) {
                    break;
                }
                n += entry;
                p += entry;
            }
            get(head, out, 0, n);
            head += n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return head == tail;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Numbers the next record after {@code seq} at least: the ASMA already holds records up to
     * {@code seq} from this NMA's name (its data directory was lost), and would ignore lower ones.
     */
    void continueAfter(long seq) {
        lock.lock();
        try {
            if (seq > lastSeq) {
                lastSeq = seq;
            }
        } finally {
            lock.unlock();
        }
    }

    long lastSeq() {
        lock.lock();
        try {
            return lastSeq;
        } finally {
            lock.unlock();
        }
    }

    /** Offered, dropped, invalid: one consistent snapshot. */
    long[] counts() {
        lock.lock();
        try {
            return new long[] {offered, dropped, invalid, tail - head};
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return ring.length;
    }

    private int index(long p) {
        return (int) (p % ring.length);
    }

    private long putInt(long p, int v) {
        for (int s = 24; s >= 0; s -= 8) {
            ring[index(p++)] = (byte) (v >>> s);
        }
        return p;
    }

    private long putLong(long p, long v) {
        for (int s = 56; s >= 0; s -= 8) {
            ring[index(p++)] = (byte) (v >>> s);
        }
        return p;
    }

    private long put(long p, byte[] b, int off, int len) {
        int i = index(p);
        int first = Math.min(len, ring.length - i);
        System.arraycopy(b, off, ring, i, first);
        System.arraycopy(b, off + first, ring, 0, len - first);
        return p + len;
    }

    private int getInt(long p) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            v = (v << 8) | (ring[index(p + k)] & 0xFF);
        }
        return v;
    }

    private void get(long p, byte[] out, int off, int len) {
        int i = index(p);
        int first = Math.min(len, ring.length - i);
        System.arraycopy(ring, i, out, off, first);
        System.arraycopy(ring, 0, out, off + first, len - first);
    }
}
