package io.statewall.engine.policy;

import io.statewall.engine.state.StateModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code statewall policy check}: what the rules of a loaded {@link Policy} mean together, per
 * operating state, computed with {@link MatchAlgebra}.
 *
 * <ul>
 *   <li>ERROR: a {@code block} rule, or a {@code block} default, could meet protected traffic in
 *       some state. (The engine downgrades such verdicts to alerts at run time; the check says
 *       so before it happens.) A block rule is excused when an earlier {@code allow} rule without
 *       {@code rate} takes all of the protected traffic first.</li>
 *   <li>ERROR: a rule can never fire because an earlier rule of the same evaluation order (the
 *       state's rules, then {@code common}) matches everything it matches. Rules with a {@code
 *       rate} never shadow: whether they fire depends on counts. A {@code common} rule shadowed
 *       by a state's own rule is an override, not an error, unless it is shadowed in every
 *       state.</li>
 *   <li>WARNING: an {@code allow} and a {@code block} rule overlap in a state, neither containing
 *       the other: the earlier one wins for the traffic both match. (A specific rule before a
 *       broader one with the other action is the usual "exception first" idiom and is not
 *       reported.)</li>
 *   <li>ERROR: a ruleset for a state the plant model does not declare; WARNING: a declared state
 *       without a ruleset (it uses {@code default_ruleset}).</li>
 * </ul>
 * Findings come sorted by location; a finding about a {@code common} rule that holds in several
 * states is reported once, naming them.
 */
public final class PolicyVerifier {
    private PolicyVerifier() {}

    public static List<Finding> verify(Policy policy) {
        return new Run(policy).verify();
    }

    private static final class Run {
        private final Policy policy;
        /** Finding text without its state list → states, to merge findings about common rules. */
        private final Map<Key, Set<String>> merged = new LinkedHashMap<>();
        private final List<Finding> findings = new ArrayList<>();

        private record Key(Finding.Severity severity, SourceLocation location, String ruleId, String prefix, String suffix) {}

        Run(Policy policy) {
            this.policy = policy;
        }

        List<Finding> verify() {
            List<String> states = policy.stateNames();
            for (var e : policy.rulesets().entrySet()) {
                if (!states.contains(e.getKey())) {
                    findings.add(new Finding(Finding.Severity.ERROR, e.getValue().location(), "ruleset for state '"
                            + e.getKey() + "', which the plant model does not declare (states: " + String.join(", ", states)
                            + "); it never applies", null));
                }
            }
            if (policy.plant() != null) {
                for (String s : states) {
                    if (!policy.rulesets().containsKey(s) && !s.equals(StateModel.UNKNOWN)) {
                        findings.add(new Finding(Finding.Severity.WARNING, policy.plant().locationOfState(s), "state '" + s
                                + "' has no ruleset: it uses default_ruleset", null));
                    }
                }
            }
            Map<Rule, Integer> commonShadowedIn = new LinkedHashMap<>();
            Map<Rule, Rule> commonShadowedBy = new LinkedHashMap<>();
            for (String state : states) {
                RuleSet set = policy.rulesetFor(state);
                List<Rule> order = policy.evaluationOrder(state);
                int own = set.rules().size();
                checkProtected(state, set, order);
                for (int i = 0; i < order.size(); i++) {
                    Rule later = order.get(i);
                    for (int j = 0; j < i; j++) {
                        Rule earlier = order.get(j);
                        boolean laterCommon = i >= own;
                        boolean earlierCommon = j >= own;
                        if (isTerminal(earlier) && MatchAlgebra.contains(earlier.match(), later.match())) {
                            if (laterCommon && !earlierCommon) {
                                commonShadowedIn.merge(later, 1, Integer::sum);
                                commonShadowedBy.putIfAbsent(later, earlier);
                            } else {
                                add(Finding.Severity.ERROR, later, state, "rule '" + later.id() + "' can never fire",
                                        ": rule '" + earlier.id() + "'" + line(earlier)
                                                + " comes first and matches everything it matches");
                            }
                            break;
                        }
                    }
                    for (int j = 0; j < i; j++) {
                        Rule earlier = order.get(j);
                        if (opposite(earlier, later) && MatchAlgebra.overlaps(earlier.match(), later.match())
                                && !MatchAlgebra.contains(earlier.match(), later.match())
                                && !MatchAlgebra.contains(later.match(), earlier.match())) {
                            add(Finding.Severity.WARNING, later, state, "rules '" + earlier.id() + "' (" + verb(earlier)
                                    + ") and '" + later.id() + "' (" + verb(later) + ") overlap",
                                    "; order decides: '" + earlier.id() + "'" + line(earlier) + " wins for traffic both match");
                        }
                    }
                }
            }
            for (var e : commonShadowedIn.entrySet()) {
                if (e.getValue() == states.size()) {
                    Rule r = e.getKey();
                    Rule by = commonShadowedBy.get(r);
                    findings.add(new Finding(Finding.Severity.ERROR, r.location(), "common rule '" + r.id()
                            + "' can never fire: in every state a rule of the state's ruleset (e.g. '" + by.id() + "'" + line(by)
                            + ") comes first and matches everything it matches", r.id()));
                }
            }
            for (var e : merged.entrySet()) {
                Key k = e.getKey();
                String where = e.getValue().size() == states.size() && states.size() > 1 ? " in every state"
                        : " in state" + (e.getValue().size() > 1 ? "s " : " ") + String.join(", ", e.getValue());
                findings.add(new Finding(k.severity(), k.location(), k.prefix() + where + k.suffix(), k.ruleId()));
            }
            findings.sort(Comparator.comparingInt((Finding f) -> f.location().line())
                    .thenComparingInt(f -> f.location().column()).thenComparing(Finding::message));
            return List.copyOf(findings);
        }

        private void checkProtected(String state, RuleSet set, List<Rule> order) {
            for (ProtectedSpec p : policy.protectedSpecs()) {
                boolean caught = false;
                for (Rule r : order) {
                    if (r.action() == Action.BLOCK && MatchAlgebra.overlaps(r.match(), p.match())) {
                        add(Finding.Severity.ERROR, r, state, "block rule '" + r.id() + "' could block protected traffic '"
                                + p.id() + "'" + line(p.location()), " (the engine would downgrade it to alert)");
                    }
                    if (r.action() == Action.ALLOW && isTerminal(r) && MatchAlgebra.contains(r.match(), p.match())) {
                        caught = true;
                        break;
                    }
                }
                if (!caught && set.defaultAction() == Action.BLOCK) {
                    Key k = new Key(Finding.Severity.ERROR, set.location(), null, "default 'block' of "
                            + (set == policy.defaultRuleset() ? "default_ruleset" : "the ruleset") + " could block protected traffic '"
                            + p.id() + "'" + line(p.location()), ": no earlier rule catches all of it");
                    merged.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(state);
                }
            }
        }

        private void add(Finding.Severity severity, Rule r, String state, String prefix, String suffix) {
            Key k = new Key(severity, r.location(), r.id(), prefix, suffix);
            merged.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(state);
        }

        /**
         * A rule that ends evaluation whenever it matches: {@code allow} or {@code block} without
         * {@code rate}. Alert rules let evaluation go on; rate rules fire only beyond a count.
         */
        private static boolean isTerminal(Rule r) {
            return r.action() != Action.ALERT && r.rate() == null;
        }

        private static boolean opposite(Rule a, Rule b) {
            return a.action() == Action.ALLOW && b.action() == Action.BLOCK
                    || a.action() == Action.BLOCK && b.action() == Action.ALLOW;
        }

        private static String verb(Rule r) {
            return r.action().name().toLowerCase(java.util.Locale.ROOT);
        }

        private static String line(Rule r) {
            return line(r.location());
        }

        private static String line(SourceLocation l) {
            return l.isKnown() ? " (line " + l.line() + ")" : "";
        }
    }
}
