package io.statewall.engine.baseline;

import java.util.Arrays;

/**
 * One point's learned values in one state, compiled with the tolerances into the limits a
 * value is checked against: a set for discrete points, a range (in the reading, unsigned or
 * int16, whose learned range is narrower) otherwise, and step/rate limits; for commands, a
 * set or range when the point was commanded often enough (the detector holds periodic writes
 * to it; an operator's sporadic command is judged by its move only), and how far a command may
 * move it.
 */
final class Envelope {
    static final byte NONE = 0;
    static final byte SET = 1;
    static final byte RANGE = 2;
    /** How often, on average, a register's values must repeat for it to count as discrete. */
    static final int REPEATS = 4;

    final int point;
    final PointBaseline learned;

    final byte readMode;
    final int[] readSet;
    final boolean readSigned;
    final int readLo;
    final int readHi;
    /** Negative: no step/rate check (bits, too few reads, or never two reads in a row). */
    final double stepLimit;
    final double rateLimit;

    final byte writeMode;
    final int[] writeSet;
    final boolean writeSigned;
    final int writeLo;
    final int writeHi;
    /** Negative: no move check. */
    final double moveLimit;

    Envelope(int point, PointBaseline learned, boolean bit, Tolerances t) {
        this.point = point;
        this.learned = learned;
        ValueStats r = learned.read;
        boolean enough = r.seen >= t.minSamples();
        // Bits and registers that repeat a few values far apart (bit fields, codes) are checked by
        // set; a register whose few values lie close together is an analogue value that happened
        // to move little, and one whose values hardly repeat is an analogue value read rarely.
        boolean discrete = enough && r.hasSet() && (bit || sparse(r) && r.seen >= REPEATS * r.set().length);
        readMode = !enough ? NONE : discrete ? SET : RANGE;
        readSet = discrete ? r.set() : null;
        readSigned = r.signedIsNarrower();
        int lo = readSigned ? r.smin : r.umin;
        int hi = readSigned ? r.smax : r.umax;
        long margin = Math.max(t.rangeMarginMin(), (long) Math.ceil(t.rangeMargin() * ((long) hi - lo)));
        readLo = (int) Math.max(Integer.MIN_VALUE, lo - margin);
        readHi = (int) Math.min(Integer.MAX_VALUE, hi + margin);
        if (enough && !bit && r.maxStep >= 0) {
            stepLimit = r.maxStep * (1 + t.rateMargin()) + t.rangeMarginMin();
            rateLimit = r.maxRate * (1 + t.rateMargin());
        } else {
            stepLimit = -1;
            rateLimit = -1;
        }
        ValueStats w = learned.written;
        boolean commanded = w != null && w.seen >= t.minSamples();
        writeMode = !commanded ? NONE : w.hasSet() ? SET : RANGE;
        writeSet = commanded && w.hasSet() ? w.set() : null;
        writeSigned = w != null && w.signedIsNarrower();
        int wlo = w == null ? 0 : writeSigned ? w.smin : w.umin;
        int whi = w == null ? 0 : writeSigned ? w.smax : w.umax;
        long wmargin = Math.max(t.rangeMarginMin(), (long) Math.ceil(t.rangeMargin() * ((long) whi - wlo)));
        writeLo = (int) (wlo - wmargin);
        writeHi = (int) (whi + wmargin);
        moveLimit = w == null || w.maxMove < 0 ? -1
                : Math.max(w.maxMove * (1 + t.moveMargin()), w.maxMove + (double) t.moveMarginMin());
    }

    private static boolean sparse(ValueStats r) {
        int[] set = r.set();
        return (long) set[set.length - 1] - set[0] + 1 > 2L * set.length;
    }

    /** True when a reported raw value lies outside the set or range (false without a check). */
    boolean readOutside(int raw) {
        return switch (readMode) {
            case SET -> Arrays.binarySearch(readSet, raw) < 0;
            case RANGE -> {
                int x = readSigned ? (short) raw : raw;
                yield x < readLo || x > readHi;
            }
            default -> false;
        };
    }

    /** True when a commanded raw value lies outside the set or range (false without a check). */
    boolean writeOutside(int raw) {
        return switch (writeMode) {
            case SET -> Arrays.binarySearch(writeSet, raw) < 0;
            case RANGE -> {
                int x = writeSigned ? (short) raw : raw;
                yield x < writeLo || x > writeHi;
            }
            default -> false;
        };
    }
}
