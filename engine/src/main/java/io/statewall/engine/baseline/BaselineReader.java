package io.statewall.engine.baseline;

import io.statewall.engine.baseline.YamlDoc.Entry;
import io.statewall.engine.baseline.YamlDoc.Kind;
import io.statewall.engine.baseline.YamlDoc.Node;
import io.statewall.engine.policy.Problem;
import io.statewall.engine.policy.SourceLocation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjIntConsumer;
import java.util.regex.Pattern;

/**
 * Reads the YAML of {@link BaselineWriter} back into a {@link Baseline}, checking every key,
 * type and range and reporting each problem at its line and column rather than stopping at the
 * first: an engineer who edited the file fixes it in one pass.
 */
final class BaselineReader {
    private static final Pattern STATE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final List<String> TOP = List.of("statewall-baseline", "policy", "learned_from", "tolerances", "states");
    private static final List<String> TOLERANCES = List.of("min_samples", "range_margin", "range_margin_min", "rate_margin",
            "period_tolerance", "periodic_share", "response_time_factor", "response_time_floor_ms", "move_margin",
            "move_margin_min");
    private static final List<String> STATE = List.of("action", "channels", "points");
    private static final List<String> CHANNEL = List.of("transactions", "functions", "requests");
    private static final List<String> FUNCTION = List.of("seen", "read", "write");

    private final List<Problem> problems = new ArrayList<>();
    private final String text;
    private int[] lineStarts;
    private Baseline baseline;
    private Directory dir;

    private BaselineReader(String text) {
        this.text = text;
    }

    static Baseline read(String text, String sourceName) throws BaselineFormatException {
        YamlDoc doc = YamlDoc.parse(text);
        BaselineReader r = new BaselineReader(text);
        r.problems.addAll(doc.problems);
        if (doc.root != null) {
            r.document(doc.root);
        }
        if (!r.problems.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(r.problems);
            sorted.sort((a, b) -> a.location().line() != b.location().line()
                    ? Integer.compare(a.location().line(), b.location().line())
                    : Integer.compare(a.location().column(), b.location().column()));
            throw new BaselineFormatException(sourceName, sorted);
        }
        return r.baseline;
    }

    private void problem(SourceLocation at, String message) {
        problems.add(new Problem(at, message));
    }

    private void document(Node root) {
        if (!expectMap(root, "the baseline")) {
            return;
        }
        checkKeys(root, TOP, "the baseline");
        Entry version = root.entries().get("statewall-baseline");
        if (version == null) {
            problem(root.at(), "missing 'statewall-baseline: 1' (is this a baseline file?)");
        } else {
            Long v = integer(version.value(), 1, Integer.MAX_VALUE, "statewall-baseline");
            if (v != null && v != 1) {
                problem(version.value().at(), "statewall-baseline: format " + v + " is not supported (this version reads 1)");
            }
        }
        Node policy = root.get("policy");
        String policyName = policy == null ? "" : text(policy, "policy");
        baseline = new Baseline(policyName == null ? "" : policyName);
        dir = baseline.directory;
        Node sources = root.get("learned_from");
        if (sources != null && expectList(sources, "learned_from")) {
            for (Node s : sources.items()) {
                source(s);
            }
        }
        Node tolerances = root.get("tolerances");
        if (tolerances != null) {
            tolerances(tolerances);
        }
        Node states = root.get("states");
        if (states == null) {
            problem(root.at(), "missing 'states'");
        } else if (states.kind() != Kind.NULL && expectMap(states, "states")) {
            for (Entry e : states.entries().values()) {
                state(e);
            }
        }
    }

    private void source(Node s) {
        if (!expectMap(s, "learned_from entry")) {
            return;
        }
        checkKeys(s, List.of("capture", "transactions"), "a learned_from entry");
        Node capture = s.get("capture");
        Node transactions = s.get("transactions");
        if (capture == null || transactions == null) {
            problem(s.at(), "learned_from entry: needs 'capture' and 'transactions'");
            return;
        }
        String name = text(capture, "capture");
        Long n = integer(transactions, 0, Long.MAX_VALUE, "transactions");
        if (name != null && n != null) {
            baseline.addSource(new Baseline.Source(name, n));
        }
    }

    private void tolerances(Node t) {
        if (!expectMap(t, "tolerances")) {
            return;
        }
        checkKeys(t, TOLERANCES, "tolerances");
        Tolerances d = Tolerances.DEFAULT;
        int minSamples = (int) integerOr(t, "min_samples", 1, 1_000_000, d.minSamples());
        double rangeMargin = numberOr(t, "range_margin", 0, 1e6, d.rangeMargin());
        int rangeMarginMin = (int) integerOr(t, "range_margin_min", 0, 65_535, d.rangeMarginMin());
        double rateMargin = numberOr(t, "rate_margin", 0, 1e6, d.rateMargin());
        double periodTolerance = numberOr(t, "period_tolerance", 0, 1e6, d.periodTolerance());
        double periodicShare = numberOr(t, "periodic_share", 0.01, 1, d.periodicShare());
        double responseTimeFactor = numberOr(t, "response_time_factor", 1, 1e6, d.responseTimeFactor());
        double responseTimeFloorMs = numberOr(t, "response_time_floor_ms", 0, 1e9, d.responseTimeFloorMs());
        double moveMargin = numberOr(t, "move_margin", 0, 1e6, d.moveMargin());
        int moveMarginMin = (int) integerOr(t, "move_margin_min", 0, 65_535, d.moveMarginMin());
        baseline.tolerances(new Tolerances(minSamples, rangeMargin, rangeMarginMin, rateMargin, periodTolerance,
                periodicShare, responseTimeFactor, responseTimeFloorMs, moveMargin, moveMarginMin));
    }

    private void state(Entry e) {
        if (!STATE_NAME.matcher(e.key()).matches()) {
            problem(e.at(), "state '" + e.key() + "': a state name starts with a letter and holds letters, digits, '_', '.', '-'");
            return;
        }
        Node s = e.value();
        if (!expectMap(s, "state '" + e.key() + "'")) {
            return;
        }
        checkKeys(s, STATE, "state '" + e.key() + "'");
        StateBaseline state = baseline.internState(e.key());
        Node action = s.get("action");
        if (action != null) {
            String a = text(action, "action");
            if ("block".equals(a)) {
                state.block = true;
            } else if (a != null && !a.equals("alert")) {
                problem(action.at(), "action: expected alert or block, found " + action.describe());
            }
        }
        Node channels = s.get("channels");
        if (channels != null && channels.kind() != Kind.NULL && expectMap(channels, "channels")) {
            Map<ChannelKey, SourceLocation> seen = new HashMap<>();
            for (Entry c : channels.entries().values()) {
                ChannelKey key = ChannelKey.parse(c.key());
                if (key == null) {
                    problem(c.at(), "channel '" + c.key() + "': expected 'CLIENT > SERVER:PORT unit N',"
                            + " e.g. '10.30.1.10 > 10.30.2.20:502 unit 1' (IPv6 servers in brackets)");
                    continue;
                }
                if (seen.putIfAbsent(key, c.at()) != null) {
                    problem(c.at(), "channel '" + c.key() + "' is listed twice (first at line " + seen.get(key).line() + ")");
                    continue;
                }
                channel(state.internChannel(dir.internChannel(key)), c);
            }
        }
        Node points = s.get("points");
        if (points != null && points.kind() != Kind.NULL && expectMap(points, "points")) {
            for (Entry u : points.entries().values()) {
                unit(state, u);
            }
        }
    }

    private void channel(ChannelBaseline ch, Entry e) {
        Node c = e.value();
        String context = "channel '" + e.key() + "'";
        if (!expectMap(c, context)) {
            return;
        }
        checkKeys(c, CHANNEL, context);
        Node transactions = c.get("transactions");
        if (transactions != null) {
            Long n = integer(transactions, 0, Long.MAX_VALUE, "transactions");
            ch.transactions = n == null ? 0 : n;
        }
        Node functions = c.get("functions");
        if (functions != null && functions.kind() != Kind.NULL && expectMap(functions, "functions")) {
            for (Entry f : functions.entries().values()) {
                function(ch, f);
            }
        }
        Node requests = c.get("requests");
        if (requests != null && !(requests.isMap() && requests.entries().isEmpty())) {
            if (requests.kind() != Kind.STRING) {
                problem(requests.at(), "requests: expected a table, one line per kind of request, in a block ('|'), found "
                        + requests.describe());
            } else {
                table(requests, (line, fileLine) -> KindTable.parse(line, ch, (offset, message) -> problem(
                        new SourceLocation(fileLine, indentOf(fileLine) + offset + 1), context + ": " + message)));
            }
        }
    }

    /** Each line of a literal block that is not blank or a comment, with its line in the file. */
    private void table(Node block, ObjIntConsumer<String> row) {
        // A literal block's lines start on the line after its '|'.
        int firstLine = block.at().line() + 1;
        String[] lines = block.text().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                row.accept(line, firstLine + i);
            }
        }
    }

    private void function(ChannelBaseline ch, Entry e) {
        int code;
        try {
            code = Integer.parseInt(e.key());
        } catch (NumberFormatException notANumber) {
            code = -1;
        }
        if (code < 0 || code > 255) {
            problem(e.at(), "function '" + e.key() + "': expected a function code 0..255");
            return;
        }
        Node f = e.value();
        if (!expectMap(f, "function " + code)) {
            return;
        }
        checkKeys(f, FUNCTION, "function " + code);
        FunctionUse use = ch.internFunction(code);
        use.seen = integerOr(f, "seen", 0, Long.MAX_VALUE, 0);
        ranges(f.get("read"), use.reads, "read");
        ranges(f.get("write"), use.writes, "write");
    }

    private void ranges(Node n, RangeSet into, String context) {
        if (n == null || !expectList(n, context)) {
            return;
        }
        for (Node item : n.items()) {
            long range = item.isScalar() ? range(item.text().strip()) : -1;
            if (range < 0) {
                problem(item.at(), context + ": expected an address N or a range 'a-b' (0..65535), found " + item.describe());
                continue;
            }
            int lo = (int) (range >>> 32);
            int hi = (int) range;
            if (lo > 0xFFFF || hi > 0xFFFF || lo > hi) {
                problem(item.at(), context + ": '" + item.text() + "' is not a range of addresses 0..65535 with a <= b");
                continue;
            }
            into.add(lo, hi);
        }
    }

    /**
     * {@code N} or {@code a-b}, each of one to five digits, as {@code lo << 32 | hi}; -1 for
     * anything else. Read by hand, not by a regular expression: a baseline lists thousands.
     */
    static long range(String t) {
        int dash = t.indexOf('-');
        int loEnd = dash < 0 ? t.length() : dash;
        long lo = loEnd <= 5 ? Cells.digits(t, 0, loEnd, 99_999) : -1;
        long hi = dash < 0 ? lo : t.length() - dash - 1 <= 5 ? Cells.digits(t, dash + 1, t.length(), 99_999) : -1;
        return lo < 0 || hi < 0 ? -1 : lo << 32 | hi;
    }

    private void unit(StateBaseline state, Entry e) {
        UnitAddress unit = UnitAddress.parse(e.key());
        if (unit == null) {
            problem(e.at(), "points of '" + e.key() + "': expected 'SERVER:PORT unit N', e.g. '10.30.2.20:502 unit 1'");
            return;
        }
        Node table = e.value();
        if (table.kind() != Kind.STRING) {
            problem(table.at(), "points of '" + e.key() + "': expected a table, one line per point, in a block ('|'), found "
                    + table.describe());
            return;
        }
        int unitId = dir.internUnit(unit);
        table(table, (line, fileLine) -> {
            PointTable.Row row = PointTable.parse(line, (offset, message) -> problem(new SourceLocation(fileLine,
                    indentOf(fileLine) + offset + 1), "points of '" + e.key() + "': " + message));
            if (row == null) {
                return;
            }
            int id = dir.internPoint(unitId, row.area().ordinal(), row.address());
            if (state.point(id) != null) {
                problem(new SourceLocation(fileLine, indentOf(fileLine) + 1), "points of '" + e.key() + "': "
                        + Directory.areaName(row.area()) + " " + row.address() + " is listed twice");
                return;
            }
            PointBaseline pb = state.internPoint(id);
            if (row.read() != null) {
                pb.read.copyFrom(row.read());
            }
            if (row.written() != null) {
                pb.internWritten().copyFrom(row.written());
            }
        });
    }

    /** How far a line of the file is indented: a block's lines lose it in the parsed text. */
    private int indentOf(int line) {
        if (lineStarts == null) {
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }
        if (line < 1 || line > lineStarts.length) {
            return 0;
        }
        int at = lineStarts[line - 1];
        int n = 0;
        while (at + n < text.length() && text.charAt(at + n) == ' ') {
            n++;
        }
        return n;
    }

    // ---- typed scalars: a problem at the value, never an exception ----

    private void checkKeys(Node map, List<String> accepted, String context) {
        for (Entry e : map.entries().values()) {
            if (!accepted.contains(e.key())) {
                problem(e.at(), "unknown key '" + e.key() + "' in " + context + " (expected one of: " + String.join(", ", accepted) + ")");
            }
        }
    }

    private boolean expectMap(Node n, String context) {
        if (n.isMap()) {
            return true;
        }
        problem(n.at(), context + ": expected a mapping, found " + n.describe());
        return false;
    }

    private boolean expectList(Node n, String context) {
        if (n.isList()) {
            return true;
        }
        problem(n.at(), context + ": expected a list, found " + n.describe());
        return false;
    }

    private String text(Node n, String context) {
        if (!n.isScalar() || n.kind() == Kind.NULL) {
            problem(n.at(), context + ": expected a text, found " + n.describe());
            return null;
        }
        return n.text();
    }

    private Long integer(Node n, long min, long max, String context) {
        if (n.kind() == Kind.INTEGER) {
            try {
                long v = Long.parseLong(n.text().replace("_", "").replace("+", ""));
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException tooLarge) {
                // reported below
            }
        }
        problem(n.at(), context + ": expected a whole number " + min + ".." + max + ", found " + n.describe());
        return null;
    }

    private long integerOr(Node map, String key, long min, long max, long absent) {
        Node n = map.get(key);
        if (n == null) {
            return absent;
        }
        Long v = integer(n, min, max, key);
        return v == null ? absent : v;
    }

    private Double number(Node n, double min, double max, String context) {
        if (n.kind() == Kind.INTEGER || n.kind() == Kind.DECIMAL) {
            try {
                double v = Double.parseDouble(n.text());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException unreadable) {
                // reported below
            }
        }
        problem(n.at(), context + ": expected a number " + plain(min) + ".." + plain(max) + ", found " + n.describe());
        return null;
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private double numberOr(Node map, String key, double min, double max, double absent) {
        Node n = map.get(key);
        if (n == null) {
            return absent;
        }
        Double v = number(n, min, max, key);
        return v == null ? absent : v;
    }
}
