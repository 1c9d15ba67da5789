package io.statewall.engine.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.engine.policy.Action;
import io.statewall.engine.policy.Match;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.Rule;
import io.statewall.engine.policy.RuleSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Evaluation order (docs/policy-format.md, "Evaluation"): alerts accumulate, the first allow or
 * block decides, state rules before common, per-state defaults, protected downgrades, and the
 * response phase.
 */
class EvaluationTest {
    private static final String F = "10.0.0.1>10.0.0.2:502";
    private static final String FC6_210_901 = "06 00D2 0385";
    private static final String FC3 = "03 0064 000A";

    @Test
    void alertsAccumulateUntilTheFirstBlock() {
        Rig.Judge judge = new Rig.Judge(Rig.ASSETS + """
                common:
                  - { id: a1, function: 6, action: alert, severity: 1, message: FC 6 seen, attack: [T0855] }
                  - { id: not-me, function: 16, action: alert }
                  - { id: a2, to: plc, action: alert, severity: 3 }
                  - { id: b, address: 210, action: block, message: setpoint }
                  - { id: after-block, function: 6, action: alert }
                default_ruleset: { default: allow, rules: [] }
                """);
        LiveVerdict.check(judge, F, FC6_210_901, v -> {
            assertThat(v.action()).isEqualTo(Action.BLOCK);
            assertThat(v.decidingRuleId()).isEqualTo("b");
            assertThat(v.policy().rule(v.decidingRule()).message()).isEqualTo("setpoint");
            assertThat(v.alertCount()).isEqualTo(2);
            assertThat(v.alert(0).id()).isEqualTo("a1");
            assertThat(v.alert(0).severity()).isEqualTo(1);
            assertThat(v.alert(0).message()).isEqualTo("FC 6 seen");
            assertThat(v.alert(0).attack()).containsExactly("T0855");
            assertThat(v.alert(1).id()).isEqualTo("a2");
            assertThat(v.alert(1).severity()).isEqualTo(3);
            assertThat(v.alerted("after-block")).isFalse();
            assertThat(v.protectedDowngrade()).isFalse();
        });
        Rig.Outcome read = judge.request(F, FC3);
        assertThat(read).isEqualTo(new Rig.Outcome(Action.ALERT, "default", List.of("a2"), 0, null, 1));
    }

    @Test
    void anAllowAfterAlertsForwardsWithTheAlerts() {
        Rig.Judge judge = new Rig.Judge(Rig.ASSETS + """
                common:
                  - { id: a, function: 6, action: alert }
                  - { id: ok, from: hmi, action: allow }
                  - { id: never, function: 6, action: block }
                default_ruleset: { default: block, rules: [] }
                """);
        LiveVerdict.check(judge, F, FC6_210_901, v -> {
            assertThat(v.action()).isEqualTo(Action.ALERT);
            assertThat(v.decidingAction()).isEqualTo(Action.ALLOW);
            assertThat(v.decidingRuleId()).isEqualTo("ok");
            assertThat(v.forward()).isTrue();
        });
        assertThat(judge.request(F, FC3)).isEqualTo(new Rig.Outcome(Action.ALLOW, "ok", List.of(), 0, null, 1));
        assertThat(judge.request("10.0.0.9>10.0.0.2:502", FC3).action()).as("default block").isEqualTo(Action.BLOCK);
    }

    /** A plant with three declared states: stopped and running have rulesets, maintenance does not. */
    private static final String PLANT = Rig.ASSETS + """
            plant:
              variables:
                run_bit: { asset: plc, unit: 1, area: coils, address: 1 }
              states:
                stopped:     { when: "not run_bit" }
                running:     { when: "run_bit" }
                maintenance: {}
              transitions:
                unknown: [stopped, running, maintenance]
            protected:
              - { id: esd, to: plc, function: [5, 15] }
              - { id: ident, to: plc, function: 43 }
            common:
              - { id: polls, operation: read, action: allow }
              - { id: no-writes, operation: write, action: block }
            rulesets:
              stopped:
                default: block
                rules:
                  - { id: eng-writes, from: eng, operation: write, action: allow }
              running:
                default: alert
                fail_mode: closed
                rules:
                  - { id: diag, function: 8, action: allow }
            default_ruleset: { default: allow, rules: [] }
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # name                                       | state       | flow                    | request PDU  | action | rule       | protected
        stopped: state rule before common            | stopped     | 10.0.0.9>10.0.0.2:502   | 06 00D2 0385 | ALLOW  | eng-writes | -
        stopped: common block for others             | stopped     | 10.0.0.1>10.0.0.2:502   | 06 00D2 0385 | BLOCK  | no-writes  | -
        stopped: common allow for reads              | stopped     | 10.0.0.1>10.0.0.2:502   | 03 0064 000A | ALLOW  | polls      | -
        stopped: default block                       | stopped     | 10.0.0.1>10.0.0.2:502   | 08 0000 1234 | BLOCK  | default    | -
        running: state allow                         | running     | 10.0.0.1>10.0.0.2:502   | 08 0000 1234 | ALLOW  | diag       | -
        running: default alert                       | running     | 10.0.0.1>10.0.0.2:502   | 2B 0E 01 00  | ALERT  | default    | -
        running: eng has no exception here           | running     | 10.0.0.9>10.0.0.2:502   | 06 00D2 0385 | BLOCK  | no-writes  | -
        maintenance: default_ruleset                 | maintenance | 10.0.0.1>10.0.0.2:502   | 2B 0E 01 00  | ALLOW  | default    | -
        maintenance: common still applies            | maintenance | 10.0.0.1>10.0.0.2:502   | 06 00D2 0385 | BLOCK  | no-writes  | -
        unknown: default_ruleset                     | unknown     | 10.0.0.1>10.0.0.2:502   | 08 0000 1234 | ALLOW  | default    | -
        protected: block rule becomes alert          | running     | 10.0.0.1>10.0.0.2:502   | 05 0005 FF00 | ALERT  | no-writes  | esd
        protected: FC 15 block rule becomes alert    | stopped     | 10.0.0.1>10.0.0.2:502   | 0F 0000 0001 01 01 | ALERT  | no-writes | esd
        protected: block default becomes alert       | stopped     | 10.0.0.1>10.0.0.2:502   | 2B 0E 01 00  | ALERT  | default    | ident
        protected: only to the PLC                   | running     | 10.0.0.1>10.0.0.3:502   | 05 0005 FF00 | BLOCK  | no-writes  | -
        protected: allow stays allow                 | stopped     | 10.0.0.9>10.0.0.2:502   | 05 0005 FF00 | ALLOW  | eng-writes | -
        """)
    void perStateOrderDefaultsAndProtection(String name, String state, String flow, String request, Action action,
                                            String rule, String protectedBy) {
        Rig.Judge judge = new Rig.Judge(PLANT);
        Rig.Outcome o = judge.judge(flow, 1, request, "-", state, 0).request();
        assertThat(o.action()).as(name + ": " + o).isEqualTo(action);
        assertThat(o.rule()).isEqualTo(rule);
        assertThat(o.protectedBy()).isEqualTo(protectedBy.equals("-") ? null : protectedBy);
    }

    @Test
    void statesGetDenseIdsAndTheirFailMode() {
        CompiledPolicy p = Rig.compile(PLANT);
        assertThat(p.stateNames()).containsExactly("stopped", "running", "maintenance", "unknown");
        assertThat(p.stateId("running")).isEqualTo(1);
        assertThat(p.stateId("nowhere")).isEqualTo(-1);
        assertThat(p.failMode(p.stateId("running"))).hasToString("CLOSED");
        assertThat(p.failMode(p.stateId("stopped"))).hasToString("OPEN");
        assertThat(p.defaultAction(p.stateId("stopped"))).isEqualTo(Action.BLOCK);
        assertThat(p.ruleIndex("eng-writes")).isNotNegative();
        assertThat(p.rule(p.ruleIndex("eng-writes")).id()).isEqualTo("eng-writes");

        CompiledPolicy reordered = CompiledPolicy.compile(p.source(), List.of("running", "stopped"));
        assertThat(reordered.stateId("running")).isZero();
        assertThat(reordered.defaultAction(0)).isEqualTo(Action.ALERT);
    }

    @Test
    void anUnknownStateIdGetsTheDefaultRulesetAndIsCounted() {
        Rig.Judge judge = new Rig.Judge(PLANT);
        Rig.Outcome[] out = new Rig.Outcome[2];
        Rig.exchange(1, "08 0000 1234", "-", tx -> {
            out[0] = Rig.Outcome.of(judge.decider.decide(Rig.flow(F), tx, 99, 0));
            out[1] = Rig.Outcome.of(judge.decider.decide(Rig.flow(F), tx, -1, 0));
        });
        assertThat(out[0]).isEqualTo(new Rig.Outcome(Action.ALLOW, "default", List.of(), 0, null, 1));
        assertThat(out[1]).isEqualTo(out[0]);
        Rig.Outcome write = judge.judge(F, 1, FC6_210_901, "-", "unknown", 0).request();
        assertThat(write.rule()).as("common still applies").isEqualTo("no-writes");
        assertThat(judge.decider.unknownStates()).isEqualTo(2);
    }

    @Test
    void alertsBeyondSixteenAreCounted() {
        StringBuilder yaml = new StringBuilder(Rig.ASSETS).append("common:\n");
        for (int i = 0; i < 20; i++) {
            yaml.append("  - { id: a").append(i).append(", function: 6, action: alert }\n");
        }
        yaml.append("default_ruleset: { default: allow, rules: [] }\n");
        Rig.Outcome o = new Rig.Judge(yaml.toString()).request(F, FC6_210_901);
        assertThat(o.alerts()).hasSize(Verdict.MAX_ALERTS).startsWith("a0", "a1").endsWith("a15");
        assertThat(o.dropped()).isEqualTo(4);
        assertThat(o.action()).isEqualTo(Action.ALERT);
    }

    @Test
    void responseRulesJudgeTheAnswerInOrder() {
        Rig.Judge judge = new Rig.Judge(Rig.ASSETS + """
                common:
                  - { id: exc-alert, response: { exception: true }, action: alert, severity: 1 }
                  - { id: illegal-address, response: { exception_code: 2 }, action: block }
                  - { id: req-alert, function: 3, action: alert }
                  - { id: exc-late, response: { exception: true }, action: alert }
                default_ruleset: { default: allow, rules: [] }
                """);
        Rig.Both both = judge.judge(F, 1, FC3, "83 02", "unknown", 0);
        assertThat(both.request()).isEqualTo(new Rig.Outcome(Action.ALERT, "default", List.of("req-alert"), 0, null, 1));
        assertThat(both.response()).isEqualTo(new Rig.Outcome(Action.BLOCK, "illegal-address", List.of("exc-alert"), 0, null, 1));

        Rig.Both code3 = judge.judge(F, 1, FC3, "83 03", "unknown", 0);
        assertThat(code3.response()).as("req-alert is not repeated; exc-late fires")
                .isEqualTo(new Rig.Outcome(Action.ALERT, null, List.of("exc-alert", "exc-late"), 0, null, 1));

        Rig.Both normal = judge.judge(F, 1, "03 0064 0001", "03 02 0007", "unknown", 0);
        assertThat(normal.response()).isEqualTo(new Rig.Outcome(Action.ALLOW, null, List.of(), 0, null, 1));
    }

    @Test
    void theResponsePhaseStopsWhereTheRequestPhaseEnded() {
        Rig.Judge judge = new Rig.Judge(Rig.ASSETS + """
                common:
                  - { id: reads-ok, function: 3, action: allow }
                  - { id: exc, response: { exception: true }, action: alert }
                default_ruleset: { default: allow, rules: [] }
                """);
        Rig.Both read = judge.judge(F, 1, FC3, "83 02", "unknown", 0);
        assertThat(read.request().rule()).isEqualTo("reads-ok");
        assertThat(read.response()).as("evaluation ended at reads-ok")
                .isEqualTo(new Rig.Outcome(Action.ALLOW, null, List.of(), 0, null, 1));
        Rig.Both write = judge.judge(F, 1, FC6_210_901, "86 02", "unknown", 0);
        assertThat(write.response().alerts()).containsExactly("exc");
    }

    @Test
    void protectedEntriesWithAResponsePartShieldTheRequestButNotOtherAnswers() {
        Rig.Judge judge = new Rig.Judge(Rig.ASSETS + """
                protected:
                  - { id: failing-reads, function: 3, response: { exception: true } }
                common:
                  - { id: normal-answer, response: { exception: false }, action: block }
                  - { id: exc-answer, response: { exception: true }, action: block }
                  - { id: reads, function: 3, action: block }
                default_ruleset: { default: allow, rules: [] }
                """);
        Rig.Both normal = judge.judge(F, 1, "03 0064 0001", "03 02 0007", "unknown", 0);
        assertThat(normal.request()).as("answer unknown at request time: not dropped")
                .isEqualTo(new Rig.Outcome(Action.ALERT, "reads", List.of(), 0, "failing-reads", 1));
        assertThat(normal.response()).isEqualTo(new Rig.Outcome(Action.BLOCK, "normal-answer", List.of(), 0, null, 1));
        Rig.Both failed = judge.judge(F, 1, FC3, "83 02", "unknown", 0);
        assertThat(failed.response()).isEqualTo(new Rig.Outcome(Action.ALERT, "exc-answer", List.of(), 0, "failing-reads", 1));
    }

    @Test
    void twoDifferentRulesWithOneIdAreRefused() {
        Rule a = Rule.of("same", Match.ANY, Action.ALLOW);
        Rule b = Rule.of("same", Match.ANY, Action.BLOCK);
        Policy p = new Policy("dup", Map.of(), null, List.of(), List.of(a),
                Map.of("unknown", new RuleSet(Action.ALERT, io.statewall.engine.policy.FailMode.OPEN, List.of(b))),
                RuleSet.IMPLICIT_DEFAULT);
        assertThatThrownBy(() -> CompiledPolicy.compile(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same");
        Policy shared = new Policy("shared", Map.of(), null, List.of(), List.of(a),
                Map.of("unknown", new RuleSet(Action.ALERT, io.statewall.engine.policy.FailMode.OPEN, List.of(a))),
                RuleSet.IMPLICIT_DEFAULT);
        CompiledPolicy c = CompiledPolicy.compile(shared);
        assertThat(c.ruleCount()).as("one rule object listed twice is one rule").isEqualTo(1);
        assertThat(c.order(0)).as("listed in the ruleset and in common").containsExactly(0, 0);
    }

    /** Runs one request alone and checks the live verdict view. */
    private static final class LiveVerdict {
        static void check(Rig.Judge judge, String flow, String request, java.util.function.Consumer<Verdict> check) {
            boolean[] ran = {false};
            Rig.exchange(1, request, "-", tx -> {
                check.accept(judge.decider.decide(Rig.flow(flow), tx, judge.state("unknown"), 0));
                ran[0] = true;
            });
            assertThat(ran[0]).isTrue();
        }
    }
}
