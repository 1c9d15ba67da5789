package io.statewall.nma.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes the Prometheus text exposition format, version 0.0.4:
 * <pre>
 *   # HELP &lt;family&gt; &lt;help, with \ and line feed escaped as \\ and \n&gt;
 *   # TYPE &lt;family&gt; counter|gauge|histogram|summary|untyped
 *   &lt;name&gt;{&lt;label&gt;="&lt;value, with \ " and line feed escaped&gt;",...} &lt;value&gt;
 * </pre>
 * Each family once, its HELP and TYPE before its samples, its samples together. A histogram
 * family {@code x} has samples {@code x_bucket} with a cumulative {@code le} (upper bound, in
 * seconds, ending with {@code +Inf}), {@code x_sum} (seconds) and {@code x_count}. Names follow
 * {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names {@code [a-zA-Z_][a-zA-Z0-9_]*}; anything else,
 * a family declared twice, or a sample outside the family just declared is a programming error
 * (IllegalArgumentException), so a scrape never gets text Prometheus would reject.
 *
 * <p>Runs on the reader's thread (the HTTP server): it allocates, the writers never wait for it.
 */
public final class PrometheusText {
    /** The content type of the exposition. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * Histogram {@code le} boundaries, in nanoseconds: 10 µs (a warm decision) to 1 s (a stalled
     * controller); {@code +Inf} follows.
     */
    static final long[] LE_NANOS = {10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000,
        5_000_000, 10_000_000, 25_000_000, 100_000_000, 1_000_000_000};
    /** The {@code le} label values of {@link #LE_NANOS}, in seconds. */
    private static final String[] LE_LABELS = new String[LE_NANOS.length];

    static {
        for (int k = 0; k < LE_NANOS.length; k++) {
            StringBuilder b = new StringBuilder();
            appendSeconds(b, LE_NANOS[k]);
            LE_LABELS[k] = b.toString();
        }
    }

    private final StringBuilder out;
    private final Set<String> declared = new HashSet<>();
    private final long[] scratch = new long[LatencyHistogram.BUCKETS];
    private String family;
    private String type;

    public PrometheusText() {
        this(new StringBuilder(16 * 1024));
    }

    /** Appends to {@code out}. */
    public PrometheusText(StringBuilder out) {
        this.out = out;
    }

    /** The whole exposition of an NMA: its engine gauges, then every route's families. */
    public static String render(EngineGauges engine, List<RouteMetrics> routes) {
        return new PrometheusText().engine(engine).routes(routes).toString();
    }

    /** {@code statewall_state{state="…"} 1}, the policy generation, state changes and forbidden transitions. */
    public PrometheusText engine(EngineGauges g) {
        family("statewall_state", "gauge", "The operating state in force: 1 for it, no sample for the others.")
                .sample("statewall_state", "state", g.state(), 1);
        family("statewall_policy_generation", "gauge", "Policy versions put in force since start (1: the first).")
                .sample("statewall_policy_generation", null, null, g.policyGeneration());
        family("statewall_state_changes_total", "counter", "Operating-state changes since start.")
                .sample("statewall_state_changes_total", null, null, g.stateChanges());
        family("statewall_forbidden_transitions_total", "counter",
                "State changes the plant's state model does not allow.")
                .sample("statewall_forbidden_transitions_total", null, null, g.forbiddenTransitions());
        if (!g.baselineMode().equals("off")) {
            family("statewall_baseline_mode", "gauge", "The learned baseline's mode: 1 for it (learning or detecting).")
                    .sample("statewall_baseline_mode", "mode", g.baselineMode(), 1);
            family("statewall_baseline_learned_transactions_total", "counter", "Transactions the baseline learned inline.")
                    .sample("statewall_baseline_learned_transactions_total", null, null, g.baselineLearned());
            family("statewall_baseline_alerts_total", "counter", "Alerts the baseline wrote (repeats aggregated).")
                    .sample("statewall_baseline_alerts_total", null, null, g.baselineAlerts());
            family("statewall_baseline_blocked_total", "counter", "Requests the baseline blocked.")
                    .sample("statewall_baseline_blocked_total", null, null, g.baselineBlocked());
        }
        return this;
    }

    /**
     * Every {@link RouteCounter} family and the latency histograms, one sample per route labelled
     * {@code route}, and {@code statewall_inline_route_info{route,listen,upstream} 1}. Route names
     * must be distinct.
     */
    public PrometheusText routes(List<RouteMetrics> routes) {
        Set<String> names = new HashSet<>();
        for (RouteMetrics r : routes) {
            if (!names.add(r.route())) {
                throw new IllegalArgumentException("two routes named '" + r.route() + "'");
            }
        }
        String info = RouteCounter.PREFIX + "route_info";
        family(info, "gauge", "The routes: where clients connect and the controller they reach; always 1.");
        for (RouteMetrics r : routes) {
            series(info, "", "route", r.route(), "listen", r.listen(), "upstream", r.upstream());
            out.append(" 1\n");
        }
        RouteCounter[] all = RouteCounter.values();
        int start = 0;
        while (start < all.length) {
            RouteCounter first = all[start];
            int end = start;
            while (end < all.length && all[end].family().equals(first.family())) {
                end++;
            }
            family(first.family(), first.kind() == RouteCounter.Kind.COUNTER ? "counter" : "gauge", first.help());
            for (int c = start; c < end; c++) {
                for (RouteMetrics r : routes) {
                    routeSample(first.family(), all[c].action(), r, r.get(all[c]));
                }
            }
            start = end;
        }
        histograms(routes, "decision_seconds", "Time to parse and judge one request.", RouteMetrics::decision);
        histograms(routes, "added_seconds",
                "What the NMA adds to a request: its last byte read to its forward written.", RouteMetrics::added);
        histograms(routes, "answer_added_seconds",
                "What the NMA adds to an answer: its last byte read to the client's copy written.",
                RouteMetrics::answerAdded);
        return this;
    }

    private void routeSample(String name, String action, RouteMetrics r, long value) {
        checkSample(name);
        if (action == null) {
            series(name, "", "route", r.route(), null, null, null, null);
        } else {
            series(name, "", "route", r.route(), "action", action, null, null);
        }
        out.append(' ').append(value).append('\n');
    }

    private void histograms(List<RouteMetrics> routes, String name, String help,
                            Function<RouteMetrics, LatencyHistogram> which) {
        String full = RouteCounter.PREFIX + name;
        family(full, "histogram", help);
        for (RouteMetrics r : routes) {
            histogram(full, "route", r.route(), which.apply(r));
        }
    }

    /**
     * Starts a family.
     *
     * @param type counter, gauge, histogram, summary or untyped
     */
    public PrometheusText family(String name, String type, String help) {
        checkName(name);
        switch (type) {
            case "counter", "gauge", "histogram", "summary", "untyped" -> { }
            default -> throw new IllegalArgumentException("metric type '" + type + "'");
        }
        if (!declared.add(name)) {
            throw new IllegalArgumentException("family " + name + " declared twice");
        }
        family = name;
        this.type = type;
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample of the family just started, with one label ({@code labelName} null: none). */
    public PrometheusText sample(String name, String labelName, String labelValue, long value) {
        checkSample(name);
        series(name, "", labelName, labelValue, null, null, null, null);
        out.append(' ').append(value).append('\n');
        return this;
    }

    /** As {@link #sample(String, String, String, long)}; NaN and infinities as the format spells them. */
    public PrometheusText sample(String name, String labelName, String labelValue, double value) {
        checkSample(name);
        series(name, "", labelName, labelValue, null, null, null, null);
        out.append(' ');
        if (Double.isNaN(value)) {
            out.append("NaN");
        } else if (Double.isInfinite(value)) {
            out.append(value > 0 ? "+Inf" : "-Inf");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        out.append('\n');
        return this;
    }

    /**
     * The samples of one histogram of the histogram family just started, from one snapshot: the
     * buckets are cumulative, the {@code +Inf} bucket equals {@code _count}.
     */
    public PrometheusText histogram(String name, String labelName, String labelValue, LatencyHistogram h) {
        if (!"histogram".equals(type) || !name.equals(family)) {
            throw new IllegalArgumentException(name + " is not the histogram family just started");
        }
        if ("le".equals(labelName)) {
            throw new IllegalArgumentException("label 'le' is the histogram's own");
        }
        long count = h.snapshot(scratch);
        long sum = h.sumNanos();
        int bucket = 0;
        long cumulative = 0;
        for (int k = 0; k < LE_NANOS.length; k++) {
            while (bucket < LatencyHistogram.BUCKETS && LatencyHistogram.upperBoundNanos(bucket) <= LE_NANOS[k]) {
                cumulative += scratch[bucket++];
            }
            series(name, "_bucket", labelName, labelValue, "le", LE_LABELS[k], null, null);
            out.append(' ').append(cumulative).append('\n');
        }
        series(name, "_bucket", labelName, labelValue, "le", "+Inf", null, null);
        out.append(' ').append(count).append('\n');
        series(name, "_sum", labelName, labelValue, null, null, null, null);
        out.append(' ');
        appendSeconds(out, sum);
        out.append('\n');
        series(name, "_count", labelName, labelValue, null, null, null, null);
        out.append(' ').append(count).append('\n');
        return this;
    }

    /** {@code name+suffix{l1="v1",l2="v2",l3="v3"}}, skipping null label names; no braces without labels. */
    private void series(String name, String suffix, String l1, String v1, String l2, String v2, String l3,
                        String v3) {
        out.append(name).append(suffix);
        if (l1 == null && l2 == null && l3 == null) {
            return;
        }
        out.append('{');
        boolean first = true;
        first = label(first, l1, v1);
        first = label(first, l2, v2);
        label(first, l3, v3);
        out.append('}');
    }

    private boolean label(boolean first, String name, String value) {
        if (name == null) {
            return first;
        }
        checkLabelName(name);
        if (!first) {
            out.append(',');
        }
        Objects.requireNonNull(value, name);
        out.append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append('"');
        return false;
    }

    /** Nanoseconds as seconds in plain decimal, exactly: 1500 → {@code 0.0000015}. */
    private static void appendSeconds(StringBuilder out, long nanos) {
        long whole = nanos / 1_000_000_000L;
        int fraction = (int) (nanos % 1_000_000_000L);
        out.append(whole);
        if (fraction != 0) {
            out.append('.');
            for (int digit = 100_000_000; fraction != 0; digit /= 10) {
                out.append((char) ('0' + fraction / digit));
                fraction %= digit;
            }
        }
    }

    private void checkSample(String name) {
        boolean ok = family != null && switch (type) {
            case "histogram" -> name.equals(family + "_bucket") || name.equals(family + "_sum")
                    || name.equals(family + "_count");
            case "summary" -> name.equals(family) || name.equals(family + "_sum") || name.equals(family + "_count");
            default -> name.equals(family);
        };
        if (!ok) {
            throw new IllegalArgumentException("sample " + name + " outside family " + family);
        }
    }

    private static void checkName(String name) {
        if (name.isEmpty() || !validName(name, true)) {
            throw new IllegalArgumentException("metric name '" + name + "'");
        }
    }

    private static void checkLabelName(String name) {
        if (name.isEmpty() || name.startsWith("__") || !validName(name, false)) {
            throw new IllegalArgumentException("label name '" + name + "'");
        }
    }

    private static boolean validName(String name, boolean colon) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
            if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
