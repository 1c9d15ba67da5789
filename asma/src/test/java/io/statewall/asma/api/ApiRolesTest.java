package io.statewall.asma.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.EveLines;
import io.statewall.asma.TestAsma;
import io.statewall.asma.auth.Passwords;
import io.statewall.asma.auth.Role;
import io.statewall.asma.auth.Tokens;
import io.statewall.asma.auth.Users;
import io.statewall.asma.store.IngestRecord;
import io.statewall.asma.store.Store;
import io.statewall.engine.baseline.Baseline;
import io.statewall.engine.baseline.BaselineFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Roles on every endpoint, driven by the OpenAPI document the server serves: for each operation,
 * its {@code x-statewall-role} succeeds (the first 2xx the document lists; the stub's 501), every
 * role below gets 403, no token gets 401; public operations succeed without one. Path parameters
 * and bodies are the document's own examples, which the fixture makes true (event 1 is an
 * alert, policy and baseline versions 1 and 2 exist, token 2 can be revoked …; the link runs, so
 * enrolment tokens can be issued, while orders go to a recording stand-in). The server's
 * routes and the document's operations are the same set, so a new endpoint cannot be left out.
 */
class ApiRolesTest {
    @TempDir
    static Path dir;

    static TestAsma asma;
    static JsonNode openapi;

    /** One operation of the document. */
    record Operation(String method, String template, String role, String path, String contentType, String body,
                     int success) {
        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        // A plant file, so the plant endpoints answer (without one they are 409).
        Path plant = dir.resolve("roles.plant.yaml");
        Files.writeString(plant, "statewall-plant: 1\nstates:\n  normal: {}\n  maintenance: {}\nnmas:\n"
                + "  boiler-nma: { observes: true }\n");
        asma = new TestAsma(dir.resolve("asma"), io.statewall.asma.AsmaConfig.DEFAULT.withPlant(plant), true, true);
        openapi = YAMLMapper.builder().build().readTree(new String(MetaEndpoints.openapi(), StandardCharsets.UTF_8));
        Store store = asma.asma.store();
        Store.join(store.ingest("boiler-nma", List.of(
                new IngestRecord(1, IngestRecord.Kind.EVENT, 0, EveLines.ALERT),
                new IngestRecord(2, IngestRecord.Kind.EVENT, 0, EveLines.MODBUS),
                new IngestRecord(3, IngestRecord.Kind.EVENT, 0, EveLines.STATE),
                new IngestRecord(4, IngestRecord.Kind.HEARTBEAT, 1_000_000_000L, EveLines.HEARTBEAT),
                new IngestRecord(5, IngestRecord.Kind.PROCESS, 1_000_000_000L, EveLines.PROCESS))));
        asma.control.connected.add("boiler-nma");
        String policy = Files.readString(Path.of("../cli/src/test/resources/golden/state-walk.yaml"));
        String baseline = BaselineFile.format(new Baseline("golden state walk"));
        for (String[] upload : new String[][] {{"policies", policy}, {"policies", policy.replace("default: allow\n", "default: alert\n")},
            {"baselines", baseline}, {"baselines", baseline.replace("min_samples: 10", "min_samples: 20")}}) {
            HttpResponse<String> r = asma.call("POST", "/api/v1/" + upload[0], asma.adminToken, "application/yaml", upload[1]);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        Tokens.Issued revocable = Store.join(store.write(c -> Tokens.create(c, "to-revoke", Role.VIEWER, "api", "test",
                "test", null)));
        assertThat(revocable.info().id()).as("the example id of DELETE /api/v1/tokens/{id}").isEqualTo(2);
        Store.join(store.write(c -> Users.add(c, "retired-operator", Role.OPERATOR,
                Passwords.hash("retired password 1".toCharArray(), 1_000), "test")));
    }

    @AfterAll
    static void stop() {
        asma.close();
    }

    @Test
    void theServedDocumentIsTheOneInTheJar() throws Exception {
        HttpResponse<String> r = asma.get("/api/v1/openapi.yaml", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/yaml");
        assertThat(r.body()).isEqualTo(new String(MetaEndpoints.openapi(), StandardCharsets.UTF_8));
        assertThat(openapi.get("openapi").asString()).isEqualTo("3.1.0");
    }

    @Test
    void theDocumentDescribesEveryRouteAndNoOther() {
        TreeSet<String> documented = new TreeSet<>();
        for (Operation o : operations()) {
            documented.add(o.method + " " + o.template);
        }
        assertThat(documented).isEqualTo(new TreeSet<>(asma.asma.routes()));
    }

    @Test
    void everyOperationNeedsItsRoleAndNoMore() throws Exception {
        List<String> failures = new ArrayList<>();
        List<Operation> ops = operations();
        assertThat(ops).hasSizeGreaterThan(30);
        for (Operation o : ops) {
            if (o.role.equals("public")) {
                expect(failures, o, "without a token", null, o.success);
                continue;
            }
            Role min = Role.parse(o.role);
            assertThat(min).as("x-statewall-role of %s", o).isNotNull();
            expect(failures, o, "without a token", null, 401);
            expect(failures, o, "with a wrong token", "swt_" + "A".repeat(43), 401);
            for (Role below : Role.values()) {
                if (below.ordinal() < min.ordinal()) {
                    expect(failures, o, "as " + below.text(), asma.login(below), 403);
                }
            }
            expect(failures, o, "as " + min.text(), asma.login(min), o.success);
        }
        assertThat(failures).isEmpty();
    }

    private static void expect(List<String> failures, Operation o, String as, String token, int status) throws Exception {
        HttpResponse<java.io.InputStream> r = asma.http.send(asma.request(o.method, o.path, token, o.contentType, o.body),
                HttpResponse.BodyHandlers.ofInputStream());
        String body;
        try (java.io.InputStream in = r.body()) {
            // A stream (the live feed) never ends by itself: its status is what counts here.
            body = r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream") ? ""
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (r.statusCode() != status) {
            failures.add(o + " " + as + ": " + r.statusCode() + " instead of " + status + " " + body);
        }
        if (status >= 400 && !body.isEmpty()) {
            assertThat(Json.MAPPER.readTree(body).at("/error/status").asInt()).as("%s %s", o, as).isEqualTo(status);
        }
    }

    /** Every operation, with its path filled from the examples. */
    static List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : openapi.get("paths").properties()) {
            String template = p.getKey();
            JsonNode item = p.getValue();
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                JsonNode op = item.get(method);
                if (op == null) {
                    continue;
                }
                String path = template;
                List<JsonNode> params = new ArrayList<>();
                item.path("parameters").forEach(params::add);
                op.path("parameters").forEach(params::add);
                for (JsonNode param : params) {
                    JsonNode prm = resolve(param);
                    if (prm.get("in").asString().equals("path")) {
                        assertThat(prm.has("example")).as("%s %s: path parameter %s needs an example", method, template,
                                prm.get("name")).isTrue();
                        path = path.replace("{" + prm.get("name").asString() + "}", prm.get("example").asString());
                    }
                }
                String contentType = null;
                String body = null;
                JsonNode content = op.path("requestBody").path("content");
                if (content.has("application/json")) {
                    contentType = "application/json";
                    body = Json.MAPPER.writeValueAsString(content.get("application/json").get("example"));
                } else if (content.has("application/yaml")) {
                    contentType = "application/yaml";
                    body = content.get("application/yaml").get("example").asString();
                }
                int success = Integer.MAX_VALUE;
                int other = Integer.MAX_VALUE;
                for (Map.Entry<String, JsonNode> resp : op.get("responses").properties()) {
                    int code = Integer.parseInt(resp.getKey());
                    if (code / 100 == 2) {
                        success = Math.min(success, code);
                    } else if (code != 401 && code != 403) {
                        other = Math.min(other, code == 400 || code == 404 || code == 409 || code == 413 || code == 429
                                || code == 504 ? Integer.MAX_VALUE : code);
                    }
                }
                JsonNode role = op.get("x-statewall-role");
                assertThat(role).as("%s %s: x-statewall-role", method, template).isNotNull();
                out.add(new Operation(method.toUpperCase(java.util.Locale.ROOT), template, role.asString(), path,
                        contentType, body, success != Integer.MAX_VALUE ? success : other));
            }
        }
        return out;
    }

    private static JsonNode resolve(JsonNode n) {
        JsonNode ref = n.get("$ref");
        if (ref == null) {
            return n;
        }
        return openapi.at(ref.asString().substring(1));
    }
}
