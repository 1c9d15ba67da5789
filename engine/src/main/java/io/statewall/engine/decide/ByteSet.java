package io.statewall.engine.decide;

import io.statewall.engine.policy.IntRanges;

/**
 * A set of byte values 0–255 as a 256-bit map: function codes, unit ids and exception codes are
 * one byte on the wire (MB-AP §4.1, MB-TCP §3.1.3 unit identifier, MB-AP §7), so a lookup is one
 * shift. Immutable.
 */
final class ByteSet {
    static final ByteSet ALL = new ByteSet(new long[] {-1L, -1L, -1L, -1L});

    private final long[] bits;

    private ByteSet(long[] bits) {
        this.bits = bits;
    }

    /** The set's members within 0–255; null stands for "any", as in the policy model. */
    static ByteSet of(IntRanges ranges) {
        if (ranges == null) {
            return ALL;
        }
        long[] bits = new long[4];
        for (IntRanges.Range r : ranges.ranges()) {
            for (long v = Math.max(0, r.lo()); v <= Math.min(255, r.hi()); v++) {
                bits[(int) v >>> 6] |= 1L << v;
            }
        }
        return new ByteSet(bits);
    }

    /** False for anything outside 0–255, such as the -1 an absent field reads as. */
    boolean contains(int v) {
        return (v & ~0xFF) == 0 && (bits[v >>> 6] & 1L << v) != 0;
    }
}
