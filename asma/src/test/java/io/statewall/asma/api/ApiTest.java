package io.statewall.asma.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.EveLines;
import io.statewall.asma.TestAsma;
import io.statewall.asma.auth.Role;
import io.statewall.asma.store.IngestRecord;
import io.statewall.asma.store.Store;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The API's behaviour over real HTTPS: sessions, tokens, alerts, policies, audit, errors, metrics. */
class ApiTest {
    @TempDir
    Path dir;
    TestAsma asma;

    @BeforeEach
    void start() throws Exception {
        asma = new TestAsma(dir);
        Store.join(asma.asma.store().ingest("boiler-nma", List.of(
                new IngestRecord(1, IngestRecord.Kind.EVENT, 0, EveLines.STATE),
                new IngestRecord(2, IngestRecord.Kind.EVENT, 0, EveLines.MODBUS),
                new IngestRecord(3, IngestRecord.Kind.EVENT, 0, EveLines.ALERT),
                new IngestRecord(4, IngestRecord.Kind.HEARTBEAT, System.currentTimeMillis() * 1_000_000L, EveLines.HEARTBEAT))));
    }

    @AfterEach
    void stop() {
        asma.close();
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Json.MAPPER.readTree(r.body());
    }

    private List<JsonNode> audit(String action) throws Exception {
        HttpResponse<String> r = asma.get("/api/v1/audit?action=" + action, asma.adminToken);
        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        json(r).get("items").forEach(out::add);
        return out;
    }

    @Test
    void aUserLogsInUsesTheSessionAndLogsOut() throws Exception {
        HttpResponse<String> bad = asma.postJson("/api/v1/login", null, "{\"username\":\"operator-user\",\"password\":\"nope\"}");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"statewall\"");
        assertThat(json(bad).at("/error/message").asString()).isEqualTo("wrong user name or password");
        String token = asma.login(Role.OPERATOR);
        JsonNode me = json(asma.get("/api/v1/whoami", token));
        assertThat(me.get("name").asString()).isEqualTo("operator-user");
        assertThat(me.get("role").asString()).isEqualTo("operator");
        assertThat(me.get("session").asBoolean()).isTrue();
        assertThat(asma.postJson("/api/v1/logout", token, null).statusCode()).isEqualTo(204);
        assertThat(asma.get("/api/v1/whoami", token).statusCode()).isEqualTo(401);
        List<JsonNode> logins = audit("login");
        assertThat(logins).extracting(n -> n.get("outcome").asString()).containsExactly("ok", "failed");
        assertThat(logins.getLast().get("detail").asString()).isEqualTo("wrong password");
        assertThat(logins.getLast().get("remote").asString()).isEqualTo("127.0.0.1");
        assertThat(audit("logout")).hasSize(1);
        // An API token is not a session.
        assertThat(asma.postJson("/api/v1/logout", asma.adminToken, null).statusCode()).isEqualTo(400);
    }

    @Test
    void repeatedFailedLoginsAreRefusedForAWhile() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(asma.postJson("/api/v1/login", null, "{\"username\":\"admin-user\",\"password\":\"guess " + i + "\"}")
                    .statusCode()).isEqualTo(401);
        }
        HttpResponse<String> r = asma.postJson("/api/v1/login", null,
                "{\"username\":\"admin-user\",\"password\":\"admin password 1\"}");
        assertThat(r.statusCode()).as("even the right password, while throttled").isEqualTo(429);
        assertThat(audit("login")).first().satisfies(n -> assertThat(n.get("outcome").asString()).isEqualTo("denied"));
    }

    @Test
    void anAdminMakesATokenThatWorksUntilRevoked() throws Exception {
        HttpResponse<String> made = asma.postJson("/api/v1/tokens", asma.adminToken,
                "{\"name\":\"grafana\",\"role\":\"viewer\",\"expires_in_days\":30}");
        assertThat(made.statusCode()).isEqualTo(201);
        String secret = json(made).get("token").asString();
        long id = json(made).get("id").asLong();
        assertThat(secret).startsWith("swt_");
        assertThat(asma.get("/api/v1/nmas", secret).statusCode()).isEqualTo(200);
        assertThat(asma.get("/api/v1/tokens", secret).statusCode()).isEqualTo(403);
        HttpResponse<String> list = asma.get("/api/v1/tokens", asma.adminToken);
        assertThat(list.body()).contains("\"grafana\"").doesNotContain(secret);
        assertThat(asma.call("DELETE", "/api/v1/tokens/" + id, asma.adminToken, null, null).statusCode()).isEqualTo(204);
        assertThat(asma.get("/api/v1/nmas", secret).statusCode()).isEqualTo(401);
        assertThat(asma.call("DELETE", "/api/v1/tokens/" + id, asma.adminToken, null, null).statusCode()).isEqualTo(409);
        assertThat(asma.call("DELETE", "/api/v1/tokens/999", asma.adminToken, null, null).statusCode()).isEqualTo(404);
        assertThat(audit("token.create")).extracting(n -> n.get("target").asString())
                .containsExactly("token " + id + " (grafana)", "token 1 (admin)");
        assertThat(audit("token.revoke")).extracting(n -> n.get("outcome").asString()).containsExactly("refused", "refused", "ok");
        // The secret is stored hashed only.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("asma.db"));
             Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM api_token WHERE hash = '" + secret + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void usersMadeByAnAdminLogIn() throws Exception {
        assertThat(asma.postJson("/api/v1/users", asma.adminToken, "{\"name\":\"eve\",\"role\":\"viewer\",\"password\":\"short\"}")
                .statusCode()).isEqualTo(400);
        assertThat(asma.postJson("/api/v1/users", asma.adminToken,
                "{\"name\":\"admin-user\",\"role\":\"viewer\",\"password\":\"long enough password\"}").statusCode())
                .as("a user of the configuration").isEqualTo(409);
        assertThat(asma.postJson("/api/v1/users", asma.adminToken,
                "{\"name\":\"eve\",\"role\":\"operator\",\"password\":\"long enough password\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> in = asma.postJson("/api/v1/login", null, "{\"username\":\"eve\",\"password\":\"long enough password\"}");
        assertThat(in.statusCode()).isEqualTo(200);
        String session = json(in).get("token").asString();
        assertThat(json(in).get("role").asString()).isEqualTo("operator");
        assertThat(asma.call("DELETE", "/api/v1/users/eve", asma.adminToken, null, null).statusCode()).isEqualTo(204);
        assertThat(asma.get("/api/v1/whoami", session).statusCode()).as("her sessions end with her").isEqualTo(401);
        assertThat(asma.call("DELETE", "/api/v1/users/admin-user", asma.adminToken, null, null).statusCode()).isEqualTo(409);
    }

    @Test
    void anAlertIsShownWithItsFlowAndAcknowledgedOnce() throws Exception {
        String viewer = asma.login(Role.VIEWER);
        JsonNode alerts = json(asma.get("/api/v1/alerts?severity=1&technique=T0831&nma=boiler-nma", viewer));
        assertThat(alerts.get("items")).hasSize(1);
        long id = alerts.at("/items/0/id").asLong();
        JsonNode alert = json(asma.get("/api/v1/alerts/" + id, viewer));
        assertThat(alert.at("/event/statewall/rule").asString()).isEqualTo("no-breaker-open-in-normal");
        assertThat(alert.at("/time").asString()).isEqualTo("2026-11-25T20:17:10.611381Z");
        assertThat(alert.get("ack").isNull()).isTrue();
        assertThat(alert.get("flow_events")).hasSize(1);
        assertThat(alert.at("/flow_events/0/event_type").asString()).isEqualTo("modbus");
        assertThat(asma.get("/api/v1/alerts/2", viewer).statusCode()).as("event 2 is a modbus record").isEqualTo(404);

        String operator = asma.login(Role.OPERATOR);
        HttpResponse<String> ack = asma.postJson("/api/v1/alerts/" + id + "/ack", operator, "{\"comment\":\"test = ok\"}");
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(json(ack).at("/ack/by").asString()).isEqualTo("operator-user");
        assertThat(asma.postJson("/api/v1/alerts/" + id + "/ack", operator, null).statusCode()).isEqualTo(409);
        assertThat(json(asma.get("/api/v1/alerts?acknowledged=false", viewer)).get("items")).isEmpty();
        assertThat(audit("alert.ack")).extracting(n -> n.get("outcome").asString() + " " + n.get("detail").asString())
                .containsExactly("refused already", "ok acknowledged: test = ok");
    }

    @Test
    void theNmaListShowsHealthAndEnforcedState() throws Exception {
        JsonNode one = json(asma.get("/api/v1/nmas/boiler-nma", asma.adminToken));
        assertThat(one.get("health").asString()).as("not connected").isEqualTo("offline");
        asma.control.connected.add("boiler-nma");
        one = json(asma.get("/api/v1/nmas/boiler-nma", asma.adminToken));
        assertThat(one.get("health").asString()).isEqualTo("ok");
        assertThat(one.get("state").asString()).isEqualTo("normal");
        assertThat(one.get("last_seq").asLong()).isEqualTo(4);
        assertThat(one.at("/counters/blocked").asInt()).isEqualTo(4);
        assertThat(json(asma.get("/api/v1/nmas/boiler-nma/states", asma.adminToken)).at("/items/0/to").asString())
                .isEqualTo("normal");
        assertThat(asma.get("/api/v1/nmas/nobody", asma.adminToken).statusCode()).isEqualTo(404);

        String operator = asma.login(Role.OPERATOR);
        HttpResponse<String> declared = asma.postJson("/api/v1/nmas/boiler-nma/state", operator, "{\"state\":\"maintenance\"}");
        assertThat(declared.statusCode()).isEqualTo(200);
        assertThat(asma.control.orders).containsExactly("boiler-nma DeclareState[state=maintenance, by=operator-user]");
        asma.control.connected.clear();
        assertThat(asma.call("DELETE", "/api/v1/nmas/boiler-nma/state", operator, null, null).statusCode()).isEqualTo(409);
        assertThat(audit("nma.declare")).extracting(n -> n.get("outcome").asString()).containsExactly("ok");
        assertThat(audit("nma.release")).extracting(n -> n.get("detail").asString()).containsExactly("not connected");
        HttpResponse<String> plant = asma.postJson("/api/v1/plant/state", operator, "{\"state\":\"trip\"}");
        assertThat(plant.statusCode()).isEqualTo(409);
        assertThat(json(plant).at("/error/message").asString()).contains("no plant file");
    }

    @Test
    void policiesAreCheckedStoredAndDiffed() throws Exception {
        String policy = Files.readString(Path.of("../cli/src/test/resources/golden/state-walk.yaml"));
        HttpResponse<String> bad = asma.call("POST", "/api/v1/policies", asma.adminToken, "application/yaml",
                "statewall: 1\nname: broken\nrulesets: 7\n");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).at("/error/message").asString()).startsWith("not a valid policy: ");
        HttpResponse<String> v1 = asma.call("POST", "/api/v1/policies?comment=first", asma.adminToken, "application/yaml", policy);
        assertThat(v1.statusCode()).isEqualTo(201);
        assertThat(json(v1).get("version").asInt()).isEqualTo(1);
        assertThat(json(v1).get("name").asString()).isEqualTo("golden state walk");
        String changed = policy.replace("        severity: 1\n", "        severity: 2\n");
        assertThat(asma.call("POST", "/api/v1/policies", asma.adminToken, "application/yaml", changed).statusCode()).isEqualTo(201);
        HttpResponse<String> diff = asma.get("/api/v1/policies/1/diff/2", asma.adminToken);
        assertThat(diff.statusCode()).isEqualTo(200);
        assertThat(diff.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(diff.body()).contains("-        severity: 1\n+        severity: 2\n").startsWith("--- policy v1\t");
        assertThat(asma.get("/api/v1/policies/2/diff/2", asma.adminToken).body()).isEmpty();
        JsonNode got = json(asma.get("/api/v1/policies/1", asma.adminToken));
        assertThat(got.get("content").asString()).isEqualTo(policy);
        assertThat(got.get("comment").asString()).isEqualTo("first");
        assertThat(json(asma.get("/api/v1/policies", asma.adminToken)).get("items")).extracting(n -> n.get("version").asInt())
                .containsExactly(2, 1);
        assertThat(asma.get("/api/v1/policies/3", asma.adminToken).statusCode()).isEqualTo(404);
        assertThat(audit("policy.upload")).hasSize(2);
        // Pushing a stored version to a connected NMA.
        asma.control.connected.add("boiler-nma");
        assertThat(asma.postJson("/api/v1/nmas/boiler-nma/policy", asma.login(Role.OPERATOR), "{\"version\":2}").statusCode())
                .isEqualTo(200);
        assertThat(asma.control.orders).singleElement().satisfies(o -> assertThat(o).startsWith("boiler-nma PushPolicy[version=2"));
    }

    @Test
    void mistakesGetClearJsonErrors() throws Exception {
        String t = asma.adminToken;
        record Case(String method, String path, String body, int status, String message) {
        }
        List<Case> cases = List.of(
                new Case("GET", "/api/v1/events?since=yesterday", null, 400, "'since': 'yesterday' is not a time"),
                new Case("GET", "/api/v1/events?limit=5000", null, 400, "'limit': a whole number from 1 to 1000"),
                new Case("GET", "/api/v1/events?severity=high", null, 400, "'severity': 'high' is not a whole number"),
                new Case("GET", "/api/v1/events?sevrity=1", null, 400, "unknown query parameter 'sevrity'"),
                new Case("GET", "/api/v1/alerts?type=modbus", null, 400, "unknown query parameter 'type'"),
                new Case("GET", "/api/v1/events/abc", null, 400, "id 'abc': a positive whole number expected"),
                new Case("GET", "/api/v1/events/99", null, 404, "no event 99"),
                new Case("GET", "/api/v1/nothing", null, 404, "no such endpoint: /api/v1/nothing"),
                new Case("PUT", "/api/v1/nmas", null, 405, "PUT is not allowed here; allowed: GET"),
                new Case("POST", "/api/v1/tokens", "{\"name\":\"x\"", 400, "the body is not JSON"),
                new Case("POST", "/api/v1/tokens", "[]", 400, "the body must be a JSON object"),
                new Case("POST", "/api/v1/tokens", "{\"name\":\"x\",\"role\":\"root\"}", 400, "'role': viewer, operator or admin"),
                new Case("POST", "/api/v1/tokens", "{\"name\":\"a b\",\"role\":\"viewer\"}", 400, "'name': letters, digits"),
                new Case("POST", "/api/v1/alerts/3/ack", "{\"comment\":\"a\\u0000b\"}", 400, "control characters"),
                new Case("POST", "/api/v1/nmas/boiler-nma/policy", "{\"version\":\"1\"}", 400, "'version'"),
                // Numbers beyond 64 bits: Jackson throws converting them, which was a 500.
                new Case("POST", "/api/v1/nmas/boiler-nma/policy", "{\"version\":99999999999999999999}", 400, "'version'"),
                new Case("POST", "/api/v1/pushes", "{\"kind\":\"policy\",\"version\":99999999999999999999,\"nmas\":\"all\"}",
                        400, "'version'"),
                new Case("POST", "/api/v1/tokens", "{\"name\":\"x\",\"role\":\"viewer\",\"expires_in_days\":99999999999999999999}",
                        400, "'expires_in_days'"),
                new Case("POST", "/api/v1/policies", "", 400, "the request body, and it is empty"));
        for (Case c : cases) {
            HttpResponse<String> r = asma.call(c.method, c.path, t, c.body == null ? null : "application/json", c.body);
            assertThat(r.statusCode()).as("%s %s: %s", c.method, c.path, r.body()).isEqualTo(c.status);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(json(r).at("/error/message").asString()).as("%s %s", c.method, c.path).contains(c.message);
            assertThat(json(r).at("/error/status").asInt()).isEqualTo(c.status);
        }
        // A body over the limit is refused before it is read whole.
        HttpResponse<String> big = asma.call("POST", "/api/v1/policies", t, "application/yaml",
                "#".repeat(ApiServer.MAX_BODY + 1));
        assertThat(big.statusCode()).isEqualTo(413);
    }

    @Test
    void theAuditChainVerifiesThroughTheApiAndShowsTampering() throws Exception {
        asma.login(Role.VIEWER);
        asma.postJson("/api/v1/tokens", asma.adminToken, "{\"name\":\"ci\",\"role\":\"viewer\"}");
        JsonNode v = json(asma.get("/api/v1/audit/verify", asma.adminToken));
        assertThat(v.get("ok").asBoolean()).isTrue();
        assertThat(v.get("rows").asInt()).isEqualTo(3);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("asma.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER audit_no_update");
            st.executeUpdate("UPDATE audit SET actor = 'someone-else' WHERE id = 2");
        }
        v = json(asma.get("/api/v1/audit/verify", asma.adminToken));
        assertThat(v.get("ok").asBoolean()).isFalse();
        assertThat(v.get("first_bad_id").asInt()).isEqualTo(2);
    }

    @Test
    void withoutALinkThereIsNothingToEnrolWith() throws Exception {
        HttpResponse<String> r = asma.postJson("/api/v1/enrolments", asma.adminToken, "{\"nma\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).at("/error/message").asString()).contains("link is off");
    }

    @Test
    void metricsParseWithPrometheusOwnParser() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("/usr/bin/python3", "-c", "import prometheus_client")
                .start().waitFor() == 0, "python3-prometheus-client is not installed");
        asma.get("/api/v1/nmas", asma.adminToken);
        asma.get("/api/v1/nothing", asma.adminToken);
        HttpResponse<String> m = asma.get("/metrics", asma.login(Role.VIEWER));
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(asma.get("/metrics", null).statusCode()).isEqualTo(401);
        Path text = dir.resolve("metrics.txt");
        Files.writeString(text, m.body());
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", """
                import sys
                from prometheus_client.parser import text_string_to_metric_families
                for f in text_string_to_metric_families(open(sys.argv[1]).read()):
                    for s in f.samples:
                        labels = ",".join(k + "=" + v for k, v in sorted(s.labels.items()))
                        print(s.name + "{" + labels + "} " + repr(s.value))
                """, text.toString()).redirectErrorStream(true).start();
        String parsed = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(parsed).isZero();
        assertThat(parsed).contains("statewall_asma_events_ingested_total{nma=boiler-nma,type=alert} 1.0")
                .contains("statewall_asma_events_ingested_total{nma=boiler-nma,type=modbus} 1.0")
                .contains("statewall_asma_api_requests_total{route=/api/v1/nmas,status=200} 1.0")
                .contains("statewall_asma_api_requests_total{route=none,status=404} 1.0")
                .contains("statewall_asma_store_batch_seconds_count{}")
                .contains("statewall_asma_nmas_connected{} 0.0")
                .contains("statewall_asma_console_streams{} 0.0");
    }
}
