package io.statewall.nma.inline;

import io.statewall.engine.alert.Alert;
import io.statewall.engine.alert.AlertEveRecord;
import io.statewall.engine.decide.CompiledPolicy;
import io.statewall.engine.decide.CompiledRule;
import io.statewall.engine.decide.Decider;
import io.statewall.engine.decide.PolicyHolder;
import io.statewall.engine.decide.Verdict;
import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.eve.StateEveRecord;
import io.statewall.engine.modbus.ModbusEveRecord;
import io.statewall.engine.plant.PlantMonitor;
import io.statewall.engine.policy.Action;
import io.statewall.engine.policy.FailMode;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.state.InvalidStateModelException;
import io.statewall.engine.state.OperatingState;
import io.statewall.engine.state.StateChange;
import io.statewall.engine.state.StateChangeListener;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.util.List;
import java.util.Objects;

/**
 * The engine as the inline proxy uses it: judges each request before it is forwarded, in the
 * operating state in force at that instant, and learns from each answered transaction (its
 * values go to the process image, so the state is inferred from the very traffic the proxy
 * carries; its response is judged by the {@code response:} rules, which can alert but not
 * block, the request having gone already).
 *
 * <p>Owned by the proxy's event-loop thread: the plant monitor and the decider are not shared.
 * A policy reload ({@link #install}) swaps the rules atomically between two messages; a plant
 * model that changed restarts state inference from the model's initial state (announced by a
 * {@code state} record), one that did not keeps the state.
 */
final class InlineJudge implements StateChangeListener {
    private static final String POLICY_CATEGORY = "ICS policy violation";
    private static final String STATE_CATEGORY = "ICS operating-state anomaly";
    private static final String UNKNOWN = "unknown";

    private final EveWriter eve;
    private final AlertEveRecord alertRecord = new AlertEveRecord(new ModbusEveRecord());
    private final ModbusEveRecord modbusRecord = new ModbusEveRecord();
    /** What {@link #judgeRequest} decided. */
    enum Judgement {
        FORWARD, FORWARD_ALERTED, BLOCK
    }

    private PolicyHolder holder;
    private Decider decider;
    private PlantMonitor plant;
    private Policy policy;
    private List<String> stateNames;
    private InlineBaseline baseline;

    private long transactions;
    private long alerts;
    private long blocked;
    private long stateChanges;
    private long forbiddenTransitions;

    /** @param eve EVE output (alerts, states, Modbus transactions as its types say), or null */
    InlineJudge(Policy policy, EveWriter eve, long startNanos) throws InvalidStateModelException {
        this.eve = eve;
        install(policy, startNanos);
    }

    /** Puts {@code next} in force from the next message on; see the class comment for the state. */
    void install(Policy next, long nowNanos) throws InvalidStateModelException {
        Objects.requireNonNull(next, "policy");
        boolean samePlant = policy != null && Objects.equals(policy.plant(), next.plant());
        PlantMonitor monitor = samePlant ? plant
                : next.plant() == null ? null : new PlantMonitor(next.plant(), this, nowNanos);
        List<String> states = monitor == null ? List.of(UNKNOWN)
                : monitor.model().states().stream().map(OperatingState::name).toList();
        CompiledPolicy compiled = CompiledPolicy.compile(next, states);
        if (holder == null || !samePlant) {
            holder = new PolicyHolder(compiled);
            decider = new Decider(holder);
        } else {
            holder.install(compiled);
        }
        plant = monitor;
        policy = next;
        stateNames = states;
        if (baseline != null && !samePlant) {
            baseline.open(states, decider);
        }
    }

    /**
     * Adds a learned baseline to the judgement (learning or detecting, see {@link
     * InlineBaseline}): it sees what the policy forwards, in the state in force.
     */
    void useBaseline(InlineBaseline next) {
        baseline = Objects.requireNonNull(next, "baseline");
        baseline.open(stateNames, decider);
    }

    /** Ends the baseline's learning now, if it is learning. */
    void finishLearning(long nowNanos) {
        if (baseline != null) {
            baseline.finishLearning(nowNanos);
        }
    }

    /** The baseline's mode: {@code off}, {@code learning} or {@code detecting}. */
    String baselineMode() {
        return baseline == null ? "off" : baseline.mode().label();
    }

    /** The state, who declared it and the plant model's variables now (on the loop). */
    PlantStatus plantStatus() {
        java.util.Map<String, Double> points = new java.util.LinkedHashMap<>();
        if (plant != null) {
            List<io.statewall.engine.image.VariableBinding> vars = policy.plant().variables();
            for (int v = 0; v < vars.size(); v++) {
                points.put(vars.get(v).name(), plant.known(v) ? plant.value(v) : null);
            }
        }
        OperatingState observed = plant == null ? null : plant.tracker().observed();
        return new PlantStatus(state(), plant == null ? null : plant.tracker().declaredBy(),
                observed == null ? UNKNOWN : observed.name(), points);
    }

    /** The state in force ({@code unknown} without a plant model). */
    String state() {
        return plant == null ? UNKNOWN : plant.current().name();
    }

    private int stateId() {
        return plant == null ? 0 : plant.current().id();
    }

    long policyGeneration() {
        return holder.generation();
    }

    /** The state's fail mode: what to do with a request the engine could not judge. */
    FailMode failMode() {
        return holder.policy().failMode(stateId());
    }

    /**
     * Judges a request before it goes on: by the policy, then, if the policy forwards it, by the
     * baseline. Alerts (and blocks) are written as EVE records.
     */
    Judgement judgeRequest(FlowContext flow, ModbusTransaction requestOnly, long nowNanos) {
        Verdict v = decider.decide(flow, requestOnly, stateId(), nowNanos);
        report(v, flow, requestOnly, nowNanos);
        if (!v.forward()) {
            return Judgement.BLOCK;
        }
        boolean alerted = v.action() == Action.ALERT;
        if (baseline != null) {
            long before = baseline.alerts();
            if (baseline.onRequest(flow, requestOnly, transactions + 1, stateId(), nowNanos)) {
                return Judgement.BLOCK;
            }
            alerted |= baseline.alerts() != before;
        }
        return alerted ? Judgement.FORWARD_ALERTED : Judgement.FORWARD;
    }

    /** An answered (or abandoned) transaction: response rules, process image, Modbus record. */
    void onTransaction(FlowContext flow, ModbusTransaction tx, long nowNanos) {
        transactions++;
        if (tx.hasResponse()) {
            report(decider.decideResponse(flow, tx, stateId(), nowNanos), flow, tx, nowNanos);
        }
        if (baseline != null) {
            baseline.onTransaction(flow, tx, transactions, stateId());
        }
        if (eve != null && eve.wants(EventType.MODBUS)) {
            modbusRecord.write(eve, flow, tx, transactions);
        }
        if (plant != null) {
            plant.apply(flow, tx, nowNanos);
        }
    }

    /** Time passes without traffic: values go stale, dwell times end. */
    void tick(long nowNanos) {
        if (plant != null) {
            plant.tick(nowNanos);
        }
        if (baseline != null) {
            baseline.tick(nowNanos);
        }
    }

    /** An operator or the ASMA declares the state; it wins until {@link #release}. */
    void declare(String state, String by, long nowNanos) {
        if (plant == null) {
            throw new IllegalStateException("the policy has no plant model: there is no state to declare");
        }
        plant.tracker().declare(state, by, nowNanos);
    }

    void release(long nowNanos) {
        if (plant != null) {
            plant.tracker().release(nowNanos);
        }
    }

    private void report(Verdict v, FlowContext flow, ModbusTransaction tx, long ts) {
        if (v.alertCount() == 0 && v.decidingAction() != Action.BLOCK
                && !(v.decidingRule() == Verdict.DEFAULT && v.decidingAction() == Action.ALERT)) {
            return;
        }
        CompiledPolicy compiled = v.policy();
        String stateName = compiled.stateName(v.stateId());
        for (int i = 0; i < v.alertCount(); i++) {
            CompiledRule rule = v.alert(i);
            emit(new Alert(false, message(rule), POLICY_CATEGORY, rule.severity(), stateName, rule.id(), "policy",
                    rule.attack(), null), flow, tx, ts);
        }
        boolean defaultDecided = v.decidingRule() == Verdict.DEFAULT;
        if (v.decidingAction() == Action.BLOCK) {
            CompiledRule rule = defaultDecided ? null : compiled.rule(v.decidingRule());
            String note = v.protectedDowngrade()
                    ? "protected traffic ('" + v.protectedId() + "'): alerted instead of blocked" : null;
            emit(new Alert(!v.protectedDowngrade(), rule == null ? "Not allowed in state " + stateName : message(rule),
                    POLICY_CATEGORY, rule == null ? 2 : rule.severity(), stateName, rule == null ? "default" : rule.id(),
                    "policy", rule == null ? List.of() : rule.attack(), note), flow, tx, ts);
            if (!v.protectedDowngrade()) {
                blocked++;
            }
        } else if (defaultDecided && v.decidingAction() == Action.ALERT) {
            emit(new Alert(false, "No rule allows this in state " + stateName, POLICY_CATEGORY, 3, stateName, "default",
                    "policy", List.of(), null), flow, tx, ts);
        }
    }

    private static String message(CompiledRule rule) {
        return rule.message() == null || rule.message().isEmpty() ? "rule " + rule.id() : rule.message();
    }

    private void emit(Alert alert, FlowContext flow, ModbusTransaction tx, long ts) {
        alerts++;
        if (eve != null) {
            alertRecord.write(eve, ts, flow, alert, tx, transactions + 1);
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

    long transactions() {
        return transactions;
    }

    /** Alerts written, the policy's and the baseline's. */
    long alerts() {
        return alerts + (baseline == null ? 0 : baseline.alerts());
    }

    /** Requests blocked, by the policy or the baseline. */
    long blocked() {
        return blocked + (baseline == null ? 0 : baseline.blocked());
    }

    /** Transactions the baseline learned inline so far. */
    long baselineLearned() {
        return baseline == null ? 0 : baseline.learned();
    }

    long baselineAlerts() {
        return baseline == null ? 0 : baseline.alerts();
    }

    long baselineBlocked() {
        return baseline == null ? 0 : baseline.blocked();
    }

    /** The states of the policy in force, by id. */
    List<String> stateNames() {
        return stateNames;
    }

    long stateChanges() {
        return stateChanges;
    }

    long forbiddenTransitions() {
        return forbiddenTransitions;
    }
}
