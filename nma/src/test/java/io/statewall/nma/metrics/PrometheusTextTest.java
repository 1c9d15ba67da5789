package io.statewall.nma.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The exposition text, character for character on small cases, and against the 0.0.4 line
 * grammar on a whole NMA. (A third-party parser reads it in {@link MetricsServerTest}.)
 */
class PrometheusTextTest {

    @Test
    void lowLevelFamiliesSamplesAndAHistogramExactly() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(9_000); //               bucket [8960, 9023]: le 10 µs
        h.record(30_000); //              bucket [29952, 30079]: le 50 µs
        h.record(2_000_000); //           bucket [1998848, 2007039]: le 2.5 ms
        h.record(20_000_000_000L); //     overflow: +Inf only
        String text = new PrometheusText()
                .family("x_total", "counter", "Help with \\ and\nnewline, \"quotes\" kept.")
                .sample("x_total", "route", "a\"b\\c\nd", 3)
                .family("g", "gauge", "G.")
                .sample("g", null, null, 0.5)
                .family("lat_seconds", "histogram", "L.")
                .histogram("lat_seconds", "route", "r", h)
                .toString();
        assertThat(text).isEqualTo("""
                # HELP x_total Help with \\\\ and\\nnewline, "quotes" kept.
                # TYPE x_total counter
                x_total{route="a\\"b\\\\c\\nd"} 3
                # HELP g G.
                # TYPE g gauge
                g 0.5
                # HELP lat_seconds L.
                # TYPE lat_seconds histogram
                lat_seconds_bucket{route="r",le="0.00001"} 1
                lat_seconds_bucket{route="r",le="0.000025"} 1
                lat_seconds_bucket{route="r",le="0.00005"} 2
                lat_seconds_bucket{route="r",le="0.0001"} 2
                lat_seconds_bucket{route="r",le="0.00025"} 2
                lat_seconds_bucket{route="r",le="0.0005"} 2
                lat_seconds_bucket{route="r",le="0.001"} 2
                lat_seconds_bucket{route="r",le="0.0025"} 3
                lat_seconds_bucket{route="r",le="0.005"} 3
                lat_seconds_bucket{route="r",le="0.01"} 3
                lat_seconds_bucket{route="r",le="0.025"} 3
                lat_seconds_bucket{route="r",le="0.1"} 3
                lat_seconds_bucket{route="r",le="1"} 3
                lat_seconds_bucket{route="r",le="+Inf"} 4
                lat_seconds_sum{route="r"} 20.002039
                lat_seconds_count{route="r"} 4
                """);
    }

    /** A double sample value and how the format spells it. */
    private record Number(double value, String text) {
    }

    @Test
    void doublesAreSpelledAsTheFormatReadsThem() {
        Number[] numbers = {
            new Number(0.5, "0.5"),
            new Number(3.0, "3"),
            new Number(-2.0, "-2"),
            new Number(1e-7, "1.0E-7"),
            new Number(1e20, "1.0E20"),
            new Number(Double.NaN, "NaN"),
            new Number(Double.POSITIVE_INFINITY, "+Inf"),
            new Number(Double.NEGATIVE_INFINITY, "-Inf"),
        };
        for (Number n : numbers) {
            String text = new PrometheusText().family("v", "gauge", "v").sample("v", null, null, n.value()).toString();
            assertThat(text).as("%s", n.value()).endsWith("\nv " + n.text() + "\n");
        }
    }

    @Test
    void anEmptyHistogramHasZeroBucketsAndSum() {
        String text = new PrometheusText().family("h", "histogram", "h")
                .histogram("h", null, null, new LatencyHistogram()).toString();
        assertThat(text).contains("h_bucket{le=\"0.00001\"} 0\n", "h_bucket{le=\"+Inf\"} 0\n", "h_sum 0\n", "h_count 0\n");
    }

    /** A misuse of the writer, each one a programming error. */
    private record Misuse(String name, Consumer<PrometheusText> use) {
    }

    @Test
    void misuseIsAProgrammingError() {
        Misuse[] misuses = {
            new Misuse("metric name with a dash", t -> t.family("a-b", "gauge", "h")),
            new Misuse("metric name starting with a digit", t -> t.family("1a", "gauge", "h")),
            new Misuse("empty metric name", t -> t.family("", "gauge", "h")),
            new Misuse("unknown type", t -> t.family("a", "meter", "h")),
            new Misuse("family declared twice", t -> t.family("a", "gauge", "h").family("a", "gauge", "h")),
            new Misuse("sample before any family", t -> t.sample("a", null, null, 1)),
            new Misuse("sample of another family", t -> t.family("a", "gauge", "h").sample("b", null, null, 1)),
            new Misuse("_bucket sample in a gauge family", t -> t.family("a", "gauge", "h").sample("a_bucket", null, null, 1)),
            new Misuse("label name with a colon", t -> t.family("a", "gauge", "h").sample("a", "x:y", "v", 1)),
            new Misuse("reserved label name", t -> t.family("a", "gauge", "h").sample("a", "__name__", "v", 1)),
            new Misuse("label without a value", t -> t.family("a", "gauge", "h").sample("a", "x", null, 1)),
            new Misuse("histogram in a gauge family", t -> t.family("a", "gauge", "h").histogram("a", null, null,
                    new LatencyHistogram())),
            new Misuse("histogram given an le label", t -> t.family("a", "histogram", "h").histogram("a", "le", "1",
                    new LatencyHistogram())),
            new Misuse("two routes with one name", t -> t.routes(List.of(route("plc"), route("plc")))),
        };
        for (Misuse m : misuses) {
            assertThatThrownBy(() -> m.use().accept(new PrometheusText())).as(m.name())
                    .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
        }
    }

    private static RouteMetrics route(String name) {
        return new RouteMetrics(name, "0.0.0.0:502", "10.0.0.5:502");
    }

    // One line of the 0.0.4 format: comment lines, or name{labels} value.
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (?:[^\\\\\\n]|\\\\[\\\\n])*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram)");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(?:\\{" + LABEL + "(?:," + LABEL + ")*\\})? (-?[0-9]+(?:\\.[0-9]+)?(?:E-?[0-9]+)?|NaN|[+-]Inf)");

    @Test
    void aWholeNmaFollowsTheLineGrammarFamilyByFamily() {
        RouteMetrics plc = route("plc-1");
        RouteMetrics odd = new RouteMetrics("odd \"route\"\\2\nline", "[::]:1502", "plc.example:502");
        for (int i = 0; i < 3; i++) {
            plc.countRequest();
        }
        plc.countBlockedWithDrop();
        plc.countConnectionAccepted();
        plc.recordDecisionNanos(12_000);
        odd.countBytesFromUpstream(1234);
        String text = PrometheusText.render(new EngineGauges("normal", 2, 5, 1), List.of(plc, odd));

        Set<String> families = new HashSet<>();
        String family = null;
        String type = null;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher help = HELP.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (help.matches()) {
                family = help.group(1);
                assertThat(families.add(family)).as("%s declared once", family).isTrue();
                Matcher typeLine = TYPE.matcher(lines.get(++i));
                assertThat(typeLine.matches()).as("TYPE after HELP: %s", lines.get(i)).isTrue();
                assertThat(typeLine.group(1)).isEqualTo(family);
                type = typeLine.group(2);
            } else {
                assertThat(sample.matches()).as("line %d is a valid sample: %s", i + 1, line).isTrue();
                String name = sample.group(1);
                String expectedName = type.equals("histogram") ? name.replaceFirst("_(bucket|sum|count)$", "") : name;
                assertThat(expectedName).as("line %d belongs to %s", i + 1, family).isEqualTo(family);
            }
        }
        assertThat(text).endsWith("\n").contains(
                "statewall_state{state=\"normal\"} 1\n",
                "statewall_policy_generation 2\n",
                "statewall_state_changes_total 5\n",
                "statewall_forbidden_transitions_total 1\n",
                "statewall_inline_route_info{route=\"plc-1\",listen=\"0.0.0.0:502\",upstream=\"10.0.0.5:502\"} 1\n",
                "statewall_inline_route_info{route=\"odd \\\"route\\\"\\\\2\\nline\",listen=\"[::]:1502\",upstream=\"plc.example:502\"} 1\n",
                "statewall_inline_requests_total{route=\"plc-1\"} 3\n",
                "statewall_inline_blocked_total{route=\"plc-1\"} 1\n",
                "statewall_inline_blocked_by_action_total{route=\"plc-1\",action=\"drop\"} 1\n",
                "statewall_inline_blocked_by_action_total{route=\"plc-1\",action=\"reset\"} 0\n",
                "statewall_inline_connections_active{route=\"plc-1\"} 1\n",
                "statewall_inline_bytes_from_upstream_total{route=\"odd \\\"route\\\"\\\\2\\nline\"} 1234\n",
                "statewall_inline_decision_seconds_bucket{route=\"plc-1\",le=\"0.000025\"} 1\n",
                "statewall_inline_decision_seconds_sum{route=\"plc-1\"} 0.000012\n");
        List<String> expectedFamilies = new ArrayList<>(List.of("statewall_state", "statewall_policy_generation",
                "statewall_state_changes_total", "statewall_forbidden_transitions_total", "statewall_inline_route_info",
                "statewall_inline_decision_seconds", "statewall_inline_added_seconds",
                "statewall_inline_answer_added_seconds"));
        for (RouteCounter c : RouteCounter.values()) {
            if (!expectedFamilies.contains(c.family())) {
                expectedFamilies.add(c.family());
            }
        }
        assertThat(families).containsExactlyInAnyOrderElementsOf(expectedFamilies);
    }

    @Test
    void noRoutesStillDeclaresEveryFamily() {
        String text = PrometheusText.render(new EngineGauges("startup", 1, 0, 0), List.of());
        assertThat(text).contains("# TYPE statewall_inline_requests_total counter\n",
                "# TYPE statewall_inline_added_seconds histogram\n", "statewall_state{state=\"startup\"} 1\n");
        assertThat(text).doesNotContain("route=");
    }
}
