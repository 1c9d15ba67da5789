package io.statewall.capture.flow;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

/**
 * Reassembly of one direction of a TCP connection into the in-order byte stream its
 * {@link StreamHandler} consumes (RFC 9293 §3.4 sequence numbers, §3.10.7.4 segment
 * acceptance, adapted to a passive observer that must not trust either end).
 *
 * <p>Sequence space, relative to {@code nextSeq} (all arithmetic modulo 2<sup>32</sup>; a
 * distance of 2<sup>31</sup> or more is "behind"):
 * <pre>
 *   ... consumed ...|  carry (unconsumed)  |hole| range 0 |hole| range 1 |...      far ahead
 *   ----------------+----------------------+----+---------+----+---------+--- ... ---+-------
 *                 head              nextSeq                           head + limit
 *   buf index:    head              head+carry       rangeStart[i] .. rangeEnd[i]
 * </pre>
 * One buffer holds both the bytes the handler has not consumed yet ({@code carry}, ending at
 * {@code nextSeq}) and the ranges that arrived ahead of a hole, each at its stream position, so
 * that filling a hole makes the bytes contiguous where they already lie. The buffer exists only
 * while something is buffered; the common case (a segment at {@code nextSeq}, nothing
 * buffered) goes to the handler straight from the capture's bytes.
 *
 * <p>Rules: the first copy of a byte wins (later overlapping bytes are trimmed, and counted
 * as conflicts when they differ from a copy still at hand); a segment entirely at or before
 * {@code nextSeq} is a retransmission; a FIN consumes one sequence number and nothing after
 * it is data. When bytes are given up, {@link StreamHandler#onGap} reports the hole plus any
 * unconsumed bytes discarded with it, so that bytes consumed plus bytes reported missing
 * always equal how far the stream advanced.
 */
final class TcpStream {
    private static final long MASK = 0xFFFF_FFFFL;
    /** Distances from here on are behind, not ahead (half the sequence space). */
    private static final long HALF = 1L << 31;
    /** RST acceptance window when the buffer limit is smaller than a classic TCP window. */
    private static final long MIN_RST_WINDOW = 65_535;

    private final Flow flow;
    private final boolean toServer;
    private final StreamContext ctx;
    TcpStream peer;

    boolean started;
    /** Sequence number of the next byte expected in order. */
    long nextSeq;
    /** This direction has sent ACKs, so its acknowledgement numbers speak for the peer's data. */
    boolean sentAck;
    boolean finSeen;
    /** The FIN's own sequence number was reached: nothing more follows in this direction. */
    boolean finDone;
    long finSeq;
    /** A segment beyond the buffer was dropped; its end is evidence that the hole was real. */
    private boolean droppedAhead;
    private long droppedAheadEnd;

    byte[] buf;
    MemorySegment bufSeg;
    private int head;
    private int carry;
    private int[] rangeStart, rangeEnd;
    private int ranges;

    // Links of BufferBudget's size-class lists.
    TcpStream budgetPrev, budgetNext;
    int budgetClass = -1;

    TcpStream(Flow flow, boolean toServer, StreamContext ctx) {
        this.flow = flow;
        this.toServer = toServer;
        this.ctx = ctx;
    }

    /** First segment of this direction: a SYN's sequence number plus one, or mid-stream pick-up. */
    void start(long seq) {
        started = true;
        nextSeq = seq & MASK;
    }

    /** Payload of one segment, {@code seq} being the sequence number of its first byte. */
    void segment(long seq, MemorySegment data, long offset, int length, long ts) {
        if (seq == nextSeq && (carry | ranges) == 0 && !finSeen) {
            deliverDirect(data, offset, length, ts);
        } else {
            slowSegment(seq & MASK, data, offset, length, ts);
        }
    }

    /** In order and nothing buffered: offer the capture's bytes, keep only what is left over. */
    private void deliverDirect(MemorySegment data, long offset, int length, long ts) {
        assert buf == null && carry == 0 && ranges == 0;
        nextSeq = (nextSeq + length) & MASK;
        int left = length;
        while (true) {
            int consumed = ctx.handler.onData(flow, toServer, data, offset, left, ts);
            if (consumed == left) {
                return;
            }
            StreamContext.checkConsumed(consumed, left);
            if (consumed == 0) {
                break;
            }
            offset += consumed;
            left -= consumed;
        }
        if (left > ctx.maxBufferedPerDirection) {
            report(left, ts);
            return;
        }
        ctx.budget.acquire(this, left);
        MemorySegment.copy(data, JAVA_BYTE, offset, buf, 0, left);
        head = 0;
        carry = left;
    }

    private void slowSegment(long seq, MemorySegment data, long offset, int length, long ts) {
        if (finSeen) {
            long beforeFin = (finSeq - seq) & MASK;
            if (beforeFin >= HALF) {
                beforeFin = 0;
            }
            if (length > beforeFin) {
                ctx.bytesAfterFin += length - beforeFin;
                length = (int) beforeFin;
            }
        }
        while (length > 0) {
            long rel = (seq - nextSeq) & MASK;
            if (rel >= HALF) {
                long old = (MASK + 1) - rel;
                boolean differs = differsFromCarry(seq, data, offset, (int) Math.min(old, length));
                if (length <= old) {
                    ctx.retransmittedBytes += length;
                    if (differs) {
                        ctx.overlapConflicts++;
                    }
                    return;
                }
                ctx.overlapBytes += old;
                if (differs) {
                    ctx.overlapConflicts++;
                }
                seq = nextSeq;
                offset += old;
                length -= (int) old;
                continue;
            }
            if (rel == 0 && (carry | ranges) == 0) {
                deliverDirect(data, offset, length, ts);
                checkFin();
                return;
            }
            if (rel > 0 && rel + length > ctx.maxBufferedPerDirection) {
                // Beyond anything we could hold. With the peer's ACKs to go by, wait for them to
                // prove the hole (a lone forged segment must not jump the stream); without them
                // (one-sided capture) resynchronise on it.
                if (peer.sentAck) {
                    noteDroppedAhead((seq + length) & MASK);
                    ctx.outOfWindowSegments++;
                    return;
                }
                skipTo(seq, ts);
                continue;
            }
            if (fits(rel, length)) {
                store((int) rel, data, offset, length, ts);
                return;
            }
            if (rel > 0) {
                // Queue full: give up the first hole (never past this segment's own start) and retry.
                long target = seq;
                if (ranges > 0) {
                    long firstRange = (nextSeq + rangeStart[0] - (head + carry)) & MASK;
                    if (((firstRange - nextSeq) & MASK) < rel) {
                        target = firstRange;
                    }
                }
                skipTo(target, ts);
            } else if (carry > 0) {
                // Unconsumed bytes plus this segment exceed the limit: the handler cannot make progress.
                gap(0, ts);
            } else {
                // One segment longer than the whole buffer, at nextSeq: it covers every queued range.
                dropRangesCoveredBy(data, offset, length);
            }
        }
    }

    private boolean fits(long rel, int length) {
        long span = Math.max((long) carry + rel + length, ranges > 0 ? rangeEnd[ranges - 1] - head : carry);
        if (span > ctx.maxBufferedPerDirection) {
            return false;
        }
        if (rel == 0 || ranges < ctx.maxRangesPerDirection) {
            return true;
        }
        long s = head + carry + rel;
        long e = s + length;
        int touching = 0;
        for (int i = 0; i < ranges; i++) {
            if (rangeEnd[i] >= s && rangeStart[i] <= e) {
                touching++;
            }
        }
        return ranges - touching + 1 <= ctx.maxRangesPerDirection;
    }

    /** Copies the segment's new bytes to their place, compares the rest with the first copy. */
    private void store(int rel, MemorySegment data, long offset, int length, long ts) {
        int span = Math.max(carry + rel + length, ranges > 0 ? rangeEnd[ranges - 1] - head : carry);
        ensureCapacity(span);
        if (rangeStart == null) {
            rangeStart = new int[ctx.maxRangesPerDirection + 1];
            rangeEnd = new int[ctx.maxRangesPerDirection + 1];
        }
        int s = head + carry + rel;
        int e = s + length;
        int cursor = s;
        long duplicate = 0;
        boolean differs = false;
        for (int i = 0; i < ranges && rangeStart[i] < e; i++) {
            if (rangeEnd[i] <= s) {
                continue;
            }
            int a = Math.max(rangeStart[i], s);
            int b = Math.min(rangeEnd[i], e);
            if (a > cursor) {
                MemorySegment.copy(data, JAVA_BYTE, offset + (cursor - s), buf, cursor, a - cursor);
            }
            differs |= MemorySegment.mismatch(data, offset + (a - s), offset + (b - s), bufSeg, a, b) >= 0;
            duplicate += b - a;
            cursor = b;
        }
        if (cursor < e) {
            MemorySegment.copy(data, JAVA_BYTE, offset + (cursor - s), buf, cursor, e - cursor);
        }
        insertRange(s, e);
        if (duplicate == length) {
            ctx.retransmittedBytes += length;
        } else {
            ctx.overlapBytes += duplicate;
        }
        if (differs) {
            ctx.overlapConflicts++;
        }
        if (rel == 0) {
            absorbContiguous();
            offer(ts);
        } else {
            ctx.outOfOrderSegments++;
        }
    }

    /** Adds [s, e) to the sorted ranges, merging every range it overlaps or touches. */
    private void insertRange(int s, int e) {
        int lo = 0;
        while (lo < ranges && rangeEnd[lo] < s) {
            lo++;
        }
        int hi = lo;
        while (hi < ranges && rangeStart[hi] <= e) {
            hi++;
        }
        int start = lo < hi ? Math.min(s, rangeStart[lo]) : s;
        int end = lo < hi ? Math.max(e, rangeEnd[hi - 1]) : e;
        System.arraycopy(rangeStart, hi, rangeStart, lo + 1, ranges - hi);
        System.arraycopy(rangeEnd, hi, rangeEnd, lo + 1, ranges - hi);
        rangeStart[lo] = start;
        rangeEnd[lo] = end;
        ranges += 1 - (hi - lo);
    }

    private void removeFirstRange() {
        ranges--;
        System.arraycopy(rangeStart, 1, rangeStart, 0, ranges);
        System.arraycopy(rangeEnd, 1, rangeEnd, 0, ranges);
    }

    /** A range that starts at nextSeq joins the carry (ranges never touch each other). */
    private void absorbContiguous() {
        if (ranges > 0 && rangeStart[0] == head + carry) {
            int n = rangeEnd[0] - rangeStart[0];
            carry += n;
            nextSeq = (nextSeq + n) & MASK;
            removeFirstRange();
        }
        checkFin();
    }

    /** Offers the carry for as long as the handler makes progress. */
    private void offer(long ts) {
        while (carry > 0) {
            int consumed = StreamContext.checkConsumed(
                    ctx.handler.onData(flow, toServer, bufSeg, head, carry, ts), carry);
            if (consumed == 0) {
                break;
            }
            head += consumed;
            carry -= consumed;
        }
        if (carry == 0 && ranges == 0) {
            releaseBuffer();
        }
    }

    /**
     * Gives up {@code hole} bytes at nextSeq (at most up to the first range) together with the
     * unconsumed carry, and tells the handler.
     */
    private void gap(long hole, long ts) {
        long missing = carry + hole;
        nextSeq = (nextSeq + hole) & MASK;
        if (ranges > 0) {
            head += carry + (int) hole;
            carry = 0;
        } else {
            carry = 0;
            releaseBuffer();
        }
        if (missing > 0) {
            report(missing, ts);
        }
        checkFin();
    }

    private void report(long missing, long ts) {
        ctx.gaps++;
        ctx.gapBytes += missing;
        ctx.handler.onGap(flow, toServer, missing, ts);
    }

    /** Advances to {@code target}: holes on the way become gaps, queued ranges are delivered. */
    private void skipTo(long target, long ts) {
        while (!finDone) {
            long distance = (target - nextSeq) & MASK;
            if (distance == 0 || distance >= HALF) {
                return;
            }
            if (finSeen) {
                // Nothing lies beyond a FIN: never skip over its sequence number.
                distance = Math.min(distance, (finSeq - nextSeq) & MASK);
            }
            if (ranges > 0) {
                long hole = rangeStart[0] - (head + carry);
                if (hole <= distance) {
                    gap(hole, ts);
                    absorbContiguous();
                    offer(ts);
                    continue;
                }
            }
            gap(distance, ts);
            return;
        }
    }

    private void checkFin() {
        if (finSeen && !finDone && nextSeq == finSeq) {
            finDone = true;
            nextSeq = (finSeq + 1) & MASK;
        }
    }

    /** FIN at sequence number {@code seq} (the number after the segment's data). */
    void onFin(long seq, long ts) {
        if (finSeen) {
            return;
        }
        seq &= MASK;
        long rel = (seq - nextSeq) & MASK;
        if (rel >= HALF) {
            return;
        }
        if (rel > ctx.maxBufferedPerDirection) {
            ctx.outOfWindowSegments++;
            return;
        }
        if (ranges > 0 && rangeEnd[ranges - 1] - (head + carry) > rel) {
            return;
        }
        finSeen = true;
        finSeq = seq;
        checkFin();
    }

    /**
     * The peer acknowledged up to {@code ack}. If that passes a hole we hold data (or a FIN)
     * behind, the hole's bytes were sent but never captured: stop waiting for them. The skip
     * goes no further than data actually seen, so an ACK that overtakes its data in the capture
     * (mirror ports reorder) or a forged one cannot throw away bytes yet to come.
     */
    void onPeerAck(long ack, long ts) {
        if (ranges == 0 && !droppedAhead && (!finSeen || finDone)) {
            return;
        }
        if (!started || finDone) {
            return;
        }
        long acked = (ack - nextSeq) & MASK;
        if (acked == 0 || acked >= HALF) {
            return;
        }
        long seen = ranges > 0 ? rangeEnd[ranges - 1] - (head + carry) : 0;
        if (droppedAhead) {
            long d = (droppedAheadEnd - nextSeq) & MASK;
            if (d == 0 || d >= HALF) {
                droppedAhead = false;
            } else {
                seen = Math.max(seen, d);
            }
        }
        if (finSeen) {
            seen = Math.max(seen, (finSeq - nextSeq) & MASK);
        }
        long distance = Math.min(acked, seen);
        if (distance > 0) {
            skipTo((nextSeq + distance) & MASK, ts);
        }
    }

    /** An RST counts only near where this direction's stream is (RFC 5961 §3 in spirit). */
    boolean rstAcceptable(long seq) {
        if (!started) {
            return true;
        }
        long rel = (seq - nextSeq) & MASK;
        long window = Math.max(MIN_RST_WINDOW, ctx.maxBufferedPerDirection);
        return rel <= window || (MASK + 1) - rel <= window;
    }

    /** The flow ends: deliver everything queued, skipping holes, up to the FIN if one was seen. */
    void flush(long ts) {
        if (!started) {
            return;
        }
        if (finSeen && !finDone) {
            skipTo(finSeq, ts);
        } else if (ranges > 0) {
            skipTo((nextSeq + rangeEnd[ranges - 1] - (head + carry)) & MASK, ts);
        }
    }

    /** Memory pressure: deliver the queue across its holes, drop the carry, free the buffer. */
    void giveUp(long ts) {
        if (ranges > 0) {
            skipTo((nextSeq + rangeEnd[ranges - 1] - (head + carry)) & MASK, ts);
        }
        if (carry > 0) {
            gap(0, ts);
        }
        releaseBuffer();
    }

    /** The flow left the table: unconsumed bytes are dropped silently (the stream just ended). */
    void discard() {
        carry = 0;
        ranges = 0;
        releaseBuffer();
    }

    private void releaseBuffer() {
        if (buf != null) {
            ctx.budget.release(this);
        }
        head = 0;
    }

    /** Room for {@code span} bytes from head: compact in place, or grow geometrically. */
    private void ensureCapacity(int span) {
        if (buf == null) {
            ctx.budget.acquire(this, span);
            head = 0;
            return;
        }
        if (head + span <= buf.length) {
            return;
        }
        int live = (ranges > 0 ? rangeEnd[ranges - 1] : head + carry) - head;
        if (span <= buf.length) {
            System.arraycopy(buf, head, buf, 0, live);
        } else {
            ctx.budget.grow(this, span, head, live);
        }
        for (int i = 0; i < ranges; i++) {
            rangeStart[i] -= head;
            rangeEnd[i] -= head;
        }
        head = 0;
    }

    /** Whether the old bytes [seq, seq + length) differ from the first copy, where it is still held. */
    private boolean differsFromCarry(long seq, MemorySegment data, long offset, int length) {
        if (carry == 0) {
            return false;
        }
        long carryEnd = finDone ? finSeq : nextSeq;
        long back = (carryEnd - seq) & MASK;
        long start = carry - back;
        long a = Math.max(0, start);
        long b = Math.min(carry, start + length);
        if (a >= b) {
            return false;
        }
        return MemorySegment.mismatch(data, offset + (a - start), offset + (b - start),
                bufSeg, head + a, head + b) >= 0;
    }

    /** At nextSeq and longer than the buffer: every queued range lies inside it; first copies lost. */
    private void dropRangesCoveredBy(MemorySegment data, long offset, int length) {
        int base = head + carry;
        boolean differs = false;
        for (int i = 0; i < ranges; i++) {
            int a = rangeStart[i] - base;
            int b = Math.min(rangeEnd[i] - base, length);
            if (a < b) {
                differs |= MemorySegment.mismatch(data, offset + a, offset + b, bufSeg, rangeStart[i], rangeStart[i] + (b - a)) >= 0;
                ctx.overlapBytes += b - a;
            }
        }
        if (differs) {
            ctx.overlapConflicts++;
        }
        ranges = 0;
        releaseBuffer();
    }

    private void noteDroppedAhead(long end) {
        if (!droppedAhead || ((end - droppedAheadEnd) & MASK) < HALF) {
            droppedAheadEnd = end;
        }
        droppedAhead = true;
    }

    int bufferedBytes() {
        return buf == null ? 0 : (ranges > 0 ? rangeEnd[ranges - 1] : head + carry) - head;
    }
}
