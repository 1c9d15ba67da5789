package io.statewall.engine.baseline;

import java.util.ArrayList;
import java.util.List;

/**
 * A channel's kinds of request in the baseline file: a table, one line per kind, inside a YAML
 * literal block, each line ending with a comment that says what the gaps mean.
 * <pre>
 *  # request    seen  response_ms      after                    gaps_ms
 *  FC3(100x3)   1205  0.310..2.870(1205)  FC16(200x2)           495.790..504.210(1203)  # period 500.000 ms, jitter ±4.210 ms
 *  FC6(210x1)   13    0.700..0.700(13)    any                   1996.197(1),3497.862..4004.937(2)  # not periodic
 * </pre>
 * {@code response_ms} is the fastest and slowest answer and how many there were; {@code after}
 * the kinds seen just before this one ({@code |} between them), {@code any} when it followed
 * more than {@value KindStats#MAX_PREDECESSORS}, a dash when none; {@code gaps_ms} the clusters
 * of gaps between two of these requests, {@code shortest..longest(count)}, or a dash.
 */
final class KindTable {
    static final String[] HEADER = {"# request", "seen", "response_ms", "after", "gaps_ms", null};
    private static final int COLUMNS = 5;
    private static final int MAX_PAD = 24;

    private KindTable() {
    }

    static String[] row(KindStats k, Tolerances t) {
        String[] r = new String[COLUMNS + 1];
        r[0] = RequestKind.format(k.kind);
        r[1] = Long.toString(k.seen);
        r[2] = k.responses > 0 ? span(k.responseMin, k.responseMax) + "(" + k.responses + ")" : "-";
        if (k.anyPredecessor()) {
            r[3] = "any";
        } else {
            StringBuilder b = new StringBuilder();
            for (long p : k.predecessors()) {
                b.append(b.isEmpty() ? "" : "|").append(RequestKind.format(p));
            }
            r[3] = b.isEmpty() ? "-" : b.toString();
        }
        IntervalClusters g = k.intervals;
        StringBuilder gaps = new StringBuilder();
        for (int i = 0; i < g.size(); i++) {
            gaps.append(i == 0 ? "" : ",").append(span(g.min(i), g.max(i))).append('(').append(g.count(i)).append(')');
        }
        r[4] = gaps.isEmpty() ? "-" : gaps.toString();
        String timing = Timing.describe(k, t);
        r[5] = timing == null ? null : "# " + timing;
        return r;
    }

    private static String span(long lo, long hi) {
        return lo == hi ? BaselineWriter.millis(lo) : BaselineWriter.millis(lo) + ".." + BaselineWriter.millis(hi);
    }

    static void align(List<String[]> rows, String indent, StringBuilder out) {
        Cells.align(rows, MAX_PAD, indent, out);
    }

    /** Reads a row into the channel's kinds; reports problems at their offsets. */
    static void parse(String line, ChannelBaseline ch, PointTable.Problems problems) {
        Cells cells = new Cells(line);
        if (cells.size() != COLUMNS) {
            problems.at(0, "a request's line has " + COLUMNS + " columns (request seen response_ms after gaps_ms), this one "
                    + cells.size());
            return;
        }
        long kind = RequestKind.parse(cells.text(0));
        if (kind < 0) {
            problems.at(cells.offset(0), "request: expected a kind such as FC3(100x10), FC6(200x1), FC23(100x2,w200x1),"
                    + " FC24(50), FC8(sub10), FC43(mei14) or FC17, found '" + cells.text(0) + "'");
            return;
        }
        if (ch.kind(kind) != null) {
            problems.at(cells.offset(0), "request " + cells.text(0) + " is listed twice");
            return;
        }
        long seen = Cells.digits(cells.text(1), Long.MAX_VALUE);
        if (seen < 0) {
            problems.at(cells.offset(1), "seen: expected a whole number, found '" + cells.text(1) + "'");
            return;
        }
        long[] response = null;
        if (!cells.text(2).equals("-")) {
            List<long[]> r = clusters(cells.text(2));
            if (r == null || r.size() != 1) {
                problems.at(cells.offset(2), "response_ms: expected fastest..slowest(count) in milliseconds with at most three"
                        + " decimals, e.g. 0.310..2.870(1205), or '-', found '" + cells.text(2) + "'");
                return;
            }
            response = r.getFirst();
        }
        List<Long> after = new ArrayList<>();
        boolean any = cells.text(3).equals("any");
        if (!any && !cells.text(3).equals("-")) {
            for (String p : cells.text(3).split("\\|", -1)) {
                long previous = RequestKind.parse(p);
                if (previous < 0) {
                    problems.at(cells.offset(3), "after: expected kinds separated by '|', 'any' or '-', found '" + p + "'");
                    return;
                }
                after.add(previous);
            }
        }
        List<long[]> gaps = List.of();
        if (!cells.text(4).equals("-")) {
            gaps = clusters(cells.text(4));
            if (gaps == null) {
                problems.at(cells.offset(4), "gaps_ms: expected shortest..longest(count) clusters separated by ',' in milliseconds"
                        + " with at most three decimals, e.g. 495.790..504.210(1203), or '-', found '" + cells.text(4) + "'");
                return;
            }
        }
        KindStats k = ch.internKind(kind);
        k.seen = seen;
        if (response != null) {
            k.responseMin = response[0];
            k.responseMax = response[1];
            k.responses = response[2];
        }
        if (any || after.size() > KindStats.MAX_PREDECESSORS) {
            k.restoreAnyPredecessor();
        } else {
            after.forEach(k::after);
        }
        for (long[] g : gaps) {
            k.intervals.restore(g[0], g[1], g[2]);
        }
    }

    /** {@code lo..hi(n)} or {@code v(n)} items separated by commas, as {@code [lo µs, hi µs, n]}; null when malformed. */
    private static List<long[]> clusters(String text) {
        List<long[]> out = new ArrayList<>();
        for (int from = 0; ; ) {
            int comma = text.indexOf(',', from);
            long[] c = cluster(text, from, comma < 0 ? text.length() : comma);
            if (c == null) {
                return null;
            }
            out.add(c);
            if (comma < 0) {
                return out;
            }
            from = comma + 1;
        }
    }

    /** One item, {@code text[from, to)}; read where it stands (a file has thousands). */
    private static long[] cluster(String text, int from, int to) {
        int open = text.indexOf('(', from);
        if (open < 0 || open >= to || text.charAt(to - 1) != ')') {
            return null;
        }
        long n = Cells.digits(text, open + 1, to - 1, Long.MAX_VALUE);
        int dots = text.indexOf("..", from);
        boolean range = dots >= 0 && dots < open;
        long lo = Cells.micros(text, from, range ? dots : open);
        long hi = range ? Cells.micros(text, dots + 2, open) : lo;
        if (n < 1 || lo < 0 || hi < lo) {
            return null;
        }
        return new long[] {lo, hi, n};
    }
}
