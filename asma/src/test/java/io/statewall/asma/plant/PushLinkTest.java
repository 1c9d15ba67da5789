package io.statewall.asma.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.AsmaConfig;
import io.statewall.asma.Await;
import io.statewall.asma.TestAsma;
import io.statewall.asma.api.Json;
import io.statewall.asma.auth.Role;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Orchestration over the real link: a policy that fails the policy check is refused with its
 * findings and sent to nobody; a good one is acknowledged per NMA; the rollback gives each NMA
 * the version it had before; every step is in the audit log.
 */
class PushLinkTest {
    @TempDir
    Path dir;

    @Test
    void checkedPushAcknowledgedPerNmaAndRolledBack() throws Exception {
        String policy = Files.readString(Path.of("../cli/src/test/resources/golden/state-walk.yaml"));
        // The same rule twice: the second can never fire, an error for 'statewall policy check'.
        String rule = policy.substring(policy.indexOf("      - id: no-breaker-open-in-normal"), policy.indexOf("default_ruleset:"));
        String bad = policy.replace(rule, rule + rule.replace("no-breaker-open-in-normal", "shadowed-copy"));
        try (TestAsma asma = new TestAsma(dir.resolve("asma"), AsmaConfig.DEFAULT, true);
             PlantNmas a = new PlantNmas(asma, "nma-a", dir.resolve("a"));
             PlantNmas b = new PlantNmas(asma, "nma-b", dir.resolve("b"))) {
            Await.until(() -> asma.asma.connected().size() == 2, "both NMAs connected");
            for (String text : new String[] {policy, policy.replace("severity: 1", "severity: 2"), bad}) {
                HttpResponse<String> up = asma.call("POST", "/api/v1/policies", asma.adminToken, "application/yaml", text);
                assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
            }
            String operator = asma.login(Role.OPERATOR);
            assertThat(asma.postJson("/api/v1/pushes", asma.login(Role.VIEWER),
                    "{\"kind\":\"policy\",\"version\":1,\"nmas\":\"all\"}").statusCode()).isEqualTo(403);

            HttpResponse<String> refused = asma.postJson("/api/v1/pushes", operator,
                    "{\"kind\":\"policy\",\"version\":3,\"nmas\":\"all\"}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(Json.MAPPER.readTree(refused.body()).get("findings").toString()).contains("shadowed-copy");
            assertThat(a.commands).isEmpty();
            assertThat(b.commands).isEmpty();

            JsonNode first = push(asma, operator, "{\"kind\":\"policy\",\"version\":1,\"nmas\":[\"nma-a\",\"nma-b\"]}");
            assertThat(first.get("nmas")).extracting(n -> n.get("nma").asString() + "=" + n.get("status").asString())
                    .containsExactly("nma-a=ok", "nma-b=ok");
            JsonNode second = push(asma, operator, "{\"kind\":\"policy\",\"version\":2,\"nmas\":\"all\"}");
            assertThat(second.get("nmas")).extracting(n -> n.get("nma").asString() + " v" + n.get("version").asInt()
                    + " from v" + n.get("previous").asInt() + " " + n.get("status").asString())
                    .containsExactly("nma-a v2 from v1 ok", "nma-b v2 from v1 ok");
            assertThat(a.policyVersion).isEqualTo("2");

            HttpResponse<String> rb = asma.postJson("/api/v1/pushes/" + second.get("id").asLong() + "/rollback", operator, "{}");
            assertThat(rb.statusCode()).as(rb.body()).isEqualTo(201);
            JsonNode rollback = Json.MAPPER.readTree(rb.body());
            assertThat(rollback.get("rollback_of").asLong()).isEqualTo(second.get("id").asLong());
            assertThat(rollback.get("nmas")).extracting(n -> n.get("nma").asString() + " v" + n.get("version").asInt() + " "
                    + n.get("status").asString()).containsExactly("nma-a v1 ok", "nma-b v1 ok");
            assertThat(a.policyVersion).isEqualTo("1");
            assertThat(b.policyVersion).isEqualTo("1");

            JsonNode list = Json.MAPPER.readTree(asma.get("/api/v1/pushes", operator).body()).get("items");
            assertThat(list).hasSize(3);
            String audit = asma.get("/api/v1/audit?limit=50", asma.adminToken).body();
            assertThat(audit).contains("push.rollback").contains("\"action\":\"push.policy\"").contains("refused");
        }
    }

    private static JsonNode push(TestAsma asma, String token, String body) throws Exception {
        HttpResponse<String> r = asma.postJson("/api/v1/pushes", token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.MAPPER.readTree(r.body());
    }
}
