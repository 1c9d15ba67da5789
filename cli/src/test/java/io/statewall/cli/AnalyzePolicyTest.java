package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code analyze --policy}: states inferred from the traffic, verdicts in the state in force. */
class AnalyzePolicyTest {
    @TempDir
    Path dir;

    private static final String PLANT_POLICY = """
            statewall: 1
            assets:
              hmi: { ip: 10.0.0.1 }
              plc: { ip: 10.0.0.2 }
            plant:
              variables:
                speed:   { asset: plc, unit: 1, area: holding_registers, address: 10, type: uint16 }
                breaker: { asset: plc, unit: 1, area: coils, address: 5 }
              states:
                stopped: { when: "speed < 50 and not breaker", priority: 10 }
                startup: { when: "speed >= 50 and not breaker", priority: 20 }
                normal:  { when: "breaker", priority: 30 }
              transitions:
                unknown: [stopped, startup, normal]
                stopped: [startup]
                startup: [normal, stopped]
                normal:  [startup]
            rulesets:
              normal:
                default: allow
                rules:
                  - id: no-breaker-open-in-normal
                    to: plc
                    operation: write
                    area: coils
                    address: 5
                    value: 0
                    action: block
                    severity: 1
                    message: Breaker open command during normal operation
                    attack: [T0855, T0831]
            default_ruleset:
              default: allow
            """;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void theStateFollowsTheTrafficAndTheSameCommandIsJudgedByTheStateInForce() throws Exception {
        byte[] pcap = new TestCaptures().handshake()
                .request(TestCaptures.adu(1, 1, 0x01, 0x00, 0x05, 0x00, 0x01)).response(TestCaptures.adu(1, 1, 0x01, 0x01, 0x00))
                .request(TestCaptures.adu(2, 1, 0x03, 0x00, 0x0A, 0x00, 0x01)).response(TestCaptures.adu(2, 1, 0x03, 0x02, 0x00, 0x00))
                .request(TestCaptures.adu(3, 1, 0x03, 0x00, 0x0A, 0x00, 0x01)).response(TestCaptures.adu(3, 1, 0x03, 0x02, 0x05, 0xDC))
                // breaker open command during start-up: allowed
                .request(TestCaptures.adu(4, 1, 0x05, 0x00, 0x05, 0x00, 0x00)).response(TestCaptures.adu(4, 1, 0x05, 0x00, 0x05, 0x00, 0x00))
                .request(TestCaptures.adu(5, 1, 0x01, 0x00, 0x05, 0x00, 0x01)).response(TestCaptures.adu(5, 1, 0x01, 0x01, 0x01))
                // the same command in normal operation, the very next message after the switch: blocked
                .request(TestCaptures.adu(6, 1, 0x05, 0x00, 0x05, 0x00, 0x00)).response(TestCaptures.adu(6, 1, 0x81, 0x01))
                .bytes();
        Path capture = dir.resolve("walk.pcap");
        Files.write(capture, pcap);
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("analyze", "--policy", write("p.yaml", PLANT_POLICY).toString(),
                "--eve", "-", "--eve-types", "state,alert,stats", capture.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.ofType("state")).extracting(r -> r.path("state").path("from").asString() + ">" + r.path("state").path("to").asString())
                .containsExactly("unknown>stopped", "stopped>startup", "startup>normal");
        assertThat(run.ofType("state")).allMatch(r -> r.path("state").path("allowed").asBoolean());
        List<JsonNode> alerts = run.ofType("alert");
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.path("alert").path("action").asString()).isEqualTo("blocked");
        assertThat(alert.path("alert").path("signature").asString()).isEqualTo("Breaker open command during normal operation");
        assertThat(alert.path("statewall").path("state").asString()).isEqualTo("normal");
        assertThat(alert.path("statewall").path("rule").asString()).isEqualTo("no-breaker-open-in-normal");
        assertThat(alert.path("statewall").path("attack").toString()).isEqualTo("[\"T0855\",\"T0831\"]");
        assertThat(alert.path("modbus").path("request").path("transaction_id").asInt()).isEqualTo(6);
        JsonNode policy = run.ofType("stats").get(0).path("stats").path("policy");
        assertThat(policy.path("blocked").asInt()).isEqualTo(1);
        assertThat(policy.path("state").asString()).isEqualTo("normal");
        assertThat(run.err()).contains("1 would have been blocked").contains("state now normal");
    }

    @Test
    void theBenchPolicyAlertsLikeSuricatasRules() throws Exception {
        byte[] pcap = new TestCaptures().handshake()
                // FC 6 at PDU address 209 (Suricata's item 210) with 950: sid 9000004
                .request(TestCaptures.adu(1, 1, 0x06, 0x00, 0xD1, 0x03, 0xB6)).response(TestCaptures.adu(1, 1, 0x06, 0x00, 0xD1, 0x03, 0xB6))
                // an exception response: sid 9000010
                .request(TestCaptures.adu(2, 1, 0x03, 0x00, 0x64, 0x00, 0x01)).response(TestCaptures.adu(2, 1, 0x83, 0x02))
                .bytes();
        Path capture = dir.resolve("bench.pcap");
        Files.write(capture, pcap);
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("analyze", "--policy", Path.of("..", "examples", "modbus-bench.yaml").toString(),
                "--eve", "-", "--eve-types", "alert", capture.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.ofType("alert")).extracting(r -> r.path("statewall").path("rule").asString())
                .containsExactly("sid-9000004", "sid-9000010");
        assertThat(run.ofType("alert")).allMatch(r -> r.path("alert").path("action").asString().equals("allowed"));
    }

    @Test
    void anInvalidPolicyListsItsProblemsAndExitsTwoBeforeReadingAnything() throws Exception {
        Path bad = write("bad.yaml", "statewall: 1\ncommon:\n  - id: x\n    acton: block\n");
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("analyze", "--policy", bad.toString(), dir.resolve("none.pcap").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(bad + ":4:5: unknown key 'acton'").contains("not a valid policy").doesNotContain("Exception");
    }
}
