package io.statewall.engine.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.policy.Action;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code rate: N/window}: a rule fires only on the matching messages beyond N within the sliding
 * window {@code (now - window, now]}; every matching message counts, firing or not.
 */
class RateTest {
    private static final String F = "10.0.0.1>10.0.0.2:502";
    private static final String WRITE = "06 00D2 0385";
    private static final String READ = "03 0064 000A";
    private static final long MS = 1_000_000L;

    private static String policy(String rate, String action) {
        return Rig.ASSETS + """
                common:
                  - { id: flood, operation: write, rate: %s, action: %s }
                default_ruleset: { default: allow, rules: [] }
                """.formatted(rate, action);
    }

    /** Judges a write at each time (ms) and says which fired ("x") or passed ("."). */
    private static String run(Rig.Judge judge, long... atMs) {
        StringBuilder b = new StringBuilder();
        for (long t : atMs) {
            Rig.Outcome o = judge.judge(F, 1, WRITE, "-", "unknown", t * MS).request();
            b.append(o.alerts().contains("flood") || "flood".equals(o.rule()) ? 'x' : '.');
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # name                                         | rate    | times (ms)                        | fired
        N within the window pass, N+1 fires            | 3/1s    | 0 100 200 300                     | ...x
        every further one fires while the window holds | 3/1s    | 0 100 200 300 400                 | ...xx
        the window slides: t - window is outside       | 3/1s    | 0 100 200 300 1100 1150           | ...x.x
        spread out, never beyond N                     | 3/1s    | 0 400 800 1200 1600 2000          | ......
        a quiet window resets                          | 2/500ms | 0 1 2 3 1000 1001 1002            | ..xx..x
        rate 0 fires on every message                  | 0/1s    | 0 5000 10000                      | xxx
        simultaneous messages                          | 1/1s    | 7 7 7                             | .xx
        """)
    void slidingWindow(String name, String rate, String times, String fired) {
        long[] at = java.util.Arrays.stream(times.trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
        assertThat(run(new Rig.Judge(policy(rate, "alert")), at)).as(name).isEqualTo(fired);
    }

    @Test
    void aRateBlockRuleBelowItsRateLetsEvaluationGoOn() {
        Rig.Judge judge = new Rig.Judge(policy("2/1s", "block"));
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            actions.add(judge.judge(F, 1, WRITE, "-", "unknown", i * MS).request().action());
        }
        assertThat(actions).containsExactly(Action.ALLOW, Action.ALLOW, Action.BLOCK, Action.BLOCK);
    }

    @Test
    void onlyMessagesMatchingTheRestOfTheRuleCount() {
        Rig.Judge judge = new Rig.Judge(policy("2/1s", "alert"));
        for (int i = 0; i < 10; i++) {
            assertThat(judge.judge(F, 1, READ, "-", "unknown", i * MS).request().alerts()).isEmpty();
        }
        assertThat(run(judge, 20, 21, 22)).isEqualTo("..x");
    }

    @Test
    void rulesAfterADecidingRuleAreNotCounted() {
        Rig.Judge judge = new Rig.Judge(Rig.ASSETS + """
                common:
                  - { id: eng-ok, from: eng, action: allow }
                  - { id: flood, operation: write, rate: 1/1s, action: alert }
                default_ruleset: { default: allow, rules: [] }
                """);
        for (int i = 0; i < 5; i++) {
            judge.judge("10.0.0.9>10.0.0.2:502", 1, WRITE, "-", "unknown", i * MS);
        }
        assertThat(run(judge, 10, 11)).isEqualTo(".x");
    }

    @Test
    void aLargeRateUsesBucketsExactToABucket() {
        Rig.Judge judge = new Rig.Judge(policy("5000/1s", "alert"));
        int[] fired = new int[1];
        int[] seen = new int[1];
        Rig.exchange(1, WRITE, "-", tx -> {
            var flow = Rig.flow(F);
            for (int i = 0; i < 5000; i++) {
                fired[0] += judge.decider.decide(flow, tx, 0, i * 10_000L).alertCount();
            }
            seen[0] = judge.decider.decide(flow, tx, 0, 50 * MS).alertCount();
            // 2 s later the window has emptied
            seen[0] += 10 * judge.decider.decide(flow, tx, 0, 2_100 * MS).alertCount();
        });
        assertThat(fired[0]).as("5000 within the window pass").isZero();
        assertThat(seen[0]).as("the 5001st fires, one after a quiet window does not").isEqualTo(1);
    }

    @Test
    void aSwapKeepsTheCountsOfRulesThatKeepTheirId() {
        Rig.Judge judge = new Rig.Judge(policy("3/1s", "alert"));
        assertThat(run(judge, 0, 10, 20)).isEqualTo("...");
        judge.holder.install(Rig.compile(policy("3/1s", "alert")));
        assertThat(run(judge, 30)).as("same rate: counts carried").isEqualTo("x");

        judge.holder.install(Rig.compile(policy("2/1s", "alert")));
        assertThat(run(judge, 40)).as("smaller N: the most recent timestamps carried").isEqualTo("x");

        judge.holder.install(Rig.compile(policy("3/1s", "alert").replace("flood", "renamed")));
        Rig.Outcome o = judge.judge(F, 1, WRITE, "-", "unknown", 50 * MS).request();
        assertThat(o.alerts()).as("a new id starts from zero").isEmpty();
        assertThat(o.generation()).isEqualTo(4);
    }

    @Test
    void exactWindowsCarryTheMostRecentTimestamps() {
        RateWindow old = new RateWindow(4, 1_000);
        for (long t = 0; t < 6; t++) {
            old.hit(t * 100); // ring now holds 200, 300, 400, 500
        }
        RateWindow larger = new RateWindow(5, 1_000);
        larger.carryFrom(old);
        assertThat(larger.hit(600)).as("4 carried + 1 = 5, not beyond 5").isFalse();
        assertThat(larger.hit(700)).as("6 in (−300, 700]").isTrue();
        RateWindow smaller = new RateWindow(2, 1_000);
        smaller.carryFrom(old);
        assertThat(smaller.hit(1_399)).as("400 and 500 were kept (not 200, 300): 3 in (399, 1399]").isTrue();
    }
}
