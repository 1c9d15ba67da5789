package io.statewall.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each finding shown by a failing policy, and its fixed twin producing none. */
class PolicyVerifierTest {
    private static final String HEAD = """
            statewall: 1
            assets:
              hmi:    { ip: 10.0.1.10 }
              eng-ws: { ip: 10.0.1.50 }
              plc:    { ip: 10.0.2.20 }
              sis:    { ip: 10.0.2.40 }
            protected:
              - id: esd
                to: sis
                function: [5, 15]
            """;

    private static List<String> check(String yaml) throws PolicyException {
        return PolicyVerifier.verify(PolicyLoader.parse(yaml, "p.yaml")).stream().map(f -> f.format("p.yaml")).toList();
    }

    @Test
    void blockRuleThatCouldBlockProtectedTraffic() throws Exception {
        String broken = HEAD + """
                common:
                  - id: no-writes
                    operation: write
                    action: block
                """;
        assertThat(check(broken)).containsExactly("p.yaml:12:5: error: block rule 'no-writes' could block protected traffic"
                + " 'esd' (line 8) in state unknown (the engine would downgrade it to alert)");
        String fixed = HEAD + """
                common:
                  - id: no-writes
                    to: plc
                    operation: write
                    action: block
                """;
        assertThat(check(fixed)).isEmpty();
    }

    @Test
    void blockRuleAfterAnAllowThatTakesAllProtectedTrafficIsFine() throws Exception {
        String fixed = HEAD + """
                common:
                  - id: esd-passes
                    to: sis
                    operation: write
                    action: allow
                  - id: no-writes
                    operation: write
                    action: block
                """;
        assertThat(check(fixed)).isEmpty();
        String alertDoesNotCount = fixed.replace("action: allow", "action: alert");
        assertThat(check(alertDoesNotCount)).singleElement().asString()
                .startsWith("p.yaml:16:5: error: block rule 'no-writes' could block protected traffic 'esd'");
    }

    @Test
    void blockDefaultThatCouldBlockProtectedTraffic() throws Exception {
        String broken = HEAD + """
                default_ruleset:
                  default: block
                  rules:
                    - id: reads
                      operation: read
                      action: allow
                """;
        assertThat(check(broken)).containsExactly("p.yaml:11:1: error: default 'block' of default_ruleset could block"
                + " protected traffic 'esd' (line 8) in state unknown: no earlier rule catches all of it");
        String fixed = broken.replace("operation: read", "operation: [read, write]");
        assertThat(check(fixed)).isEmpty();
    }

    @Test
    void shadowedRuleInTheSameRuleset() throws Exception {
        String broken = HEAD + """
                common:
                  - id: hmi-to-plc
                    from: hmi
                    to: plc
                    action: allow
                  - id: hmi-reads
                    from: hmi
                    to: plc
                    operation: read
                    action: alert
                """;
        assertThat(check(broken)).containsExactly("p.yaml:16:5: error: rule 'hmi-reads' can never fire in state unknown:"
                + " rule 'hmi-to-plc' (line 12) comes first and matches everything it matches");
        String fixed = HEAD + """
                common:
                  - id: hmi-reads
                    from: hmi
                    to: plc
                    operation: read
                    action: alert
                  - id: hmi-to-plc
                    from: hmi
                    to: plc
                    action: allow
                """;
        assertThat(check(fixed)).isEmpty();
    }

    @Test
    void rateAndAlertRulesNeverShadow() throws Exception {
        String rate = HEAD + """
                common:
                  - id: flood
                    to: plc
                    rate: 10/1s
                    action: block
                  - id: plc-writes
                    to: plc
                    operation: write
                    action: alert
                """;
        assertThat(check(rate)).isEmpty();
        String alert = rate.replace("    rate: 10/1s\n", "").replace("action: block", "action: alert");
        assertThat(check(alert)).isEmpty();
    }

    @Test
    void commonRuleShadowedInOneStateIsAnOverrideButInEveryStateAnError() throws Exception {
        String plant = """
                plant:
                  variables:
                    run: { asset: plc, area: coils, address: 1 }
                  states:
                    running: { when: "run" }
                    idle: { when: "not run" }
                  initial: idle
                  stale: idle
                """;
        String override = HEAD + plant + """
                rulesets:
                  running:
                    rules:
                      - id: running-no-plc-writes
                        to: plc
                        operation: write
                        action: block
                  idle:
                    rules: []
                common:
                  - id: plc-writes
                    to: plc
                    operation: write
                    action: alert
                """;
        assertThat(check(override)).isEmpty();
        String everywhere = override.replace("    rules: []\n", """
                    rules:
                      - id: idle-no-plc-writes
                        to: plc
                        operation: write
                        action: block
                """);
        assertThat(check(everywhere)).containsExactly("p.yaml:33:5: error: common rule 'plc-writes' can never fire: in every"
                + " state a rule of the state's ruleset (e.g. 'running-no-plc-writes' (line 22)) comes first and matches"
                + " everything it matches");
    }

    @Test
    void allowAndBlockOverlappingWithoutContainment() throws Exception {
        String broken = HEAD + """
                common:
                  - id: eng-writes
                    from: eng-ws
                    operation: write
                    action: allow
                  - id: no-coil-writes
                    to: plc
                    area: coils
                    operation: write
                    action: block
                """;
        assertThat(check(broken)).containsExactly("p.yaml:16:5: warning: rules 'eng-writes' (allow) and 'no-coil-writes'"
                + " (block) overlap in state unknown; order decides: 'eng-writes' (line 12) wins for traffic both match");
        String fixed = broken.replace("    operation: write\n    action: allow", "    to: sis\n    operation: read\n    action: allow");
        assertThat(check(fixed)).isEmpty();
    }

    @Test
    void exceptionFirstIdiomIsNotReported() throws Exception {
        String idiom = HEAD + """
                common:
                  - id: eng-plc-writes
                    from: eng-ws
                    to: plc
                    operation: write
                    action: allow
                  - id: other-plc-writes
                    to: plc
                    operation: write
                    action: block
                """;
        assertThat(check(idiom)).isEmpty();
    }

    @Test
    void rulesetForAnUndeclaredStateAndAStateWithoutRuleset() throws Exception {
        String plant = """
                plant:
                  variables:
                    run: { asset: plc, area: coils, address: 1 }
                  states:
                    running: { when: "run" }
                    idle: { when: "not run" }
                """;
        String broken = HEAD + plant + """
                rulesets:
                  running: { default: alert }
                  runing: { default: alert }
                """;
        assertThat(check(broken)).containsExactly(
                "p.yaml:16:5: warning: state 'idle' has no ruleset: it uses default_ruleset",
                "p.yaml:19:3: error: ruleset for state 'runing', which the plant model does not declare"
                        + " (states: running, idle, unknown); it never applies");
        String fixed = broken.replace("runing:", "idle:");
        assertThat(check(fixed)).isEmpty();
    }

    @Test
    void withoutAPlantModelOnlyUnknownExists() throws Exception {
        String broken = HEAD + """
                rulesets:
                  normal: { default: alert }
                """;
        assertThat(check(broken)).singleElement().asString().startsWith("p.yaml:12:3: error: ruleset for state 'normal'");
        assertThat(check(broken.replace("normal:", "unknown:"))).isEmpty();
    }
}
