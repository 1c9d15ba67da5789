package io.statewall.engine.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.policy.Action;
import io.statewall.engine.policy.Endpoint;
import io.statewall.engine.policy.FailMode;
import io.statewall.engine.policy.IntRanges;
import io.statewall.engine.policy.Match;
import io.statewall.engine.policy.Network;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.ProtectedSpec;
import io.statewall.engine.policy.ResponseMatch;
import io.statewall.engine.policy.Rule;
import io.statewall.engine.policy.RuleSet;
import io.statewall.engine.policy.SourceLocation;
import io.statewall.protocols.DataArea;
import io.statewall.protocols.Operation;
import io.statewall.protocols.modbus.FunctionCategory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random policies (matches over every field, all three actions, protected entries,
 * response rules; no rates) against a fixed set of real exchanges, garbage included: {@link
 * Decider} must agree with {@link ReferenceEvaluator} on action, deciding rule, alerts and
 * protection, in both phases. A failure names the seed, policy and exchange.
 */
class ReferenceAgreementTest {
    private static final int POLICIES = 300;

    /** (flow, unit, request PDU, response PDU): reads, writes, diagnostics, oddities, garbage. */
    private static final String[][] EXCHANGES = {
        {"10.0.0.1>10.0.0.2:502", "1", "03 0064 000A", "03 14 0001 0002 0003 0004 0005 0006 0007 0008 0009 000A"},
        {"10.0.0.1>10.0.0.2:502", "1", "03 0064 000A", "83 02"},
        {"10.0.0.1>10.0.0.2:502", "2", "01 0000 0010", "01 02 FF 00"},
        {"10.0.0.1>10.0.0.2:502", "1", "02 00C4 0016", "-"},
        {"10.0.0.1>10.0.0.2:502", "1", "04 0008 0001", "84 04"},
        {"10.0.0.9>10.0.0.2:502", "1", "05 0005 FF00", "05 0005 FF00"},
        {"10.0.0.9>10.0.0.2:502", "1", "05 0096 0000", "-"},
        {"10.0.0.9>10.0.0.2:502", "1", "05 0005 1234", "85 03"},
        {"10.0.0.9>10.0.0.2:502", "1", "06 00D2 0385", "06 00D2 0385"},
        {"10.0.0.9>10.0.0.3:5020", "3", "06 0190 0001", "-"},
        {"10.0.0.1>10.0.0.2:502", "1", "0F 0064 000A 02 CD 01", "0F 0064 000A"},
        {"10.0.0.1>10.0.0.2:502", "1", "0F 00C3 000A 02 FF 03", "8F 02"},
        {"10.0.0.1>10.0.0.2:502", "1", "10 00C8 0003 06 0064 03B6 0005", "10 00C8 0003"},
        {"192.168.1.5>10.0.0.2:502", "1", "10 03E8 0002 04 0001 0002", "-"},
        {"10.0.0.1>10.0.0.2:502", "1", "16 0020 00F2 0025", "16 0020 00F2 0025"},
        {"10.0.0.1>10.0.0.2:502", "1", "17 000A 0002 01F4 0001 02 0007", "17 04 0000 0001"},
        {"10.0.0.1>10.0.0.2:502", "1", "18 0004", "-"},
        {"10.0.0.1>10.0.0.2:502", "1", "08 0000 1234", "08 0000 1234"},
        {"10.0.0.1>10.0.0.2:502", "1", "08 0004 0000", "-"},
        {"10.0.0.1>10.0.0.2:502", "1", "08 0013 0000", "88 01"},
        {"10.0.0.1>10.0.0.2:502", "1", "2B 0E 01 00", "-"},
        {"10.0.0.1>10.0.0.2:502", "1", "2B 20 00", "AB 01"},
        {"10.0.0.1>10.0.0.2:502", "0", "41 00", "C1 01"},
        {"10.0.0.1>10.0.0.2:502", "255", "09", "-"},
        {"10.0.0.1>10.0.0.2:502", "1", "28 00", "A8 01"},
        {"10.0.0.1>10.0.0.2:502", "1", "00 FFFF", "-"},
        {"10.0.0.1>10.0.0.2:502", "1", "03 0064", "-"},
        {"10.0.0.1>10.0.0.2:502", "1", "10 00C8 0003 06 0064", "-"},
        {"10.0.0.1>10.0.0.2:502", "1", "-", "83 02"},
        {"10.0.0.1>10.0.0.2:502", "1", "-", "06 00D2 0385"},
        {"10.0.0.1>10.0.0.2:502", "1", "FF DE AD BE EF", "-"},
        {"[fd00::1]>[fd00::2]:502", "1", "06 00D2 0385", "86 02"},
        {"[fd00:0:0:1::1]>[fd00::2]:502", "1", "0F 0064 000A 02 CD 01", "-"},
        {"[2001:db8::1]>[fd00::3]:5020", "1", "03 0064 000A", "03 14 0001 0002 0003 0004 0005 0006 0007 0008 0009 000A"},
    };

    private static final Network[] CLIENTS = {
        Network.parse("10.0.0.1"), Network.parse("10.0.0.0/28"), Network.parse("10.0.0.0/8"),
        Network.parse("192.168.0.0/16"), Network.parse("0.0.0.0/0"), Network.parse("fd00::/64"),
        Network.parse("fd00::1"), Network.parse("::/0"), Network.parse("fd00::/16"),
    };
    private static final Network[] SERVERS = {
        Network.parse("10.0.0.2"), Network.parse("10.0.0.0/30"), Network.parse("0.0.0.0/0"),
        Network.parse("fd00::2"), Network.parse("fd00::/120"), Network.parse("10.0.0.3"),
    };

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20260101, 0xC0FFEE})
    void deciderAgreesWithTheReference(long seed) {
        Random rnd = new Random(seed);
        List<Policy> policies = new ArrayList<>();
        List<Rig.Judge> judges = new ArrayList<>();
        for (int i = 0; i < POLICIES; i++) {
            Policy p = randomPolicy(rnd, i);
            policies.add(p);
            judges.add(new Rig.Judge(CompiledPolicy.compile(p)));
        }
        Map<Action, Integer> outcomes = new EnumMap<>(Action.class);
        int[] stats = new int[3]; // protected downgrades, response decisions, alerts
        for (String[] x : EXCHANGES) {
            FlowContext flow = Rig.flow(x[0]);
            Rig.exchange(Integer.parseInt(x[1]), x[2], x[3], tx -> {
                for (int i = 0; i < POLICIES; i++) {
                    Policy p = policies.get(i);
                    Rig.Judge judge = judges.get(i);
                    for (boolean response : new boolean[] {false, true}) {
                        Verdict v = response ? judge.decider.decideResponse(flow, tx, 0, 0) : judge.decider.decide(flow, tx, 0, 0);
                        Rig.Outcome got = Rig.Outcome.of(v);
                        Rig.Outcome want = ReferenceEvaluator.judge(p, "unknown", flow, tx, response);
                        assertThat(got).as("seed %d policy %d %s phase on %s %s / %s\n%s", seed, i,
                                response ? "response" : "request", x[0], x[2], x[3], describe(p))
                                .isEqualTo(new Rig.Outcome(want.action(), want.rule(), want.alerts(), want.dropped(),
                                        want.protectedBy(), got.generation()));
                        outcomes.merge(got.action(), 1, Integer::sum);
                        stats[0] += got.protectedBy() != null ? 1 : 0;
                        stats[1] += response && got.rule() != null ? 1 : 0;
                        stats[2] += got.alerts().size();
                    }
                }
            });
        }
        assertThat(outcomes).as("the random policies exercise every outcome").containsKeys(Action.ALLOW, Action.ALERT,
                Action.BLOCK);
        assertThat(stats[0]).as("protected downgrades").isPositive();
        assertThat(stats[1]).as("response-phase decisions").isPositive();
        assertThat(stats[2]).as("alerts").isPositive();
    }

    private static Policy randomPolicy(Random rnd, int n) {
        List<Rule> state = rules(rnd, "s", rnd.nextInt(6));
        List<Rule> common = rules(rnd, "c", rnd.nextInt(5));
        List<ProtectedSpec> specs = new ArrayList<>();
        for (int i = rnd.nextInt(3); i > 0; i--) {
            specs.add(new ProtectedSpec("p" + i, match(rnd, 0.25), SourceLocation.NONE));
        }
        Map<String, RuleSet> rulesets = new LinkedHashMap<>();
        if (rnd.nextBoolean()) {
            rulesets.put("unknown", new RuleSet(action(rnd), FailMode.OPEN, state));
        }
        RuleSet fallback = new RuleSet(action(rnd), FailMode.OPEN, rulesets.isEmpty() ? state : List.of());
        return new Policy("random-" + n, Map.of(), null, specs, common, rulesets, fallback);
    }

    private static List<Rule> rules(Random rnd, String prefix, int count) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Action a = rnd.nextInt(10) < 5 ? Action.ALERT : action(rnd);
            rules.add(Rule.of(prefix + i, match(rnd, 0.3), a));
        }
        return rules;
    }

    private static Action action(Random rnd) {
        return Action.values()[rnd.nextInt(3)];
    }

    /** Each field present with probability {@code p}. */
    private static Match match(Random rnd, double p) {
        Match m = Match.ANY;
        if (rnd.nextDouble() < p) {
            m = m.withFrom(endpoints(rnd, CLIENTS, false));
        }
        if (rnd.nextDouble() < p) {
            m = m.withTo(endpoints(rnd, SERVERS, true));
        }
        if (rnd.nextDouble() < p) {
            m = m.withOperations(subset(rnd, Operation.class));
        }
        if (rnd.nextDouble() < p) {
            m = m.withFunctions(ranges(rnd, new int[] {0, 1, 3, 5, 6, 8, 9, 15, 16, 22, 23, 24, 40, 43, 65, 255}, 4));
        }
        if (rnd.nextDouble() < p / 2) {
            m = m.withCategories(subset(rnd, FunctionCategory.class));
        }
        if (rnd.nextDouble() < p / 2) {
            m = m.withUnits(ranges(rnd, new int[] {0, 1, 2, 3, 255}, 2));
        }
        if (rnd.nextDouble() < p) {
            m = m.withAreas(subset(rnd, DataArea.class));
        }
        if (rnd.nextDouble() < p) {
            m = m.withAddresses(ranges(rnd, new int[] {0, 5, 10, 11, 32, 99, 100, 101, 109, 110, 150, 199, 200, 202, 210,
                400, 500, 1000, 65535}, 30));
        }
        if (rnd.nextDouble() < p) {
            m = m.withValues(ranges(rnd, new int[] {0, 1, 2, 5, 7, 100, 900, 901, 950, 65535}, 60));
        }
        if (rnd.nextDouble() < p / 2) {
            m = m.withResponse(switch (rnd.nextInt(4)) {
                case 0 -> new ResponseMatch(true, null);
                case 1 -> new ResponseMatch(false, null);
                case 2 -> new ResponseMatch(null, ranges(rnd, new int[] {1, 2, 3, 4}, 1));
                default -> new ResponseMatch(true, IntRanges.single(2));
            });
        }
        return m;
    }

    private static List<Endpoint> endpoints(Random rnd, Network[] pool, boolean server) {
        List<Endpoint> out = new ArrayList<>();
        for (int i = 1 + rnd.nextInt(2); i > 0; i--) {
            Network n = pool[rnd.nextInt(pool.length)];
            int port = server && rnd.nextBoolean() ? (rnd.nextBoolean() ? 502 : 5020) : Endpoint.ANY_PORT;
            out.add(new Endpoint(n.toString(), n, port));
        }
        return out;
    }

    private static <E extends Enum<E>> Set<E> subset(Random rnd, Class<E> type) {
        E[] all = type.getEnumConstants();
        EnumSet<E> s = EnumSet.noneOf(type);
        do {
            s.add(all[rnd.nextInt(all.length)]);
        } while (rnd.nextInt(3) == 0);
        return s;
    }

    /** One to three ranges around interesting points, each up to {@code spread} wide. */
    private static IntRanges ranges(Random rnd, int[] points, int spread) {
        List<IntRanges.Range> rs = new ArrayList<>();
        for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
            long lo = Math.max(0, points[rnd.nextInt(points.length)] - rnd.nextInt(spread + 1));
            long hi = lo + rnd.nextInt(spread + 1);
            rs.add(new IntRanges.Range(lo, hi));
        }
        return new IntRanges(rs);
    }

    private static String describe(Policy p) {
        StringBuilder b = new StringBuilder();
        p.evaluationOrder("unknown").forEach(r -> b.append("  ").append(r.id()).append(' ').append(r.action())
                .append(' ').append(r.match()).append('\n'));
        b.append("  default ").append(p.rulesetFor("unknown").defaultAction()).append('\n');
        p.protectedSpecs().forEach(s -> b.append("  protected ").append(s.id()).append(' ').append(s.match()).append('\n'));
        return b.toString();
    }
}
