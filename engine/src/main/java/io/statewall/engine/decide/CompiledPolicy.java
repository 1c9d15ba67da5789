package io.statewall.engine.decide;

import io.statewall.engine.policy.Action;
import io.statewall.engine.policy.FailMode;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.ProtectedSpec;
import io.statewall.engine.policy.Rule;
import io.statewall.engine.policy.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Policy} compiled for the engine (docs/policy-format.md, "Evaluation"): state names
 * get dense ids; each state gets its evaluation order (its ruleset, or {@code default_ruleset},
 * then {@code common}) as an array of rule indices, its default action and fail mode; every
 * rule and protected entry gets a flat matcher. Built once, immutable, shared by every thread.
 *
 * <p>A state id outside {@code 0 .. stateCount() - 1} (a tracker still on an older plant
 * model, a bug) gets the {@code default_ruleset} and {@code common}: the engine keeps judging
 * rather than throwing on the packet path.
 */
public final class CompiledPolicy {
    private final Policy source;
    private final List<String> stateNames;
    private final Map<String, Integer> stateIds;
    private final CompiledRule[] rules;
    private final Map<String, Integer> ruleIndex;
    private final int[][] order;
    /**
     * Per state and function byte, the order cut to the rules each phase must visit
     * ({@link Decider}): request phase, the request-only rules that function could match;
     * response phase, the {@code response:} rules and the request-only allow/block rules without
     * rate (they end the walk) that function could match. Dropping rules that cannot match
     * leaves every verdict as the full walk gives it; a poll of holding registers under a
     * policy on writes visits nothing.
     */
    private final int[][][] requestOrder;
    private final int[][][] responseOrder;
    private final int[][] fallbackRequestOrder;
    private final int[][] fallbackResponseOrder;
    private final Action[] defaults;
    private final FailMode[] failModes;
    private final int[] fallbackOrder;
    private final CompiledMatch[] protectedMatches;
    private final String[] protectedIds;

    private CompiledPolicy(Policy policy, List<String> states) {
        source = policy;
        stateNames = List.copyOf(states);
        stateIds = new HashMap<>();
        for (int i = 0; i < stateNames.size(); i++) {
            if (stateIds.putIfAbsent(stateNames.get(i), i) != null) {
                throw new IllegalArgumentException("state named twice: " + stateNames.get(i));
            }
        }
        Map<String, CompiledRule> byId = new LinkedHashMap<>();
        List<CompiledRule> all = new ArrayList<>();
        for (RuleSet rs : policy.rulesets().values()) {
            register(rs.rules(), byId, all);
        }
        register(policy.defaultRuleset().rules(), byId, all);
        register(policy.common(), byId, all);
        rules = all.toArray(CompiledRule[]::new);
        ruleIndex = new HashMap<>();
        for (CompiledRule r : rules) {
            ruleIndex.put(r.id(), r.index());
        }
        order = new int[stateNames.size()][];
        defaults = new Action[stateNames.size()];
        failModes = new FailMode[stateNames.size()];
        for (int s = 0; s < stateNames.size(); s++) {
            order[s] = indices(policy.evaluationOrder(stateNames.get(s)));
            RuleSet rs = policy.rulesetFor(stateNames.get(s));
            defaults[s] = rs.defaultAction();
            failModes[s] = rs.failMode();
        }
        List<Rule> fallback = new ArrayList<>(policy.defaultRuleset().rules());
        fallback.addAll(policy.common());
        fallbackOrder = indices(fallback);
        Map<List<Integer>, int[]> shared = new HashMap<>();
        requestOrder = new int[stateNames.size()][][];
        responseOrder = new int[stateNames.size()][][];
        for (int s = 0; s < stateNames.size(); s++) {
            requestOrder[s] = byFunction(order[s], false, shared);
            responseOrder[s] = byFunction(order[s], true, shared);
        }
        fallbackRequestOrder = byFunction(fallbackOrder, false, shared);
        fallbackResponseOrder = byFunction(fallbackOrder, true, shared);
        List<ProtectedSpec> specs = policy.protectedSpecs();
        protectedMatches = new CompiledMatch[specs.size()];
        protectedIds = new String[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            protectedMatches[i] = new CompiledMatch(specs.get(i).match());
            protectedIds[i] = specs.get(i).id();
        }
    }

    /** Compiles with the policy's own states ({@link Policy#stateNames()}) as ids 0, 1, …. */
    public static CompiledPolicy compile(Policy policy) {
        return compile(policy, policy.stateNames());
    }

    /**
     * Compiles with the given states as ids 0, 1, … (e.g. the tracker's order). A state without a
     * ruleset uses {@code default_ruleset}.
     *
     * @throws IllegalArgumentException when two different rules share an id (the loader refuses
     *     such files; rule ids key the rate counters) or a state is named twice
     */
    public static CompiledPolicy compile(Policy policy, List<String> stateNames) {
        return new CompiledPolicy(Objects.requireNonNull(policy, "policy"), stateNames);
    }

    private static void register(List<Rule> list, Map<String, CompiledRule> byId, List<CompiledRule> all) {
        for (Rule r : list) {
            CompiledRule known = byId.get(r.id());
            if (known == null) {
                CompiledRule c = new CompiledRule(all.size(), r);
                byId.put(r.id(), c);
                all.add(c);
            } else if (!known.source().equals(r)) {
                throw new IllegalArgumentException("two different rules share the id '" + r.id() + "'");
            }
        }
    }

    private int[][] byFunction(int[] full, boolean responsePhase, Map<List<Integer>, int[]> shared) {
        int[][] table = new int[256][];
        for (int raw = 0; raw < 256; raw++) {
            List<Integer> visit = new ArrayList<>();
            for (int rule : full) {
                CompiledRule r = rules[rule];
                boolean phase = responsePhase
                        ? r.hasResponse() || r.action() != Action.ALERT && !r.hasRate()
                        : !r.hasResponse();
                if (phase && r.match().mayMatchFunction(raw)) {
                    visit.add(rule);
                }
            }
            table[raw] = shared.computeIfAbsent(visit, v -> v.stream().mapToInt(Integer::intValue).toArray());
        }
        return table;
    }

    private int[] indices(List<Rule> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ruleIndex.get(list.get(i).id());
        }
        return out;
    }

    public Policy source() {
        return source;
    }

    public String name() {
        return source.name();
    }

    public int stateCount() {
        return stateNames.size();
    }

    /** The id of a state, or -1 when this policy does not know it. */
    public int stateId(String state) {
        Integer id = stateIds.get(state);
        return id == null ? -1 : id;
    }

    public String stateName(int stateId) {
        return stateNames.get(stateId);
    }

    public List<String> stateNames() {
        return stateNames;
    }

    public int ruleCount() {
        return rules.length;
    }

    public CompiledRule rule(int index) {
        return rules[index];
    }

    /** The index of the rule with this id, or -1. */
    public int ruleIndex(String id) {
        Integer i = ruleIndex.get(id);
        return i == null ? -1 : i;
    }

    /** Rule indices in evaluation order for {@code stateId}; callers must not modify the array. */
    int[] order(int stateId) {
        return stateId >= 0 && stateId < order.length ? order[stateId] : fallbackOrder;
    }

    /** The rules {@link Decider#decide} visits for a request with this function byte (0–255). */
    int[] requestOrder(int stateId, int function) {
        return (stateId >= 0 && stateId < order.length ? requestOrder[stateId] : fallbackRequestOrder)[function & 0xFF];
    }

    /** The rules {@link Decider#decideResponse} visits for a transaction with this function byte. */
    int[] responseOrder(int stateId, int function) {
        return (stateId >= 0 && stateId < order.length ? responseOrder[stateId] : fallbackResponseOrder)[function & 0xFF];
    }

    public Action defaultAction(int stateId) {
        return stateId >= 0 && stateId < defaults.length ? defaults[stateId] : source.defaultRuleset().defaultAction();
    }

    public FailMode failMode(int stateId) {
        return stateId >= 0 && stateId < failModes.length ? failModes[stateId] : source.defaultRuleset().failMode();
    }

    /** True when {@code stateId} is one of this policy's states. */
    public boolean knowsState(int stateId) {
        return stateId >= 0 && stateId < order.length;
    }

    int protectedCount() {
        return protectedMatches.length;
    }

    CompiledMatch protectedMatch(int i) {
        return protectedMatches[i];
    }

    String protectedId(int i) {
        return protectedIds[i];
    }

    @Override
    public String toString() {
        return "CompiledPolicy[" + source.name() + ", " + rules.length + " rules, states " + stateNames + "]";
    }
}
