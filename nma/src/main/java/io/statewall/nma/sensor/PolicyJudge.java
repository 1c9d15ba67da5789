package io.statewall.nma.sensor;

import io.statewall.engine.alert.Alert;
import io.statewall.engine.alert.AlertEveRecord;
import io.statewall.engine.baseline.TransactionObserver;
import io.statewall.engine.decide.CompiledPolicy;
import io.statewall.engine.decide.CompiledRule;
import io.statewall.engine.decide.Decider;
import io.statewall.engine.decide.PolicyHolder;
import io.statewall.engine.decide.Verdict;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.eve.StateEveRecord;
import io.statewall.engine.modbus.ModbusEveRecord;
import io.statewall.engine.plant.PlantMonitor;
import io.statewall.engine.policy.Action;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.state.InvalidStateModelException;
import io.statewall.engine.state.OperatingState;
import io.statewall.engine.state.StateChange;
import io.statewall.engine.state.StateChangeListener;
import io.statewall.engine.state.StateTracker;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.util.List;

/**
 * Judges every paired transaction by the policy of the operating state in force: the plant
 * monitor keeps the state, the decider gives the verdict, and alerts and state changes are
 * written as EVE records. Offline, a {@code block} verdict means "would have been blocked".
 *
 * <p>The request is judged in the state in force before this transaction's own values reach the
 * process image (the request was sent then); its response's values may switch the state, which
 * then governs the very next message.
 *
 * <p>Operator declarations ({@link DeclarationSchedule}) act in capture time: every boundary at
 * or before a transaction's request (or lone response) is applied before that transaction is
 * judged, so a declared state governs the first message it covers. A boundary that falls inside
 * a transaction already fed to the plant takes effect at that transaction's response time, which
 * keeps the tracker's clock, and the EVE records, in order.
 */
public final class PolicyJudge implements StateChangeListener {
    private static final long TICK_NANOS = 1_000_000_000L;
    private static final String POLICY_CATEGORY = "ICS policy violation";
    private static final String STATE_CATEGORY = "ICS operating-state anomaly";
    /** Who declares the states of a {@link DeclarationSchedule}: the state records' {@code declared_by}. */
    private static final String OPERATOR = "operator";

    private final PlantMonitor plant;
    private final CompiledPolicy compiled;
    private final Decider decider;
    private final EveWriter eve;
    private final AlertEveRecord alertRecord = new AlertEveRecord(new ModbusEveRecord());
    private final long[] alertsByRule;
    /** Without {@code response:} rules the response phase can only return "undecided": skip it. */
    private final boolean responseRules;
    private final DeclarationSchedule declarations;
    private long defaultAlerts;
    private long alerts;
    private long blocked;
    private long stateChanges;
    private long forbiddenTransitions;
    private long lastTick;
    /** Index of the next boundary of {@link #declarations} to apply. */
    private int nextBoundary;
    /** Its capture time; {@link Long#MAX_VALUE} when none is left, so the per-transaction test is one compare. */
    private long nextBoundaryAt = Long.MAX_VALUE;
    /** The time of the last response fed to the plant. */
    private long plantTime = Long.MIN_VALUE;
    /** An extra judge in the same states (a baseline check, a learner), or null. */
    private TransactionObserver observer;

    /** @param eve EVE output for alerts and state changes, or null */
    public PolicyJudge(Policy policy, EveWriter eve, long startNanos) throws InvalidStateModelException {
        this(policy, eve, startNanos, DeclarationSchedule.NONE);
    }

    /**
     * @param eve          EVE output for alerts and state changes, or null
     * @param declarations states the operator declares during the capture
     * @throws IllegalArgumentException if there are declarations but the policy has no plant
     *                                  model, or a declared state is not in it
     */
    public PolicyJudge(Policy policy, EveWriter eve, long startNanos, DeclarationSchedule declarations)
            throws InvalidStateModelException {
        this.eve = eve;
        this.declarations = declarations;
        if (policy.plant() != null) {
            plant = new PlantMonitor(policy.plant(), this, startNanos);
            compiled = CompiledPolicy.compile(policy, plant.model().states().stream().map(OperatingState::name).toList());
        } else {
            plant = null;
            compiled = CompiledPolicy.compile(policy, List.of("unknown"));
        }
        decider = new Decider(new PolicyHolder(compiled));
        alertsByRule = new long[compiled.ruleCount()];
        boolean any = false;
        for (int i = 0; i < compiled.ruleCount(); i++) {
            any |= compiled.rule(i).hasResponse();
        }
        responseRules = any;
        if (!declarations.isEmpty()) {
            if (plant == null) {
                throw new IllegalArgumentException("declared states need a policy with a plant model");
            }
            for (String s : declarations.states()) {
                if (plant.model().state(s) == null) {
                    throw new IllegalArgumentException("declared state '" + s + "' is not in the plant model");
                }
            }
            nextBoundaryAt = declarations.at(0);
        }
    }

    /** The states by id, as {@link #judge} passes them to an observer. */
    public List<String> stateNames() {
        return compiled.stateNames();
    }

    /**
     * Lets {@code observer} see every transaction after the policy, with the id (in {@link
     * #stateNames()}) of the state the request was judged in; its alerts and blocks count with
     * the policy's.
     */
    public void observeWith(TransactionObserver observer) {
        this.observer = observer;
        observer.protectWith(decider);
    }

    /** The end of a capture: the observer's continuity ends, its pending summaries are written. */
    public void endOfCapture(long timestampNanos) {
        if (observer != null) {
            observer.onCaptureEnd(timestampNanos);
        }
    }

    /** The state in force now ({@code unknown} without a plant model). */
    public String state() {
        return plant == null ? "unknown" : plant.current().name();
    }

    private int stateId() {
        return plant == null ? 0 : plant.current().id();
    }

    public void judge(FlowContext flow, ModbusTransaction tx, long txNumber) {
        long requestTs = tx.hasRequest() ? tx.requestTimestampNanos() : tx.responseTimestampNanos();
        long responseTs = tx.hasResponse() ? tx.responseTimestampNanos() : requestTs;
        if (requestTs >= nextBoundaryAt) {
            applyDeclarations(requestTs);
        }
        int state = stateId();
        if (tx.hasRequest()) {
            report(decider.decide(flow, tx, state, requestTs), flow, tx, txNumber, requestTs);
        }
        if (tx.hasResponse() && responseRules) {
            report(decider.decideResponse(flow, tx, state, responseTs), flow, tx, txNumber, responseTs);
        }
        if (observer != null) {
            observer.onTransaction(flow, tx, txNumber, state);
        }
        if (plant != null) {
            if (responseTs - lastTick >= TICK_NANOS) {
                plant.tick(responseTs);
                lastTick = responseTs;
            }
            plant.apply(flow, tx, responseTs);
            plantTime = responseTs;
        }
    }

    /** Applies every boundary at or before {@code ts}; rare, so it may allocate (state records). */
    private void applyDeclarations(long ts) {
        StateTracker tracker = plant.tracker();
        while (nextBoundary < declarations.size() && declarations.at(nextBoundary) <= ts) {
            long at = Math.max(declarations.at(nextBoundary), plantTime);
            String state = declarations.declares(nextBoundary);
            if (state == null) {
                tracker.release(at);
            } else {
                tracker.declare(state, OPERATOR, at);
            }
            nextBoundary++;
        }
        nextBoundaryAt = nextBoundary < declarations.size() ? declarations.at(nextBoundary) : Long.MAX_VALUE;
    }

    private void report(Verdict v, FlowContext flow, ModbusTransaction tx, long txNumber, long ts) {
        String stateName = compiled.stateName(v.stateId());
        for (int i = 0; i < v.alertCount(); i++) {
            CompiledRule rule = v.alert(i);
            alertsByRule[rule.index()]++;
            emit(new Alert(false, message(rule), POLICY_CATEGORY, rule.severity(), stateName, rule.id(), "policy",
                    rule.attack(), null), flow, tx, txNumber, ts);
        }
        boolean defaultDecided = v.decidingRule() == Verdict.DEFAULT;
        if (v.decidingAction() == Action.BLOCK) {
            if (defaultDecided) {
                defaultAlerts++;
            } else {
                alertsByRule[v.decidingRule()]++;
            }
            CompiledRule rule = defaultDecided ? null : compiled.rule(v.decidingRule());
            String note = v.protectedDowngrade()
                    ? "protected traffic ('" + v.protectedId() + "'): alerted instead of blocked" : null;
            emit(new Alert(!v.protectedDowngrade(), rule == null ? "Not allowed in state " + stateName : message(rule),
                    POLICY_CATEGORY, rule == null ? 2 : rule.severity(), stateName, rule == null ? "default" : rule.id(),
                    "policy", rule == null ? List.of() : rule.attack(), note), flow, tx, txNumber, ts);
            if (!v.protectedDowngrade()) {
                blocked++;
            }
        } else if (defaultDecided && v.decidingAction() == Action.ALERT) {
            defaultAlerts++;
            emit(new Alert(false, "No rule allows this in state " + stateName, POLICY_CATEGORY, 3, stateName, "default",
                    "policy", List.of(), null), flow, tx, txNumber, ts);
        }
    }

    private static String message(CompiledRule rule) {
        return rule.message() == null || rule.message().isEmpty() ? "rule " + rule.id() : rule.message();
    }

    private void emit(Alert alert, FlowContext flow, ModbusTransaction tx, long txNumber, long ts) {
        alerts++;
        if (eve != null) {
            alertRecord.write(eve, ts, flow, alert, tx, txNumber);
        }
    }

    @Override
    public void onStateChange(StateChange change) {
        stateChanges++;
        if (eve != null) {
            StateEveRecord.write(eve, change);
        }
        if (!change.allowed()) {
            forbiddenTransitions++;
            alerts++;
            if (eve != null) {
                alertRecord.write(eve, change.timeNanos(), new Alert(false,
                        "Operating state changed " + change.from().name() + " -> " + change.to().name()
                                + ", a transition the plant model does not allow",
                        STATE_CATEGORY, 2, change.to().name(), change.from().name() + "->" + change.to().name(),
                        "state-model", List.of("T0856"), cause(change)));
            }
        }
    }

    private static String cause(StateChange change) {
        String inferred = "cause: " + change.condition() + "; readings: " + change.readings();
        return switch (change.origin()) {
            case DECLARED -> "declared by " + change.declaredBy();
            case RELEASED -> "released by " + change.declaredBy() + "; " + inferred;
            case CONDITION, STALE -> inferred;
        };
    }

    public void addTo(AnalysisStats stats) {
        stats.alerts += alerts;
        stats.blocked += blocked;
        stats.stateChanges += stateChanges;
        stats.forbiddenTransitions += forbiddenTransitions;
        stats.defaultAlerts += defaultAlerts;
        for (int i = 0; i < alertsByRule.length; i++) {
            if (alertsByRule[i] != 0) {
                stats.alertsByRule.merge(compiled.rule(i).id(), alertsByRule[i], Long::sum);
            }
        }
        if (observer != null) {
            stats.alerts += observer.alerts();
            stats.blocked += observer.blocked();
            // Deviations (repeats included) per detector, beside the rules' alerts.
            observer.deviationsByDetector().forEach((detector, n) -> stats.alertsByRule.merge("baseline/" + detector, n, Long::sum));
        }
        stats.finalState = state();
    }
}
