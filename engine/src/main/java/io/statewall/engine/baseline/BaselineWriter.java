package io.statewall.engine.baseline;

import io.statewall.protocols.DataArea;
import io.statewall.protocols.modbus.FunctionCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link Baseline} as YAML (docs/baseline.md). Deterministic: every mapping is sorted
 * (states by name, channels and points by their numbers, functions and request kinds
 * numerically), integers are written as integers, times as milliseconds with exactly three
 * decimals (the microseconds learned), rates with at most three significant digits. The same
 * baseline always gives the same bytes, and a relearned one diffs line by line.
 *
 * <p>Written by hand rather than by Jackson's generator because the file carries comments for
 * the engineer (function names, periods and jitter) that no data binding writes. {@link
 * BaselineReader} reads it back with Jackson's YAML parser.
 */
final class BaselineWriter {
    static final String HEADER = """
            # Statewall baseline: what normal Modbus/TCP traffic looked like, per operating state and
            # channel (client > server:port unit N), learned by 'statewall learn' (docs/baseline.md).
            # Review it and edit it: every mapping is sorted, so a relearned file diffs cleanly.
            # Values are raw Modbus values (registers 0..65535, 'int16' the same read as signed;
            # coils and discrete inputs 0/1); times are milliseconds to the microsecond.
            """;

    private final Baseline baseline;
    private final Directory dir;
    private final StringBuilder out = new StringBuilder(1 << 14);

    private BaselineWriter(Baseline baseline) {
        this.baseline = baseline;
        this.dir = baseline.directory;
    }

    static String write(Baseline baseline) {
        return new BaselineWriter(baseline).document();
    }

    private String document() {
        out.append(HEADER);
        out.append("statewall-baseline: 1\n");
        out.append("policy: ").append(quote(baseline.policy())).append('\n');
        out.append("learned_from:");
        if (baseline.sources().isEmpty()) {
            out.append(" []");
        }
        out.append('\n');
        for (Baseline.Source s : baseline.sources()) {
            out.append("  - { capture: ").append(quote(s.capture())).append(", transactions: ").append(s.transactions())
               .append(" }\n");
        }
        tolerances(baseline.tolerances());
        out.append("states:");
        boolean any = false;
        for (StateBaseline s : baseline.states()) {
            if (!any) {
                out.append('\n');
                any = true;
            }
            state(s);
        }
        if (!any) {
            out.append(" {}\n");
        }
        return out.toString();
    }

    private void tolerances(Tolerances t) {
        out.append("tolerances:\n");
        setting("min_samples", Integer.toString(t.minSamples()), "observations before a kind's timing and order, or a point's values, are checked");
        setting("range_margin", Double.toString(t.rangeMargin()), "a value may leave its learned range by this fraction of the range's width");
        setting("range_margin_min", Integer.toString(t.rangeMarginMin()), "... and by at least this much");
        setting("rate_margin", Double.toString(t.rateMargin()), "a change is too fast when its step and its rate both exceed the maxima by this fraction");
        setting("period_tolerance", Double.toString(t.periodTolerance()), "a periodic request's gap may lie this fraction outside the learned gaps");
        setting("periodic_share", Double.toString(t.periodicShare()), "periodic: the largest cluster of gaps holds at least this fraction of them");
        setting("response_time_factor", Double.toString(t.responseTimeFactor()), "an answer is slow beyond this many times the slowest learned ...");
        setting("response_time_floor_ms", Double.toString(t.responseTimeFloorMs()), "... plus this");
        setting("move_margin", Double.toString(t.moveMargin()), "a command may move its point this fraction beyond the largest learned move ...");
        setting("move_margin_min", Integer.toString(t.moveMarginMin()), "... and at least this much");
    }

    private void setting(String key, String value, String comment) {
        String line = "  " + key + ": " + value;
        out.append(line).append(" ".repeat(Math.max(1, 32 - line.length()))).append("# ").append(comment).append('\n');
    }

    private void state(StateBaseline s) {
        out.append("  ").append(key(s.name)).append(":\n");
        out.append("    action: ").append(s.block ? "block" : "alert")
           .append("                # alert | block: what inline enforcement does with a deviation in this state\n");
        List<ChannelBaseline> channels = new ArrayList<>(s.channels());
        channels.sort(Comparator.comparing(c -> dir.channel(c.channel)));
        out.append("    channels:").append(channels.isEmpty() ? " {}\n" : "\n");
        for (ChannelBaseline c : channels) {
            channel(c);
        }
        points(s);
    }

    private void channel(ChannelBaseline c) {
        out.append("      ").append(quote(dir.channel(c.channel).toString())).append(":\n");
        out.append("        transactions: ").append(c.transactions).append('\n');
        out.append("        functions:\n");
        for (FunctionUse f : c.functions()) {
            String line = "          " + f.function + ": { seen: " + f.seen
                    + (f.reads.isEmpty() ? "" : ", read: [" + f.reads + "]")
                    + (f.writes.isEmpty() ? "" : ", write: [" + f.writes + "]") + " }";
            out.append(line).append(" ".repeat(Math.max(1, 56 - line.length()))).append("# ").append(functionName(f.function))
               .append('\n');
        }
        List<KindStats> kinds = c.kinds();
        if (kinds.isEmpty()) {
            out.append("        requests: {}\n");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(KindTable.HEADER);
        for (KindStats k : kinds) {
            rows.add(KindTable.row(k, baseline.tolerances()));
        }
        out.append("        requests: |\n");
        KindTable.align(rows, "          ", out);
    }

    static String functionName(int function) {
        FunctionCode fc = FunctionCode.of(function);
        if (fc == FunctionCode.UNKNOWN) {
            return "function " + function + " (" + FunctionCode.category(function).name().toLowerCase(Locale.ROOT) + ")";
        }
        DataArea area = fc.dataArea();
        return fc.suricataName() + (area == DataArea.NONE ? "" : ", " + Directory.areaName(area));
    }

    private void points(StateBaseline s) {
        Map<UnitAddress, List<PointBaseline>> byUnit = new TreeMap<>();
        for (PointBaseline p : s.points()) {
            byUnit.computeIfAbsent(dir.unit(dir.pointUnit(p.point)), u -> new ArrayList<>()).add(p);
        }
        out.append("    points:").append(byUnit.isEmpty() ? " {}\n" : "\n");
        for (Map.Entry<UnitAddress, List<PointBaseline>> e : byUnit.entrySet()) {
            List<PointBaseline> points = e.getValue();
            points.sort(Comparator.<PointBaseline>comparingInt(p -> dir.pointArea(p.point).ordinal())
                    .thenComparingInt(p -> dir.pointAddress(p.point)));
            List<String[]> rows = new ArrayList<>();
            rows.add(PointTable.HEADER);
            for (PointBaseline p : points) {
                rows.add(PointTable.row(Directory.areaName(dir.pointArea(p.point)), dir.pointAddress(p.point), p));
            }
            out.append("      ").append(quote(e.getKey().toString())).append(": |\n");
            PointTable.align(rows, "        ", out);
        }
    }

    /** Microseconds as milliseconds with exactly three decimals. */
    static String millis(long micros) {
        long m = Math.max(0, micros);
        return m / 1000 + "." + String.format(Locale.ROOT, "%03d", m % 1000);
    }

    /** A mapping key: plain when it is a simple name, quoted otherwise. */
    private static String key(String s) {
        return s.matches("[A-Za-z][A-Za-z0-9_.-]*") && !s.matches("(?i)true|false|yes|no|on|off|null|y|n") ? s : quote(s);
    }

    /** A YAML double-quoted scalar. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
