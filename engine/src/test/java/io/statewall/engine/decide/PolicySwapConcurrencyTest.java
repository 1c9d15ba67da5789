package io.statewall.engine.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.policy.Action;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A thread swapping two policies as fast as it can while another decides: every verdict is
 * wholly one policy's (its alerts, deciding rule and action), never a mix. No sleeps: the
 * decider runs until it has seen both versions many times, with a generous cap.
 */
class PolicySwapConcurrencyTest {
    private static final String A = Rig.ASSETS + """
            name: version-a
            common:
              - { id: a-1, function: 6, action: alert }
              - { id: a-2, to: plc, action: alert }
              - { id: a-3, address: 210, action: block }
            default_ruleset: { default: allow, rules: [] }
            """;
    private static final String B = Rig.ASSETS + """
            name: version-b
            common:
              - { id: b-1, from: hmi, action: alert }
              - { id: b-2, function: 6, action: allow }
              - { id: b-3, address: 210, action: block }
            default_ruleset: { default: block, rules: [] }
            """;

    @Test
    void aDecisionIsJudgedWhollyByOneVersion() throws Exception {
        CompiledPolicy a = Rig.compile(A.replace("name: test\n", ""));
        CompiledPolicy b = Rig.compile(B.replace("name: test\n", ""));
        assertThat(a.name()).isEqualTo("version-a");
        PolicyHolder holder = new PolicyHolder(a);
        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = new Thread(() -> {
            boolean toB = true;
            while (!stop.get()) {
                holder.install(toB ? b : a);
                toB = !toB;
            }
        }, "policy-swapper");
        swapper.setDaemon(true);

        AtomicReference<String> mixed = new AtomicReference<>();
        long[] seen = new long[2];
        Decider decider = new Decider(holder);
        FlowContext flow = Rig.flow("10.0.0.1>10.0.0.2:502");
        swapper.start();
        try {
            Rig.exchange(1, "06 00D2 0385", "-", tx -> {
                for (long i = 0; i < 50_000_000L && (seen[0] < 10_000 || seen[1] < 10_000); i++) {
                    Verdict v = decider.decide(flow, tx, 0, i);
                    CompiledPolicy p = v.policy();
                    boolean isA = p == a
                            && v.action() == Action.BLOCK && "a-3".equals(v.decidingRuleId())
                            && v.alertCount() == 2 && v.alert(0).id().equals("a-1") && v.alert(1).id().equals("a-2");
                    boolean isB = p == b
                            && v.action() == Action.ALERT && "b-2".equals(v.decidingRuleId())
                            && v.alertCount() == 1 && v.alert(0).id().equals("b-1");
                    if (!isA && !isB) {
                        mixed.compareAndSet(null, "decision " + i + ": " + v);
                        break;
                    }
                    seen[isA ? 0 : 1]++;
                }
            });
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertThat(mixed.get()).as("a mixed verdict").isNull();
        assertThat(seen[0]).as("decisions by version a").isGreaterThanOrEqualTo(10_000);
        assertThat(seen[1]).as("decisions by version b").isGreaterThanOrEqualTo(10_000);
        assertThat(holder.generation()).isGreaterThan(2);
    }
}
