package io.statewall.nma.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint over a real socket, and its {@code /metrics} read by a third-party parser:
 * Debian's python3-prometheus-client ({@code prometheus_client.parser}).
 */
class MetricsServerTest {
    private static final String PYTHON = "/usr/bin/python3";

    /**
     * Parses stdin and prints one line per family ({@code F name type help}) and per sample
     * ({@code S family sample-name labels-as-sorted-JSON value}), tab-separated.
     */
    private static final String PARSE = """
            import sys, json
            from prometheus_client.parser import text_string_to_metric_families
            text = sys.stdin.buffer.read().decode('utf-8')
            for f in text_string_to_metric_families(text):
                print('F', f.name, f.type, json.dumps(f.documentation), sep='\\t')
                for s in f.samples:
                    print('S', f.name, s.name, json.dumps(s.labels, sort_keys=True), repr(s.value), sep='\\t')
            """;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<MetricsServer> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(MetricsServer::close);
        http.close();
    }

    private MetricsServer serve(Supplier<? extends CharSequence> metrics, MetricsServer.StateControl control)
            throws IOException {
        MetricsServer server = new MetricsServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), metrics,
                control);
        servers.add(server);
        server.start();
        return server;
    }

    private HttpResponse<String> call(MetricsServer server, String method, String pathAndQuery) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    // -------------------------------------------------------------------------------------------
    // /metrics through prometheus_client
    // -------------------------------------------------------------------------------------------

    private record Family(String type, String help, Map<String, Double> samples) {
    }

    /** Families by name; samples keyed {@code sample-name labels-JSON}. */
    private static Map<String, Family> parseWithPrometheusClient(String text) throws Exception {
        Process python = new ProcessBuilder(PYTHON, "-c", PARSE).redirectErrorStream(true).start();
        try (OutputStream in = python.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).as("python finished").isTrue();
        assertThat(python.exitValue()).as("prometheus_client parsed the text:\n%s", out).isZero();
        Map<String, Family> families = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            String[] f = line.split("\t");
            if (f[0].equals("F")) {
                families.put(f[1], new Family(f[2], f[3], new LinkedHashMap<>()));
            } else {
                families.get(f[1]).samples().put(f[2] + " " + f[3], Double.parseDouble(f[4]));
            }
        }
        return families;
    }

    private static boolean prometheusClientInstalled() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "from prometheus_client.parser import text_string_to_metric_families")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void metricsOverHttpAreWhatPrometheusClientReads() throws Exception {
        assumeTrue(prometheusClientInstalled(),
                PYTHON + " cannot import prometheus_client (apt-get install python3-prometheus-client): skipped");
        RouteMetrics plc = new RouteMetrics("plc-1", "0.0.0.0:502", "10.0.0.5:502");
        RouteMetrics odd = new RouteMetrics("Pumpe \"Süd\"\\2\nB", "[::]:1502", "plc.example:502");
        plc.countConnectionAccepted();
        plc.countConnectionAccepted();
        plc.countConnectionClosed();
        for (int i = 0; i < 7; i++) {
            plc.countRequest();
        }
        plc.countAllowed();
        plc.countAllowedWithAlert();
        plc.countBlockedWithException();
        plc.countBlockedWithReset();
        plc.countBytesFromClient(84);
        odd.countMalformed();
        odd.countUpstreamUnavailableAnswer();
        plc.recordDecisionNanos(8_000); //      le 10 µs
        plc.recordDecisionNanos(40_000); //     le 50 µs
        plc.recordDecisionNanos(3_000_000); //  le 5 ms
        plc.recordAddedNanos(20_000_000_000L); // +Inf only
        EngineGauges engine = new EngineGauges("maintenance", 3, 4, 1);
        MetricsServer server = serve(() -> PrometheusText.render(engine, List.of(plc, odd)), null);

        HttpResponse<String> response = call(server, "GET", "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        Map<String, Family> families = parseWithPrometheusClient(response.body());

        Set<String> expectedNames = new java.util.HashSet<>(Set.of("statewall_state", "statewall_policy_generation",
                "statewall_state_changes", "statewall_forbidden_transitions", "statewall_inline_route_info",
                "statewall_inline_decision_seconds", "statewall_inline_added_seconds",
                "statewall_inline_answer_added_seconds"));
        for (RouteCounter c : RouteCounter.values()) {
            // the parser names a counter family without its _total
            expectedNames.add(c.family().replaceFirst("_total$", ""));
        }
        assertThat(families.keySet()).as("every sample in its declared family: no untyped strays")
                .containsExactlyInAnyOrderElementsOf(expectedNames);
        for (RouteCounter c : RouteCounter.values()) {
            assertThat(families.get(c.family().replaceFirst("_total$", "")).type()).as(c.family())
                    .isEqualTo(c.kind() == RouteCounter.Kind.COUNTER ? "counter" : "gauge");
        }

        String plcLabel = "{\"route\": \"plc-1\"}";
        // The odd route's name as the parser's labels print it (JSON, non-ASCII escaped).
        String oddRoute = "\"Pumpe \\\"S\\u00fcd\\\"\\\\2\\nB\"";
        String oddLabel = "{\"route\": " + oddRoute + "}";
        assertThat(families.get("statewall_state").samples()).containsExactly(
                Map.entry("statewall_state {\"state\": \"maintenance\"}", 1.0));
        assertThat(families.get("statewall_policy_generation").type()).isEqualTo("gauge");
        assertThat(families.get("statewall_policy_generation").samples())
                .containsExactly(Map.entry("statewall_policy_generation {}", 3.0));
        assertThat(families.get("statewall_state_changes").type()).isEqualTo("counter");
        assertThat(families.get("statewall_state_changes").samples())
                .containsExactly(Map.entry("statewall_state_changes_total {}", 4.0));
        assertThat(families.get("statewall_forbidden_transitions").samples())
                .containsExactly(Map.entry("statewall_forbidden_transitions_total {}", 1.0));
        assertThat(families.get("statewall_inline_route_info").samples()).containsExactly(
                Map.entry("statewall_inline_route_info {\"listen\": \"0.0.0.0:502\", \"route\": \"plc-1\", "
                        + "\"upstream\": \"10.0.0.5:502\"}", 1.0),
                Map.entry("statewall_inline_route_info {\"listen\": \"[::]:1502\", \"route\": \"Pumpe \\\"S\\u00fcd\\\"\\\\2\\nB\", "
                        + "\"upstream\": \"plc.example:502\"}", 1.0));
        assertThat(families.get("statewall_inline_requests").samples()).containsExactly(
                Map.entry("statewall_inline_requests_total " + plcLabel, 7.0),
                Map.entry("statewall_inline_requests_total " + oddLabel, 0.0));
        assertThat(families.get("statewall_inline_connections_accepted").samples())
                .containsEntry("statewall_inline_connections_accepted_total " + plcLabel, 2.0);
        assertThat(families.get("statewall_inline_connections_active").samples())
                .containsEntry("statewall_inline_connections_active " + plcLabel, 1.0);
        assertThat(families.get("statewall_inline_allowed").samples())
                .containsEntry("statewall_inline_allowed_total " + plcLabel, 2.0);
        assertThat(families.get("statewall_inline_alerted").samples())
                .containsEntry("statewall_inline_alerted_total " + plcLabel, 1.0);
        assertThat(families.get("statewall_inline_blocked").samples())
                .containsEntry("statewall_inline_blocked_total " + plcLabel, 2.0);
        assertThat(families.get("statewall_inline_blocked_by_action").samples()).containsExactly(
                Map.entry("statewall_inline_blocked_by_action_total {\"action\": \"exception\", \"route\": \"plc-1\"}", 1.0),
                Map.entry("statewall_inline_blocked_by_action_total {\"action\": \"exception\", \"route\": "
                        + oddRoute + "}", 0.0),
                Map.entry("statewall_inline_blocked_by_action_total {\"action\": \"drop\", \"route\": \"plc-1\"}", 0.0),
                Map.entry("statewall_inline_blocked_by_action_total {\"action\": \"drop\", \"route\": "
                        + oddRoute + "}", 0.0),
                Map.entry("statewall_inline_blocked_by_action_total {\"action\": \"reset\", \"route\": \"plc-1\"}", 1.0),
                Map.entry("statewall_inline_blocked_by_action_total {\"action\": \"reset\", \"route\": "
                        + oddRoute + "}", 0.0));
        assertThat(families.get("statewall_inline_malformed").samples())
                .containsEntry("statewall_inline_malformed_total " + oddLabel, 1.0);
        assertThat(families.get("statewall_inline_upstream_unavailable_answers").samples())
                .containsEntry("statewall_inline_upstream_unavailable_answers_total " + oddLabel, 1.0);
        assertThat(families.get("statewall_inline_bytes_from_clients").samples())
                .containsEntry("statewall_inline_bytes_from_clients_total " + plcLabel, 84.0);

        Family decision = families.get("statewall_inline_decision_seconds");
        assertThat(decision.type()).isEqualTo("histogram");
        assertThat(decision.help()).isEqualTo("\"Time to parse and judge one request.\"");
        Map<String, Double> plcDecision = decision.samples().entrySet().stream()
                .filter(e -> e.getKey().contains("\"route\": \"plc-1\""))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        String bucket = "statewall_inline_decision_seconds_bucket {\"le\": \"%s\", \"route\": \"plc-1\"}";
        assertThat(plcDecision).containsExactly(
                Map.entry(bucket.formatted("0.00001"), 1.0),
                Map.entry(bucket.formatted("0.000025"), 1.0),
                Map.entry(bucket.formatted("0.00005"), 2.0),
                Map.entry(bucket.formatted("0.0001"), 2.0),
                Map.entry(bucket.formatted("0.00025"), 2.0),
                Map.entry(bucket.formatted("0.0005"), 2.0),
                Map.entry(bucket.formatted("0.001"), 2.0),
                Map.entry(bucket.formatted("0.0025"), 2.0),
                Map.entry(bucket.formatted("0.005"), 3.0),
                Map.entry(bucket.formatted("0.01"), 3.0),
                Map.entry(bucket.formatted("0.025"), 3.0),
                Map.entry(bucket.formatted("0.1"), 3.0),
                Map.entry(bucket.formatted("1"), 3.0),
                Map.entry(bucket.formatted("+Inf"), 3.0),
                Map.entry("statewall_inline_decision_seconds_sum " + plcLabel, 0.003048),
                Map.entry("statewall_inline_decision_seconds_count " + plcLabel, 3.0));
        assertThat(families.get("statewall_inline_added_seconds").samples())
                .containsEntry("statewall_inline_added_seconds_bucket {\"le\": \"1\", \"route\": \"plc-1\"}", 0.0)
                .containsEntry("statewall_inline_added_seconds_bucket {\"le\": \"+Inf\", \"route\": \"plc-1\"}", 1.0)
                .containsEntry("statewall_inline_added_seconds_sum " + plcLabel, 20.0)
                .containsEntry("statewall_inline_added_seconds_count " + oddLabel, 0.0);
    }

    // -------------------------------------------------------------------------------------------
    // The endpoint itself
    // -------------------------------------------------------------------------------------------

    /** A request and the status and body it must get. */
    private record Exchange(String method, String path, int status, String body) {
    }

    @Test
    void pathsAndMethods() throws Exception {
        MetricsServer server = serve(() -> "# metrics\n", null);
        Exchange[] exchanges = {
            new Exchange("GET", "/metrics", 200, "# metrics\n"),
            new Exchange("GET", "/metrics?format=x", 200, "# metrics\n"),
            new Exchange("GET", "/healthz", 200, "ok\n"),
            new Exchange("GET", "/", 404, "not found\n"),
            new Exchange("GET", "/metrics/", 404, "not found\n"),
            new Exchange("GET", "/metricsx", 404, "not found\n"),
            new Exchange("GET", "/%2e%2e/metrics", 404, "not found\n"),
            new Exchange("GET", "/state/declare", 404, "not found\n"),
            new Exchange("POST", "/state/release", 404, "not found\n"),
            new Exchange("POST", "/metrics", 405, "GET only\n"),
            new Exchange("PUT", "/healthz", 405, "GET only\n"),
            new Exchange("DELETE", "/metrics", 405, "GET only\n"),
            new Exchange("HEAD", "/metrics", 405, ""),
        };
        for (Exchange e : exchanges) {
            HttpResponse<String> r = call(server, e.method(), e.path());
            assertThat(r.statusCode()).as("%s %s", e.method(), e.path()).isEqualTo(e.status());
            assertThat(r.body()).as("%s %s", e.method(), e.path()).isEqualTo(e.body());
            if (e.status() == 405) {
                assertThat(r.headers().firstValue("Allow")).as("%s %s", e.method(), e.path()).hasValue("GET");
            }
        }
    }

    @Test
    void aFailingSupplierAnswers500AndTheServerKeepsServing() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        MetricsServer server = serve(() -> {
            switch (calls.incrementAndGet()) {
                case 1 -> throw new IllegalStateException("route list changing");
                case 2 -> throw new AssertionError("a bug");
                case 3 -> {
                    return null;
                }
                default -> {
                    return "fine\n";
                }
            }
        }, null);
        assertThat(call(server, "GET", "/metrics").statusCode()).isEqualTo(500);
        assertThat(call(server, "GET", "/metrics").statusCode()).isEqualTo(500);
        assertThat(call(server, "GET", "/metrics").statusCode()).as("a null text").isEqualTo(500);
        HttpResponse<String> r = call(server, "GET", "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("fine\n");
        assertThat(call(server, "GET", "/healthz").body()).isEqualTo("ok\n");
    }

    @Test
    void stateControlsWhenGiven() throws Exception {
        List<String> done = new ArrayList<>();
        MetricsServer server = serve(() -> "", new MetricsServer.StateControl() {
            @Override
            public String declare(String state, String by) {
                if (state == null) {
                    throw new IllegalArgumentException("state=NAME is required");
                }
                done.add("declare " + state + " by " + by);
                return "declared " + state;
            }

            @Override
            public String release() throws Exception {
                throw new java.util.concurrent.TimeoutException("loop busy");
            }
        });
        Exchange[] exchanges = {
            new Exchange("POST", "/state/declare?state=maintenance&by=J%C3%BCrgen", 200, "declared maintenance\n"),
            new Exchange("POST", "/state/declare?state=startup", 200, "declared startup\n"),
            new Exchange("POST", "/state/declare", 400, "state=NAME is required\n"),
            new Exchange("GET", "/state/declare?state=x", 405, "POST only\n"),
            new Exchange("POST", "/state/release", 500, "internal error: TimeoutException\n"),
        };
        for (Exchange e : exchanges) {
            HttpResponse<String> r = call(server, e.method(), e.path());
            assertThat(r.statusCode()).as("%s %s", e.method(), e.path()).isEqualTo(e.status());
            if (e.body() != null) {
                assertThat(r.body()).as("%s %s", e.method(), e.path()).isEqualTo(e.body());
            }
        }
        assertThat(done).containsExactly("declare maintenance by Jürgen", "declare startup by operator");
    }

    @Test
    void closingTwiceIsHarmlessAndStopsServing() throws Exception {
        MetricsServer server = serve(() -> "x\n", null);
        int port = server.address().getPort();
        assertThat(port).as("an ephemeral port was bound").isPositive();
        assertThat(call(server, "GET", "/healthz").statusCode()).isEqualTo(200);
        server.close();
        server.close();
        assertThatThrownBy(() -> call(server, "GET", "/healthz")).isInstanceOf(ConnectException.class);
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startingTwiceIsAProgrammingError() throws Exception {
        MetricsServer server = serve(() -> "x\n", null);
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        assertThat(call(server, "GET", "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void itsThreadsNeverHoldTheJvmOpen() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        MetricsServer server = serve(() -> "x\n", null);
        assertThat(call(server, "GET", "/metrics").statusCode()).isEqualTo(200);
        List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && !t.getName().startsWith("HttpClient")).toList();
        assertThat(started).as("the server's threads").isNotEmpty()
                .allSatisfy(t -> assertThat(t.isDaemon()).as(t.getName()).isTrue());
    }
}
