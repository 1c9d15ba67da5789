package io.statewall.engine.baseline;

import java.util.List;

/**
 * The cells of a line of a baseline table: words separated by spaces, up to an optional
 * {@code #} comment. Offsets are kept so a problem can point at its cell.
 */
final class Cells {
    /** More cells than a table has: the line is wrong, and counting on is pointless. */
    private static final int MAX_CELLS = 16;

    private final String line;
    private final int[] starts = new int[MAX_CELLS];
    private final int[] ends = new int[MAX_CELLS];
    private int size;

    Cells(String line) {
        this.line = line;
        int end = line.indexOf('#');
        int limit = end < 0 ? line.length() : end;
        int i = 0;
        while (i < limit) {
            while (i < limit && line.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < limit && line.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                if (size < MAX_CELLS) {
                    starts[size] = start;
                    ends[size] = i;
                }
                size++;
            }
        }
    }

    /** How many cells the line has (more than can be read when above 16). */
    int size() {
        return size;
    }

    String text(int c) {
        return line.substring(starts[c], ends[c]);
    }

    int offset(int c) {
        return starts[c];
    }

    /** End (exclusive) of cell {@code c} in the line. */
    int end(int c) {
        return ends[c];
    }

    /** True when cell {@code c} is exactly {@code s}. */
    boolean is(int c, String s) {
        return ends[c] - starts[c] == s.length() && line.startsWith(s, starts[c]);
    }

    /** Cell {@code c} as a decimal 0..max written with digits only, or -1. */
    long number(int c, long max) {
        return digits(line, starts[c], ends[c], max);
    }

    /** A decimal 0..max written with digits only in {@code line[from, to)}, or -1. */
    static long digits(String line, int from, int to, long max) {
        if (to <= from || to - from > 18) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char ch = line.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v <= max ? v : -1;
    }

    /** Writes rows with every column but the last padded to its widest cell, up to {@code maxPad}. */
    static void align(List<String[]> rows, int maxPad, String indent, StringBuilder out) {
        int columns = rows.getFirst().length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < columns; c++) {
                if (r[c] != null) {
                    width[c] = Math.max(width[c], Math.min(maxPad, r[c].length()));
                }
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < columns; c++) {
                if (r[c] == null) {
                    continue;
                }
                if (c > 0) {
                    line.append(" ".repeat(Math.max(0, width[c - 1] - r[c - 1].length()) + 2));
                }
                line.append(r[c]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** A decimal 0..max written with digits only, or -1. */
    static long digits(String t, long max) {
        return digits(t, 0, t.length(), max);
    }

    /** Milliseconds with at most three decimals ({@code 500.125}) in {@code t[from, to)} as microseconds, or -1. */
    static long micros(String t, int from, int to) {
        int dot = t.indexOf('.', from);
        if (dot >= to) {
            dot = -1;
        }
        int fracFrom = dot < 0 ? to : dot + 1;
        int fracLength = to - fracFrom;
        long ms = digits(t, from, dot < 0 ? to : dot, Long.MAX_VALUE / 2_000);
        if (ms < 0 || fracLength > 3 || dot >= 0 && fracLength == 0) {
            return -1;
        }
        long us = fracLength == 0 ? 0 : digits(t, fracFrom, to, 999);
        if (us < 0) {
            return -1;
        }
        for (int i = fracLength; i < 3; i++) {
            us *= 10;
        }
        return ms * 1_000 + us;
    }
}
