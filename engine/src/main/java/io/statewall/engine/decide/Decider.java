package io.statewall.engine.decide;

import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.policy.Action;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.util.Objects;

/**
 * Judges Modbus transactions in an operating state (docs/policy-format.md, "Evaluation"): in
 * the state's order, every matching {@code alert} rule fires and evaluation goes on; the first
 * matching {@code allow} or {@code block} ends it; otherwise the ruleset's default applies. A
 * block (rule or default) on a message a {@code protected} entry matches becomes an alert.
 * A rule with {@code rate:} takes part only for the messages beyond N in its window.
 *
 * <p>Two phases, because an inline proxy must forward or drop the request before the response
 * exists:
 * <ul>
 *   <li>{@link #decide} judges the request: rules with {@code response:} are skipped.</li>
 *   <li>{@link #decideResponse} judges the answer, walking the same order over the whole
 *       transaction: {@code response:} rules fire or decide as above; the walk stops, {@link
 *       Verdict#UNDECIDED}, at a request-only {@code allow}/{@code block} rule without rate
 *       that matches (evaluation ended there at request time, and that verdict stands).
 *       Request-only alert rules already fired in the first phase and are not repeated;
 *       request-only rate rules are passed over, their counters being the first phase's.</li>
 * </ul>
 * A passive sensor calls both per paired transaction. Protected entries with a {@code
 * response:} part count as matching in the request phase when their request part does: the
 * answer cannot be known yet and protected traffic must not be dropped on a guess.
 *
 * <p>One decider per packet thread (it owns reusable scratch state and the two verdicts); any
 * number share one {@link PolicyHolder}. The holder's current version is read once per
 * decision. Nothing is allocated per decision.
 */
public final class Decider implements ProtectedTraffic {
    private final PolicyHolder holder;
    private final TxFacts facts = new TxFacts();
    private final Verdict requestVerdict = new Verdict(false);
    private final Verdict responseVerdict = new Verdict(true);
    private long decisions;
    private long unknownStates;

    public Decider(PolicyHolder holder) {
        this.holder = Objects.requireNonNull(holder, "holder");
    }

    /**
     * Judges the request of {@code tx} (or what a lone response echoes of it).
     *
     * @param stateId  the operating state's id in the current policy; an unknown id gets the
     *                 {@code default_ruleset} (counted in {@link #unknownStates()})
     * @param nowNanos the message's time, for rate windows
     * @return this decider's request verdict, overwritten by the next call
     */
    public Verdict decide(FlowContext flow, ModbusTransaction tx, int stateId, long nowNanos) {
        PolicyHolder.Generation g = holder.current();
        CompiledPolicy p = g.policy();
        Verdict v = requestVerdict;
        v.reset(p, g.number(), stateId);
        begin(p, stateId, flow, tx);
        for (int rule : p.requestOrder(stateId, facts.function)) {
            CompiledRule r = p.rule(rule);
            if (!r.match().matchesRequest(facts) || r.hasRate() && !g.rates().hit(rule, nowNanos)) {
                continue;
            }
            if (r.action() == Action.ALERT) {
                v.addAlert(rule);
            } else {
                v.decide(rule, r.action());
                break;
            }
        }
        if (v.decidingRule() == Verdict.UNDECIDED) {
            v.decide(Verdict.DEFAULT, p.defaultAction(stateId));
        }
        if (v.decidingAction() == Action.BLOCK) {
            protect(p, v, false);
        }
        return v;
    }

    /**
     * Judges the response of {@code tx} against the {@code response:} rules (see the class
     * comment). Without a response nothing matches: {@link Verdict#UNDECIDED}, ALLOW.
     *
     * @return this decider's response verdict, overwritten by the next call
     */
    public Verdict decideResponse(FlowContext flow, ModbusTransaction tx, int stateId, long nowNanos) {
        PolicyHolder.Generation g = holder.current();
        CompiledPolicy p = g.policy();
        Verdict v = responseVerdict;
        v.reset(p, g.number(), stateId);
        begin(p, stateId, flow, tx);
        for (int rule : p.responseOrder(stateId, facts.function)) {
            CompiledRule r = p.rule(rule);
            CompiledMatch m = r.match();
            if (!m.hasResponse()) {
                // a request-only allow or block without rate: if it matches, the request phase
                // ended there
                if (m.matchesRequest(facts)) {
                    break;
                }
                continue;
            }
            if (!m.matchesResponse(facts) || !m.matchesRequest(facts) || r.hasRate() && !g.rates().hit(rule, nowNanos)) {
                continue;
            }
            if (r.action() == Action.ALERT) {
                v.addAlert(rule);
            } else {
                v.decide(rule, r.action());
                break;
            }
        }
        if (v.decidingAction() == Action.BLOCK) {
            protect(p, v, true);
        }
        return v;
    }

    private void begin(CompiledPolicy p, int stateId, FlowContext flow, ModbusTransaction tx) {
        decisions++;
        if (!p.knowsState(stateId)) {
            unknownStates++;
        }
        facts.load(flow, tx);
    }

    private void protect(CompiledPolicy p, Verdict v, boolean withResponse) {
        for (int i = 0; i < p.protectedCount(); i++) {
            CompiledMatch m = p.protectedMatch(i);
            if (m.matchesRequest(facts) && (!withResponse || m.matchesResponse(facts))) {
                v.downgradedBy(i);
                return;
            }
        }
    }

    /** The policy in force's answer for a request that another judge (a baseline) would block. */
    @Override
    public String protectedBy(FlowContext flow, ModbusTransaction tx) {
        CompiledPolicy p = holder.current().policy();
        if (p.protectedCount() == 0) {
            return null;
        }
        facts.load(flow, tx);
        for (int i = 0; i < p.protectedCount(); i++) {
            if (p.protectedMatch(i).matchesRequest(facts)) {
                return p.protectedId(i);
            }
        }
        return null;
    }

    /** Decisions made, both phases. */
    public long decisions() {
        return decisions;
    }

    /** Decisions asked for a state id the policy in force does not know. */
    public long unknownStates() {
        return unknownStates;
    }
}
