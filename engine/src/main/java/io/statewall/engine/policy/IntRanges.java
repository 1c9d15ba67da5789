package io.statewall.engine.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of integers as sorted, disjoint, non-adjacent inclusive ranges: what {@code function},
 * {@code unit}, {@code address}, {@code value} and {@code exception_code} match on. Normalised
 * on construction, so two equal sets are equal records and containment is a merge walk.
 */
public record IntRanges(List<Range> ranges) {

    /** {@code lo..hi}, both inclusive. */
    public record Range(long lo, long hi) {
        public Range {
            if (lo > hi) {
                throw new IllegalArgumentException("empty range " + lo + ".." + hi);
            }
        }

        @Override
        public String toString() {
            return lo == hi ? Long.toString(lo) : lo + "-" + hi;
        }
    }

    public IntRanges {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::lo));
        List<Range> merged = new ArrayList<>();
        for (Range r : sorted) {
            Range last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && r.lo() <= last.hi() + 1) {
                merged.set(merged.size() - 1, new Range(last.lo(), Math.max(last.hi(), r.hi())));
            } else {
                merged.add(r);
            }
        }
        if (merged.isEmpty()) {
            throw new IllegalArgumentException("an empty set matches nothing; leave the field out to match anything");
        }
        ranges = List.copyOf(merged);
    }

    public static IntRanges of(long lo, long hi) {
        return new IntRanges(List.of(new Range(lo, hi)));
    }

    public static IntRanges single(long value) {
        return of(value, value);
    }

    public boolean contains(long v) {
        for (Range r : ranges) {
            if (v < r.lo()) {
                return false;
            }
            if (v <= r.hi()) {
                return true;
            }
        }
        return false;
    }

    /** True when some value in {@code lo..hi} is in the set. */
    public boolean intersects(long lo, long hi) {
        for (Range r : ranges) {
            if (r.lo() <= hi && lo <= r.hi()) {
                return true;
            }
        }
        return false;
    }

    public boolean intersects(IntRanges other) {
        for (Range r : other.ranges) {
            if (intersects(r.lo(), r.hi())) {
                return true;
            }
        }
        return false;
    }

    /** True when every value of {@code other} is in this set; ranges are merged, so one range must hold each of its ranges. */
    public boolean containsAll(IntRanges other) {
        outer:
        for (Range o : other.ranges) {
            for (Range r : ranges) {
                if (r.lo() <= o.lo() && o.hi() <= r.hi()) {
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    public long min() {
        return ranges.getFirst().lo();
    }

    public long max() {
        return ranges.getLast().hi();
    }

    @Override
    public String toString() {
        return ranges.size() == 1 ? ranges.getFirst().toString()
                : ranges.stream().map(Range::toString).toList().toString();
    }
}
