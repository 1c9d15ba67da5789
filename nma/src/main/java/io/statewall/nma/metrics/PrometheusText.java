package io.statewall.nma.metrics;

import java.util.Locale;

/**
 * Prometheus text exposition format 0.0.4: {@code # HELP} and {@code # TYPE} per family, then its
 * samples. Label values are escaped as the format requires (backslash, double quote, newline).
 */
public final class PrometheusText {
    /** Histogram boundaries in seconds: 10 µs to 1 s, what an inline hop and a decision span. */
    static final double[] LE_SECONDS = {10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3,
        25e-3, 100e-3, 1};

    private final StringBuilder out = new StringBuilder(4096);

    public PrometheusText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    public PrometheusText sample(String name, String labelName, String labelValue, double value) {
        out.append(name);
        if (labelName != null) {
            out.append('{').append(labelName).append("=\"").append(escape(labelValue)).append("\"}");
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    /** The samples of one histogram ({@code _bucket} per boundary and +Inf, {@code _sum}, {@code _count}). */
    public PrometheusText histogram(String name, String labelName, String labelValue, LatencyHistogram h) {
        long count = h.count();
        String label = labelName + "=\"" + escape(labelValue) + "\"";
        for (double le : LE_SECONDS) {
            long atMost = Math.min(count, h.countAtMost((long) Math.round(le * 1e9)));
            out.append(name).append("_bucket{").append(label).append(",le=\"").append(number(le)).append("\"} ")
                    .append(atMost).append('\n');
        }
        out.append(name).append("_bucket{").append(label).append(",le=\"+Inf\"} ").append(count).append('\n');
        out.append(name).append("_sum{").append(label).append("} ").append(number(h.sumNanos() / 1e9)).append('\n');
        out.append(name).append("_count{").append(label).append("} ").append(count).append('\n');
        return this;
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.9g", v).replaceAll("0+e", "e").replaceAll("\\.?0+$", "");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
