package io.statewall.engine.decide;

import java.util.Arrays;

/**
 * The sliding window of one {@code rate: N/window} rule: counts the rule's matching messages
 * and says whether the one at hand is beyond N within {@code (now - window, now]}
 * (docs/policy-format.md: "fires only on the messages beyond N within the sliding duration").
 * Every matching message counts, those that fire included, so a flood keeps firing.
 *
 * <p>Up to {@link #EXACT_LIMIT} the window is exact: a ring of the last N timestamps, and the
 * message fires when the oldest of them is still inside the window. Above it, memory would grow
 * with N, so the window is 64 buckets of {@code window / 64} and a message fires when the
 * buckets of the last window hold more than N: exact to one bucket's width.
 *
 * <p>Shared by the packet threads: each call holds the window's monitor for a few instructions
 * (uncontended, it allocates nothing).
 */
final class RateWindow {
    static final int EXACT_LIMIT = 4096;
    private static final int BUCKETS = 64;

    private final int count;
    private final long windowNanos;
    /** Exact mode: ring of the last {@code count} timestamps. */
    private final long[] times;
    private int next;
    private int size;
    /** Bucket mode: per slot, the bucket number it holds and its count. */
    private final long[] bucketNumber;
    private final long[] bucketCount;
    private final long bucketNanos;

    RateWindow(int count, long windowNanos) {
        this.count = count;
        this.windowNanos = windowNanos;
        if (count <= EXACT_LIMIT) {
            times = new long[count];
            bucketNumber = bucketCount = null;
            bucketNanos = 0;
        } else {
            times = null;
            bucketNumber = new long[BUCKETS];
            Arrays.fill(bucketNumber, Long.MIN_VALUE);
            bucketCount = new long[BUCKETS];
            bucketNanos = Math.max(1, windowNanos / BUCKETS);
        }
    }

    /** Counts a matching message at {@code now}; true when it is beyond N within the window. */
    synchronized boolean hit(long now) {
        return times != null ? hitExact(now) : hitBucketed(now);
    }

    private boolean hitExact(long now) {
        if (count == 0) {
            return true;
        }
        boolean beyond = size == count && now - times[next] < windowNanos;
        times[next] = now;
        next = next + 1 == count ? 0 : next + 1;
        size = Math.min(size + 1, count);
        return beyond;
    }

    private boolean hitBucketed(long now) {
        long bucket = Math.floorDiv(now, bucketNanos);
        int slot = Math.floorMod(bucket, BUCKETS);
        if (bucketNumber[slot] != bucket) {
            bucketNumber[slot] = bucket;
            bucketCount[slot] = 0;
        }
        bucketCount[slot]++;
        long inWindow = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long age = bucket - bucketNumber[i];
            if (age >= 0 && age < BUCKETS) {
                inWindow += bucketCount[i];
            }
        }
        return inWindow > count;
    }

    /**
     * Takes over what {@code old} counted (a policy swap keeping a rule id): everything when both
     * have the same rate; the most recent timestamps that fit when both are exact; else nothing.
     */
    void carryFrom(RateWindow old) {
        synchronized (old) {
            if (old.count == count && old.windowNanos == windowNanos) {
                if (times != null) {
                    System.arraycopy(old.times, 0, times, 0, count);
                    next = old.next;
                    size = old.size;
                } else {
                    System.arraycopy(old.bucketNumber, 0, bucketNumber, 0, BUCKETS);
                    System.arraycopy(old.bucketCount, 0, bucketCount, 0, BUCKETS);
                }
            } else if (times != null && old.times != null && count > 0) {
                int keep = Math.min(old.size, count);
                // oldest kept first, so the ring's order is time order
                for (int k = keep; k >= 1; k--) {
                    int at = Math.floorMod(old.next - k, old.count);
                    times[next] = old.times[at];
                    next = next + 1 == count ? 0 : next + 1;
                    size = Math.min(size + 1, count);
                }
            }
        }
    }
}
