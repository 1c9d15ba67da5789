package io.statewall.engine.baseline;

import io.statewall.protocols.DataArea;
import java.util.Arrays;
import java.util.List;

/**
 * A server unit's points in the baseline file: a table, one line per point, inside a YAML
 * literal block. A plant has thousands of points; one line each keeps the file short, easy to
 * read and to diff, and quick to load (the YAML parser sees one scalar, not a token per number).
 * <pre>
 *  # area            address  seen  values      int16      max_step  max_rate  written  values  int16  max_move
 *  holding_registers 100      4514  1420..1580  1420..1580 5         10.1      -        -       -      -
 *  holding_registers 210      4514  440,460,480 -          0         0         13       440,460 -      20
 *  coils             5        4514  0,1         -          1         2         -        -       -      -
 * </pre>
 * {@code values} is the set of distinct values ({@code a,b,c}, at most {@value ValueStats#MAX_SET})
 * or, beyond that, the unsigned range {@code lo..hi} with the same values' int16 range beside it;
 * {@code max_step} and {@code max_rate} (per second) describe consecutive reads; the {@code
 * written} columns describe commands, with {@code max_move} the largest move of a point from its
 * value at the time. A dash is "none".
 */
final class PointTable {
    static final String[] HEADER = {"# area", "address", "seen", "values", "int16", "max_step", "max_rate", "written",
        "values", "int16", "max_move"};
    private static final int COLUMNS = HEADER.length;
    private static final String NONE = "-";
    private static final int MAX_PAD = 18;

    private PointTable() {
    }

    static String[] row(String area, int address, PointBaseline p) {
        String[] r = new String[COLUMNS];
        r[0] = area;
        r[1] = Integer.toString(address);
        values(p.read, r, 2);
        r[5] = p.read.seen > 0 && p.read.maxStep >= 0 ? Integer.toString(p.read.maxStep) : NONE;
        r[6] = p.read.seen > 0 && p.read.maxStep >= 0 ? ValueStats.formatRate(p.read.maxRate) : NONE;
        values(p.written, r, 7);
        r[10] = p.written != null && p.written.maxMove >= 0 ? Integer.toString(p.written.maxMove) : NONE;
        return r;
    }

    /** seen, values, int16 at {@code at}. */
    private static void values(ValueStats v, String[] r, int at) {
        if (v == null || v.seen == 0) {
            r[at] = at == 2 ? "0" : NONE;
            r[at + 1] = NONE;
            r[at + 2] = NONE;
            return;
        }
        r[at] = Long.toString(v.seen);
        if (v.hasSet()) {
            StringBuilder b = new StringBuilder();
            for (int x : v.set()) {
                b.append(b.isEmpty() ? "" : ",").append(x);
            }
            r[at + 1] = b.toString();
            r[at + 2] = NONE;
        } else {
            r[at + 1] = v.umin + ".." + v.umax;
            r[at + 2] = v.smin + ".." + v.smax;
        }
    }

    /** Writes the rows aligned (see {@link Cells#align}). */
    static void align(List<String[]> rows, String indent, StringBuilder out) {
        Cells.align(rows, MAX_PAD, indent, out);
    }

    /** A problem in a row, at a character offset of the line. */
    @FunctionalInterface
    interface Problems {
        void at(int offset, String message);
    }

    /** One row read: the point, what was read of it (null for none), what was written (null for none). */
    record Row(DataArea area, int address, ValueStats read, ValueStats written) {}

    /** Reads a row; null (after reporting) when it is wrong. */
    static Row parse(String line, Problems problems) {
        Cells cells = new Cells(line);
        if (cells.size() != COLUMNS) {
            problems.at(0, "a point's line has " + COLUMNS + " columns (" + String.join(" ", HEADER).substring(2) + "), this one "
                    + cells.size());
            return null;
        }
        Reader r = new Reader(line, cells, problems);
        DataArea area = r.area(0);
        int address = (int) r.integer(1, 0, 0xFFFF);
        boolean bit = area == DataArea.COILS || area == DataArea.DISCRETE_INPUTS;
        long readSeen = r.integer(2, 0, Long.MAX_VALUE);
        ValueStats read = readSeen > 0 ? r.values(readSeen, 3, bit) : r.none(3, 4);
        if (readSeen > 0) {
            boolean noStep = r.dash(5);
            boolean noRate = r.dash(6);
            if (noStep != noRate) {
                problems.at(cells.offset(noStep ? 6 : 5), "give max_step and max_rate together, or a dash for both");
                r.failed = true;
            } else if (!noStep && read != null) {
                read.maxStep = (int) r.integer(5, 0, 0xFFFF);
                read.maxRate = r.decimal(6, 0, 1e12);
            }
        } else {
            r.none(5, 6);
        }
        ValueStats written = null;
        if (!r.dash(7)) {
            long seen = r.integer(7, 1, Long.MAX_VALUE);
            written = r.values(seen, 8, bit);
            if (!r.dash(10) && written != null) {
                written.maxMove = (int) r.integer(10, 0, 0xFFFF);
            }
        } else {
            r.none(8, 10);
        }
        if (readSeen == 0 && written == null && !r.failed) {
            problems.at(cells.offset(2), "a point neither read nor written: give its read 'seen' and values, or its written ones");
            return null;
        }
        return r.failed ? null : new Row(area, address, read, written);
    }

    /** The point tables' area names, in {@link DataArea} order of the four point areas. */
    private static final DataArea[] AREAS = {DataArea.COILS, DataArea.DISCRETE_INPUTS, DataArea.INPUT_REGISTERS,
        DataArea.HOLDING_REGISTERS};
    private static final String[] AREA_NAMES = {"coils", "discrete_inputs", "input_registers", "holding_registers"};

    private static final long[] TENS = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L,
        100_000_000_000_000L, 1_000_000_000_000_000L};

    /**
     * The digits {@code line[s, e)}, with a dot at {@code dot} (or {@code dot == e}), as
     * {@link Double#parseDouble} reads them. Up to 15 digits the number is one exact integer
     * divided by an exact power of ten, which IEEE division rounds as parseDouble does;
     * longer ones, rare, are left to it.
     */
    static double plainDecimal(String line, int s, int e, int dot) {
        int fraction = dot < e ? e - dot - 1 : 0;
        int digits = (dot - s) + fraction;
        if (digits > 15) {
            return Double.parseDouble(line.substring(s, e));
        }
        long whole = dot > s ? Cells.digits(line, s, dot, Long.MAX_VALUE) : 0;
        long part = fraction > 0 ? Cells.digits(line, dot + 1, e, Long.MAX_VALUE) : 0;
        long scale = TENS[fraction];
        return (double) (whole * scale + part) / scale;
    }

    /**
     * Reads cells, reporting each bad one at its offset. Numbers are read from the line's
     * characters where they stand: a big plant's table has thousands of lines, read once at
     * start-up.
     */
    private static final class Reader {
        final Cells cells;
        final String line;
        final Problems problems;
        boolean failed;

        Reader(String line, Cells cells, Problems problems) {
            this.cells = cells;
            this.line = line;
            this.problems = problems;
        }

        void fail(int c, String message) {
            problems.at(cells.offset(c), HEADER[c].replace("# ", "") + ": " + message + ", found '" + cells.text(c) + "'");
            failed = true;
        }

        boolean dash(int c) {
            return cells.is(c, NONE);
        }

        /** Cells {@code from..to} must be dashes. */
        ValueStats none(int from, int to) {
            for (int c = from; c <= to; c++) {
                if (!dash(c)) {
                    fail(c, "expected '-' (nothing seen)");
                }
            }
            return null;
        }

        DataArea area(int c) {
            for (int i = 0; i < AREAS.length; i++) {
                if (cells.is(c, AREA_NAMES[i])) {
                    return AREAS[i];
                }
            }
            fail(c, "expected coils, discrete_inputs, input_registers or holding_registers");
            return DataArea.COILS;
        }

        long integer(int c, long min, long max) {
            long v = cells.number(c, max);
            if (v >= min) {
                return v;
            }
            fail(c, "expected a whole number " + min + ".." + max);
            return min;
        }

        double decimal(int c, double min, double max) {
            int s = cells.offset(c);
            int e = cells.end(c);
            int dot = line.indexOf('.', s);
            boolean plain = dot < 0 || dot >= e ? Cells.digits(line, s, e, Long.MAX_VALUE) >= 0
                    : Cells.digits(line, s, dot, Long.MAX_VALUE) >= 0 && Cells.digits(line, dot + 1, e, Long.MAX_VALUE) >= 0;
            if (plain) {
                double v = plainDecimal(line, s, e, dot < 0 || dot >= e ? e : dot);
                if (v >= min && v <= max) {
                    return v;
                }
            }
            fail(c, "expected a number such as 10.5");
            return min;
        }


        /** {@code values} at {@code c} (a set, or a range with the int16 range at {@code c + 1}). */
        ValueStats values(long seen, int c, boolean bit) {
            ValueStats v = new ValueStats();
            v.seen = seen;
            int max = bit ? 1 : 0xFFFF;
            int s = cells.offset(c);
            int e = cells.end(c);
            int dots = line.indexOf("..", s);
            if (dots < 0 || dots >= e) {
                if (!dash(c + 1)) {
                    fail(c + 1, "expected '-' beside a set of values (an int16 range goes with a range 'lo..hi')");
                }
                int[] set = new int[ValueStats.MAX_SET];
                int count = 0;
                int from = s;
                while (from <= e) {
                    int comma = line.indexOf(',', from);
                    int to = comma < 0 || comma > e ? e : comma;
                    long x = Cells.digits(line, from, to, max);
                    if (x < 0 || count == ValueStats.MAX_SET) {
                        fail(c, x < 0 ? "expected values 0.." + max + " separated by commas, or a range 'lo..hi'"
                                : "at most " + ValueStats.MAX_SET + " values; more are written as a range 'lo..hi'");
                        return null;
                    }
                    set[count++] = (int) x;
                    from = to + 1;
                }
                v.restoreSet(Arrays.copyOf(set, count));
                return v;
            }
            long lo = Cells.digits(line, s, dots, max);
            long hi = Cells.digits(line, dots + 2, e, max);
            if (lo < 0 || hi < 0 || lo > hi) {
                fail(c, "expected a range 'lo..hi' of values 0.." + max + " with lo <= hi");
                return null;
            }
            int ss = cells.offset(c + 1);
            int se = cells.end(c + 1);
            int sdots = line.indexOf("..", ss + 1);
            long slo = sdots < 0 || sdots >= se ? Integer.MIN_VALUE : signed(ss, sdots);
            long shi = sdots < 0 || sdots >= se ? Integer.MIN_VALUE : signed(sdots + 2, se);
            if (slo == Integer.MIN_VALUE || shi == Integer.MIN_VALUE || slo > shi) {
                fail(c + 1, "expected the int16 range 'lo..hi' (-32768..32767) of the same values");
                return null;
            }
            v.restoreRanges((int) lo, (int) hi, (int) slo, (int) shi);
            return v;
        }

        /** A decimal -32768..32767 in {@code line[from, to)}, or {@link Integer#MIN_VALUE}. */
        private long signed(int from, int to) {
            boolean negative = from < to && line.charAt(from) == '-';
            long v = Cells.digits(line, negative ? from + 1 : from, to, negative ? 32_768 : 32_767);
            return v < 0 ? Integer.MIN_VALUE : negative ? -v : v;
        }
    }
}
