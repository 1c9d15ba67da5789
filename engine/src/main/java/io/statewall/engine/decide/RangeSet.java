package io.statewall.engine.decide;

import io.statewall.engine.policy.IntRanges;
import java.util.List;

/**
 * {@link IntRanges} flattened into two sorted primitive arrays for binary search: addresses and
 * written values (0–65535) are too wide for a bitmap per rule. The ranges arrive sorted,
 * disjoint and non-adjacent ({@code IntRanges} normalises them), so the highs are sorted too.
 */
final class RangeSet {
    private final long[] lo;
    private final long[] hi;

    private RangeSet(long[] lo, long[] hi) {
        this.lo = lo;
        this.hi = hi;
    }

    /** Null for null: the caller treats a missing field as "any". */
    static RangeSet of(IntRanges ranges) {
        if (ranges == null) {
            return null;
        }
        List<IntRanges.Range> rs = ranges.ranges();
        long[] lo = new long[rs.size()];
        long[] hi = new long[rs.size()];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = rs.get(i).lo();
            hi[i] = rs.get(i).hi();
        }
        return new RangeSet(lo, hi);
    }

    boolean contains(long v) {
        return intersects(v, v);
    }

    /** True when some value of {@code from..to} (inclusive) is in the set. */
    boolean intersects(long from, long to) {
        int low = 0;
        int high = hi.length - 1;
        // first range whose high end reaches `from`
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (hi[mid] < from) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return low < lo.length && lo[low] <= to;
    }
}
