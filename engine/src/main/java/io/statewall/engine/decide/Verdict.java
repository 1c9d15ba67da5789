package io.statewall.engine.decide;

import io.statewall.engine.policy.Action;

/**
 * What a {@link Decider} concluded about one transaction: a mutable view the decider reuses
 * for its next decision of the same phase, so read it (or copy what you keep) before then.
 *
 * <p>{@link #action()} is the outcome: {@code BLOCK} (drop inline), {@code ALERT} (forward,
 * with at least one alert: alert rules fired, the default is alert, or protected traffic turned
 * a block into an alert) or {@code ALLOW} (forward silently). {@link #decidingRule()} is the
 * {@code allow}/{@code block} rule that ended evaluation, {@link #DEFAULT} when the ruleset's
 * default applied, or {@link #UNDECIDED} on the response phase when no {@code response:} rule
 * ended it (the request's verdict stands).
 */
public final class Verdict {
    /** Alerts kept per verdict; beyond them only a count ({@link #alertsDropped()}). */
    public static final int MAX_ALERTS = 16;
    /** {@link #decidingRule()}: the ruleset's {@code default} decided. */
    public static final int DEFAULT = -1;
    /** {@link #decidingRule()}: response phase, no {@code response:} rule ended evaluation. */
    public static final int UNDECIDED = -2;

    private final boolean responsePhase;
    private CompiledPolicy policy;
    private long generation;
    private int stateId;
    private int decidingRule;
    private Action decidingAction;
    private final int[] alerts = new int[MAX_ALERTS];
    private int alertCount;
    private int alertsDropped;
    private int protectedSpec;

    Verdict(boolean responsePhase) {
        this.responsePhase = responsePhase;
    }

    void reset(CompiledPolicy policy, long generation, int stateId) {
        this.policy = policy;
        this.generation = generation;
        this.stateId = stateId;
        decidingRule = UNDECIDED;
        decidingAction = null;
        alertCount = 0;
        alertsDropped = 0;
        protectedSpec = -1;
    }

    void addAlert(int rule) {
        if (alertCount < MAX_ALERTS) {
            alerts[alertCount++] = rule;
        } else {
            alertsDropped++;
        }
    }

    void decide(int rule, Action action) {
        decidingRule = rule;
        decidingAction = action;
    }

    void downgradedBy(int spec) {
        protectedSpec = spec;
    }

    /** True for a verdict of {@link Decider#decideResponse}. */
    public boolean responsePhase() {
        return responsePhase;
    }

    /** The policy version that judged: the whole verdict comes from this one. */
    public CompiledPolicy policy() {
        return policy;
    }

    /** {@link PolicyHolder#generation()} of that policy. */
    public long generation() {
        return generation;
    }

    public int stateId() {
        return stateId;
    }

    /** The outcome: BLOCK, ALERT (forwarded with an alert) or ALLOW (forwarded silently). */
    public Action action() {
        if (decidingAction == Action.BLOCK) {
            return protectedSpec >= 0 ? Action.ALERT : Action.BLOCK;
        }
        if (decidingAction == Action.ALERT || alertCount > 0) {
            return Action.ALERT;
        }
        return Action.ALLOW;
    }

    /** True unless the message is to be dropped. */
    public boolean forward() {
        return action() != Action.BLOCK;
    }

    /** The deciding rule's (or default's) action before any protected downgrade; null when {@link #UNDECIDED}. */
    public Action decidingAction() {
        return decidingAction;
    }

    /** Index of the rule that ended evaluation ({@link CompiledPolicy#rule(int)}), or {@link #DEFAULT} / {@link #UNDECIDED}. */
    public int decidingRule() {
        return decidingRule;
    }

    /** The deciding rule's id, {@code "default"}, or null when {@link #UNDECIDED}. */
    public String decidingRuleId() {
        return decidingRule >= 0 ? policy.rule(decidingRule).id() : decidingRule == DEFAULT ? "default" : null;
    }

    /** True when a block became an alert because the message matches a {@code protected} entry. */
    public boolean protectedDowngrade() {
        return protectedSpec >= 0;
    }

    /** The id of the protected entry that downgraded the block, or null. */
    public String protectedId() {
        return protectedSpec >= 0 ? policy.protectedId(protectedSpec) : null;
    }

    /** Alert rules that fired and were kept, in evaluation order (at most {@link #MAX_ALERTS}). */
    public int alertCount() {
        return alertCount;
    }

    /** Alert rules that fired beyond {@link #MAX_ALERTS}. */
    public int alertsDropped() {
        return alertsDropped;
    }

    /** Rule index of kept alert {@code i}. */
    public int alertRule(int i) {
        return alerts[java.util.Objects.checkIndex(i, alertCount)];
    }

    /** Kept alert {@code i}: id, message, severity and ATT&amp;CK ids. */
    public CompiledRule alert(int i) {
        return policy.rule(alertRule(i));
    }

    /** True when the rule with this id is among the kept alerts (no allocation). */
    public boolean alerted(String ruleId) {
        for (int i = 0; i < alertCount; i++) {
            if (policy.rule(alerts[i]).id().equals(ruleId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Verdict[").append(action()).append(" by ").append(decidingRuleId());
        if (protectedSpec >= 0) {
            b.append(" (protected ").append(protectedId()).append(')');
        }
        b.append(", alerts [");
        for (int i = 0; i < alertCount; i++) {
            b.append(i == 0 ? "" : ", ").append(alert(i).id());
        }
        if (alertsDropped > 0) {
            b.append(", +").append(alertsDropped);
        }
        return b.append("]]").toString();
    }
}
