package io.statewall.asma.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.AsmaConfig;
import io.statewall.asma.TestAsma;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint of the API, called by an admin (so that no role check stops the request early)
 * with bodies and query values that are wrong in the ways a careless script or an attacker makes
 * them: numbers beyond 64 bits, wrong types, broken and deeply nested JSON, control characters,
 * large strings. Each answer is a 4xx with a JSON error, never a 500, and the server answers
 * after it all. (Numbers beyond 64 bits were 500s: Jackson 3 throws converting them.)
 */
class ApiHostileInputTest {
    private static final String HUGE = "99999999999999999999";
    private static final List<String> BODIES = List.of(
            "{\"version\":" + HUGE + ",\"kind\":\"policy\",\"nmas\":\"all\",\"state\":\"maintenance\",\"name\":\"x\","
                    + "\"role\":\"viewer\",\"expires_in_days\":" + HUGE + ",\"valid_hours\":" + HUGE + ",\"comment\":\"x\","
                    + "\"username\":\"x\",\"password\":\"x\",\"password_hash\":\"x\",\"nma\":\"boiler-nma\"}",
            "{\"version\":-" + HUGE + ",\"kind\":[],\"nmas\":[1,{\"a\":[]}],\"state\":123,\"name\":null,\"role\":{},"
                    + "\"expires_in_days\":1e400,\"valid_hours\":\"soon\",\"comment\":{\"a\":1}}",
            "{\"version\":1.5,\"state\":\"\\u0000\",\"name\":\"" + "n".repeat(100_000) + "\"}",
            "[]", "null", "\"text\"", "12", "{", "{\"a\":1}{\"b\":2}",
            "[".repeat(10_000) + "]".repeat(10_000));
    private static final List<String> QUERY_NAMES = List.of("limit", "before", "since", "until", "severity", "max_points",
            "variables", "nma", "acknowledged", "action", "state", "technique", "ip", "actor");
    private static final List<String> QUERY_VALUES = List.of(HUGE, "-" + HUGE, "-1", "0", "", "\u0000", "1e400",
            "9999-99-99T99:99:99Z", "%");

    @TempDir
    Path dir;
    private TestAsma asma;

    @BeforeEach
    void start() throws Exception {
        Path plant = Files.writeString(dir.resolve("hostile.plant.yaml"), """
                statewall-plant: 1
                name: hostile input
                states:
                  maintenance: {}
                  normal: {}
                nmas:
                  boiler-nma: { observes: true }
                variables:
                  speed: { nma: boiler-nma, point: speed, max_age: 5s }
                """);
        asma = new TestAsma(dir.resolve("asma"), AsmaConfig.DEFAULT.withPlant(plant));
    }

    @AfterEach
    void stop() {
        asma.close();
    }

    @Test
    void noEndpointAnswersHostileInputWithA500() throws Exception {
        List<String> failures = new ArrayList<>();
        List<String> routes = new ArrayList<>(asma.asma.routes());
        // What removes things last, so that the rest still finds them; the stream never ends by itself.
        routes.sort(Comparator.comparing(r -> r.startsWith("DELETE ")));
        routes.removeIf(r -> r.equals("GET /api/v1/stream") || r.equals("POST /api/v1/logout"));
        int calls = 0;
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = concrete(route.substring(route.indexOf(' ') + 1));
            if (method.equals("GET")) {
                for (String name : QUERY_NAMES) {
                    for (String value : QUERY_VALUES) {
                        String q = path + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
                        check(failures, method, q, null, null, asma.call(method, q, asma.adminToken, null, null));
                        calls++;
                    }
                }
            } else {
                for (String body : BODIES) {
                    for (String type : List.of("application/json", "application/yaml")) {
                        check(failures, method, path, type, body, asma.call(method, path, asma.adminToken, type, body));
                        calls++;
                    }
                }
            }
        }
        assertThat(calls).as("requests made").isGreaterThan(1_000);
        assertThat(failures).as("answers of 500 or more, or without a JSON error").isEmpty();
        assertThat(asma.get("/api/v1/health", null).statusCode()).as("still answering").isEqualTo(200);
    }

    private static void check(List<String> failures, String method, String path, String type, String body,
                              HttpResponse<String> r) {
        boolean error = r.statusCode() >= 400;
        boolean json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        if (r.statusCode() >= 500 || error && (!json || !r.body().contains("\"error\""))) {
            String shown = body == null ? "" : " " + type + " " + (body.length() > 80 ? body.substring(0, 80) + "…" : body);
            failures.add(method + " " + path + shown + " -> " + r.statusCode() + " " + r.body());
        }
    }

    /** The route's template with its parameters filled in. */
    private static String concrete(String template) {
        return template.replace("{nma}", "boiler-nma").replace("{point}", "speed").replace("{name}", "nobody")
                .replace("{id}", "999999").replace("{version}", "999999").replace("{from}", "1").replace("{to}", "2");
    }
}
