package io.statewall.asma.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.AsmaConfig;
import io.statewall.asma.EveLines;
import io.statewall.asma.TestAsma;
import io.statewall.asma.auth.Role;
import io.statewall.asma.store.Documents;
import io.statewall.asma.store.IngestRecord;
import io.statewall.asma.store.Store;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The endpoints the console added, over real HTTPS: process series, summary, the policy view, refusals audited. */
class ConsoleApiTest {
    @TempDir
    Path dir;
    TestAsma asma;

    @BeforeEach
    void start() throws Exception {
        Path plant = dir.resolve("console.plant.yaml");
        Files.writeString(plant, """
                statewall-plant: 1
                states:
                  trip: { votes: 1 }
                  normal: {}
                nmas:
                  boiler-nma: { observes: true }
                  turbine-nma: { observes: true }
                variables:
                  speed:   { nma: boiler-nma, point: speed, max_age: 5s }
                  breaker: { nma: boiler-nma, point: breaker, max_age: 5s }
                """);
        asma = new TestAsma(dir.resolve("asma"), AsmaConfig.DEFAULT.withPlant(plant));
    }

    @AfterEach
    void stop() {
        asma.close();
    }

    private static JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private void ingest(String nma, List<IngestRecord> records) {
        Store.join(asma.asma.store().ingest(nma, records));
    }

    @Test
    void thePlantListsItsStatesAndVariables() throws Exception {
        JsonNode plant = json(asma.get("/api/v1/plant", asma.login(Role.VIEWER)));
        assertThat(plant.get("states")).extracting(s -> s.get("name").asString() + "/" + s.get("votes").asInt())
                .containsExactly("trip/1", "normal/1");
        assertThat(plant.get("variables")).extracting(v -> v.get("name").asString() + "=" + v.get("nma").asString() + "/"
                + v.get("point").asString()).containsExactly("breaker=boiler-nma/breaker", "speed=boiler-nma/speed");
    }

    @Test
    void processSeriesAreOldestFirstAndDownsampledToMaxPoints() throws Exception {
        long now = System.currentTimeMillis();
        List<IngestRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long t = (now - 50_000 + i * 1_000L) * 1_000_000L;
            records.add(new IngestRecord(i + 1, IngestRecord.Kind.PROCESS, t,
                    "{\"points\":{\"speed\":" + i + ",\"breaker\":" + (i % 2 == 0) + ",\"mode\":\"auto\"}}"));
        }
        ingest("boiler-nma", records);
        String viewer = asma.login(Role.VIEWER);

        JsonNode all = json(asma.get("/api/v1/process", viewer));
        assertThat(all.get("series")).extracting(s -> s.get("variable").asString()).containsExactly("breaker", "speed");
        JsonNode speed = all.at("/series/1/points");
        assertThat(speed).hasSize(50);
        assertThat(speed.get(0).get(0).asLong()).isEqualTo(now - 50_000);
        assertThat(speed.get(0).get(1).asDouble()).isZero();
        assertThat(speed.get(49).get(1).asDouble()).isEqualTo(49);
        assertThat(all.at("/series/0/points/0/1").asDouble()).as("true is 1").isEqualTo(1);
        assertThat(all.at("/series/0/points/1/1").asDouble()).as("false is 0").isEqualTo(0);

        String since = java.time.Instant.ofEpochMilli(now - 50_000).toString();
        String until = java.time.Instant.ofEpochMilli(now).toString();
        JsonNode few = json(asma.get("/api/v1/process?variables=speed&max_points=10&since=" + since + "&until=" + until, viewer));
        assertThat(few.get("series")).hasSize(1);
        JsonNode points = few.at("/series/0/points");
        assertThat(points.size()).isBetween(2, 10);
        double sum = 0;
        long lastTime = Long.MIN_VALUE;
        for (JsonNode p : points) {
            assertThat(p.get(0).asLong()).as("oldest first").isGreaterThan(lastTime);
            lastTime = p.get(0).asLong();
            sum += p.get(1).asDouble();
        }
        assertThat(points.get(0).get(1).asDouble()).as("a bucket's mean").isGreaterThan(0).isLessThan(10);
        assertThat(sum / points.size()).isBetween(15.0, 35.0);

        JsonNode window = json(asma.get("/api/v1/process?variables=speed&since="
                + java.time.Instant.ofEpochMilli(now - 10_500), viewer));
        assertThat(window.at("/series/0/points")).hasSize(10);

        HttpResponse<String> unknown = asma.get("/api/v1/process?variables=speed,pressure", viewer);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(unknown.body()).at("/error/message").asString()).contains("'pressure'");
        for (String bad : new String[] {"max_points=1", "max_points=many", "since=yesterday", "color=red",
            "since=2026-11-25T20:00:00Z&until=2026-11-25T19:00:00Z"}) {
            assertThat(asma.get("/api/v1/process?" + bad, viewer).statusCode()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void theSummarySumsTheNmasCountersAndCountsAlerts() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        ingest("boiler-nma", List.of(
                new IngestRecord(1, IngestRecord.Kind.HEARTBEAT, now, EveLines.HEARTBEAT),
                new IngestRecord(2, IngestRecord.Kind.EVENT, 0, EveLines.ALERT),
                new IngestRecord(3, IngestRecord.Kind.EVENT, 0, EveLines.alert("2026-11-25T20:18:00.000000+0000", 3, "r", "T0801",
                        "10.0.0.9", "allowed"))));
        ingest("turbine-nma", List.of(
                new IngestRecord(1, IngestRecord.Kind.HEARTBEAT, now, EveLines.HEARTBEAT.replace("\"requests\":1200",
                        "\"requests\":800,\"allowed\":790,\"alerted\":6")),
                new IngestRecord(2, IngestRecord.Kind.EVENT, 0, EveLines.ALERT.replace("2026-11-25T20:17:10.611381+0000",
                        java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).format(
                                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx"))))));
        asma.control.connected.add("boiler-nma");
        String operator = asma.login(Role.OPERATOR);
        assertThat(asma.postJson("/api/v1/alerts/2/ack", operator, null).statusCode()).isEqualTo(200);

        JsonNode s = json(asma.get("/api/v1/summary", asma.login(Role.VIEWER)));
        assertThat(s.at("/messages/requests").asLong()).isEqualTo(2000);
        assertThat(s.at("/messages/allowed").asLong()).isEqualTo(790);
        assertThat(s.at("/messages/alerted").asLong()).isEqualTo(6);
        assertThat(s.at("/messages/blocked").asLong()).isEqualTo(8);
        assertThat(s.at("/alerts/total").asLong()).isEqualTo(3);
        assertThat(s.at("/alerts/unacknowledged").asLong()).isEqualTo(2);
        assertThat(s.at("/alerts/last_hour").asLong()).isEqualTo(1);
        assertThat(s.at("/alerts/by_severity/1").asLong()).isEqualTo(2);
        assertThat(s.at("/alerts/by_severity/3").asLong()).isEqualTo(1);
        assertThat(s.at("/alerts/by_severity/4").asLong()).isZero();
        assertThat(s.at("/nmas/total").asLong()).as("boiler and turbine; not the ASMA's own events").isEqualTo(2);
        assertThat(s.at("/nmas/ok").asLong()).isEqualTo(1);
        assertThat(s.at("/nmas/offline").asLong()).isEqualTo(1);
    }

    @Test
    void aViewerIsRefusedAChangeAndTheRefusalIsAudited() throws Exception {
        String viewer = asma.login(Role.VIEWER);
        HttpResponse<String> r = asma.postJson("/api/v1/plant/state", viewer, "{\"state\":\"normal\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(asma.get("/api/v1/plant", viewer).statusCode()).as("a read is not a refusal").isEqualTo(200);
        assertThat(asma.get("/api/v1/audit", viewer).statusCode()).as("a GET refused is not audited").isEqualTo(403);
        JsonNode audit = json(asma.get("/api/v1/audit?action=denied", asma.adminToken)).get("items");
        assertThat(audit).hasSize(1);
        JsonNode row = audit.get(0);
        assertThat(row.get("actor").asString()).isEqualTo("viewer-user");
        assertThat(row.get("target").asString()).isEqualTo("POST /api/v1/plant/state");
        assertThat(row.get("outcome").asString()).isEqualTo("refused");
        assertThat(row.get("detail").asString()).isEqualTo(Json.MAPPER.readTree(r.body()).at("/error/message").asString());
        assertThat(row.get("remote").asString()).isEqualTo("127.0.0.1");
        assertThat(asma.get("/api/v1/plant/states", viewer).body()).as("nothing declared").doesNotContain("\"normal\"");
    }

    @Test
    void aPolicyIsExplainedStateByStateWithItsCheck() throws Exception {
        String text = Files.readString(Path.of("../examples/thermal-power-unit.yaml"));
        assertThat(asma.call("POST", "/api/v1/policies", asma.adminToken, "application/yaml", text).statusCode()).isEqualTo(201);
        JsonNode v = json(asma.get("/api/v1/policies/1/view", asma.login(Role.VIEWER)));
        assertThat(v.get("version").asInt()).isEqualTo(1);
        assertThat(v.get("name").asString()).isEqualTo("Unit 3 thermal power unit");
        assertThat(v.get("states")).extracting(s -> s.get("name").asString())
                .contains("stopped", "start-up", "normal", "shut-down", "trip", "maintenance");
        JsonNode startup = find(v.get("states"), "name", "start-up");
        assertThat(startup.get("default_action").asString()).isEqualTo("alert");
        assertThat(startup.get("fail_mode").asString()).isIn("open", "closed");
        JsonNode setpoint = find(startup.get("rules"), "id", "startup-drum-setpoint");
        assertThat(setpoint.get("match").asString())
                .isEqualTo("from hmi-1, hmi-2 to boiler-plc:502 write holding registers 200 values 1801-65535");
        assertThat(setpoint.get("action").asString()).isEqualTo("block");
        assertThat(setpoint.get("severity").asInt()).isEqualTo(1);
        assertThat(setpoint.get("attack")).extracting(JsonNode::asString).containsExactly("T0836");
        assertThat(setpoint.get("line").asInt()).isEqualTo(lineOf(text, "- id: startup-drum-setpoint"));
        assertThat(setpoint.get("rate").isNull()).isTrue();
        JsonNode flood = find(v.get("common"), "id", "write-flood");
        assertThat(flood.get("rate").asString()).isEqualTo("more than 20 per 1s");
        assertThat(flood.get("match").asString()).isEqualTo("to boiler-plc:502, turbine-plc:502, safety-plc:502 write or read-write");
        assertThat(find(v.get("common"), "id", "unknown-functions").get("match").asString())
                .isEqualTo("category public unassigned or user defined or reserved");
        assertThat(find(v.get("protected"), "id", "esd-commands").get("match").asString())
                .isEqualTo("to safety-plc:502 functions 5, 15");
        assertThat(find(v.get("protected"), "id", "hmi-emergency-stop").get("match").asString())
                .isEqualTo("from hmi-1, hmi-2 to turbine-plc:502 write coils 0-3");
        assertThat(v.get("default").get("default_action").asString()).isIn("allow", "alert", "block");
        assertThat(v.at("/check/ok").isBoolean()).isTrue();
        assertThat(v.at("/check/ok").asBoolean()).isEqualTo(v.at("/check/findings").valueStream()
                .noneMatch(f -> f.get("severity").asString().equals("error")));
    }

    @Test
    void aVersionThatDoesNotLoadIsShownWithItsProblems() throws Exception {
        Store.join(asma.asma.store().write(c -> Documents.add(c, "policy", "broken", "statewall: 1\nrulesets:\n  normal: [oops\n",
                "test", null)));
        JsonNode v = json(asma.get("/api/v1/policies/1/view", asma.login(Role.VIEWER)));
        assertThat(v.get("states")).isEmpty();
        assertThat(v.at("/check/ok").asBoolean()).isFalse();
        assertThat(v.at("/check/findings")).isNotEmpty();
        assertThat(v.at("/check/findings/0/severity").asString()).isEqualTo("error");
        assertThat(v.at("/check/findings/0/message").asString()).isNotBlank();
        assertThat(asma.get("/api/v1/policies/2/view", asma.adminToken).statusCode()).isEqualTo(404);
        assertThat(asma.get("/api/v1/policies/x/view", asma.adminToken).statusCode()).isEqualTo(400);
    }

    private static JsonNode find(JsonNode array, String key, String value) {
        for (JsonNode n : array) {
            if (n.get(key).asString().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + key + " " + value + " in " + array);
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }
}
