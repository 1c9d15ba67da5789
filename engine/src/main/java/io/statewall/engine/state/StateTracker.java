package io.statewall.engine.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Infers the operating state from process variables and publishes it.
 *
 * <h2>Threading</h2>
 * The tracker runs on the packet thread: the dissector's thread calls
 * {@link #onVariablesUpdated} right after it updated the process image, and the state switches
 * synchronously inside that call. So the very next message that thread evaluates already sees
 * the new state, and a message can never be judged against a state older than the reading that
 * preceded it. {@link #onVariablesUpdated}, {@link #tick}, {@link #declare} and
 * {@link #release} must all be called from that one thread (other threads hand declarations over
 * through their own queue). {@link #current()} may be called from any thread: it is a single
 * volatile read, and the listener is called after the new state is published.
 *
 * <h2>Selection</h2>
 * On each update, only the states whose conditions read a changed variable are re-evaluated
 * (variable → states index). The current state's condition is evaluated with its deadband
 * (hysteresis); all others as written. Then:
 * <ol>
 *   <li>if another state's condition holds and either the current one's does not, or the other
 *       state has a strictly higher priority, the tracker switches to the highest-priority such
 *       state (ties: declared first), unless the current state's minimum dwell time has not
 *       elapsed and the target does not override dwell;</li>
 *   <li>otherwise, if the current state's condition is UNKNOWN (a variable it reads is unknown or
 *       stale), the tracker falls back to the stale fallback state, dwell notwithstanding: the
 *       sensor no longer knows the state;</li>
 *   <li>otherwise it stays, also when the current condition is FALSE and nothing else holds: a
 *       gap in the model keeps the last known state (and its rules) rather than guessing.</li>
 * </ol>
 * One update makes at most one switch. {@link #tick} re-evaluates every state: values only
 * become stale and dwell times only expire with time, so a tick (every second or so) is what
 * notices them; between ticks, staleness is also noticed for the states an update re-evaluates.
 *
 * <p>{@link #onVariablesUpdated} and {@link #tick} allocate nothing unless the state changes.
 */
public final class StateTracker {
    private final CompiledStateModel model;
    private final VariableView view;
    private final VariableSource source;
    private final StateChangeListener listener;
    private final Truth[] truth;
    private final boolean[] dirty;
    private final int[] dirtyList;
    private final int[] conditioned;
    private final int fallback;

    private volatile OperatingState current;
    private int cur;
    private long enteredAt;
    private long lastNow;
    private String declaredBy;
    private long evaluations;
    private long switches;
    private long forbidden;

    public StateTracker(CompiledStateModel model, VariableSource source, StateChangeListener listener, long nowNanos) {
        this.model = Objects.requireNonNull(model, "model");
        this.source = Objects.requireNonNull(source, "source");
        this.listener = Objects.requireNonNull(listener, "listener");
        int n = model.variables().size();
        this.view = new VariableView(source, n);
        for (int v = 0; v < n; v++) {
            if (model.maxAgeNanos(v) != VariableView.NO_MAX_AGE) {
                view.maxAge(v, model.maxAgeNanos(v));
            }
        }
        int states = model.stateCount();
        this.truth = new Truth[states];
        this.dirty = new boolean[states];
        this.dirtyList = new int[states];
        int count = 0;
        int[] ids = new int[states];
        for (int s = 0; s < states; s++) {
            truth[s] = Truth.FALSE;
            if (model.stateAt(s).condition() != null) {
                ids[count++] = s;
            }
        }
        this.conditioned = java.util.Arrays.copyOf(ids, count);
        this.fallback = model.staleFallback().id();
        this.cur = model.initial().id();
        this.current = model.initial();
        this.enteredAt = nowNanos;
        this.lastNow = nowNanos;
        view.now(nowNanos);
        for (int s : conditioned) {
            truth[s] = evaluate(s, s == cur); // the source may already know values
        }
    }

    /** The current state; safe from any thread (one volatile read). */
    public OperatingState current() {
        return current;
    }

    /** Whether a declared state is in force (until {@link #release}). */
    public boolean isDeclared() {
        return declaredBy != null;
    }

    /**
     * What the process says, declared state or not: the state in force while nothing is
     * declared; while a state is declared, the highest-priority state whose condition holds now,
     * or null when none does. An ASMA fusing the NMAs' views needs this rather than the declared
     * state, which may be its own push. Call on the tracker's thread.
     */
    public OperatingState observed() {
        if (declaredBy == null) {
            return current;
        }
        OperatingState best = null;
        for (int s : conditioned) {
            if (truth[s] == Truth.TRUE && (best == null || model.stateAt(s).priority() > best.priority())) {
                best = model.stateAt(s);
            }
        }
        return best;
    }

    /** Who declared the state in force, or null when it is inferred (call on the tracker's thread). */
    public String declaredBy() {
        return declaredBy;
    }

    /**
     * The process image changed these variables ({@code changed[0..count)}) at {@code nowNanos}.
     * Re-evaluates the dependent states and switches state if the conditions say so.
     */
    public void onVariablesUpdated(int[] changed, int count, long nowNanos) {
        Objects.checkFromIndexSize(0, count, changed.length);
        view.now(nowNanos);
        lastNow = nowNanos;
        int pending = 0;
        for (int i = 0; i < count; i++) {
            int v = changed[i];
            view.observe(v);
            for (int s : model.dependentsUnsafe(v)) {
                if (!dirty[s]) {
                    dirty[s] = true;
                    dirtyList[pending++] = s;
                }
            }
        }
        for (int i = 0; i < pending; i++) {
            int s = dirtyList[i];
            dirty[s] = false;
            truth[s] = evaluate(s, s == cur);
        }
        if (declaredBy == null) {
            decide(nowNanos);
        }
    }

    /** Time passed: re-evaluates every state for staleness and lets expired dwell times act. */
    public void tick(long nowNanos) {
        view.now(nowNanos);
        lastNow = nowNanos;
        for (int s : conditioned) {
            truth[s] = evaluate(s, s == cur);
        }
        if (declaredBy == null) {
            decide(nowNanos);
        }
    }

    /** {@link #declare(String, String, long)} at the time of the last update or tick. */
    public void declare(String state, String by) {
        declare(state, by, lastNow);
    }

    /**
     * Forces {@code state} (an operator's or the ASMA's decision) until {@link #release}; the
     * conditions keep being evaluated but do not switch. Emits a {@link StateChange.Origin#DECLARED}
     * event, also when the state is already current or already declared.
     *
     * @throws IllegalArgumentException if the model has no such state
     */
    public void declare(String state, String by, long nowNanos) {
        Objects.requireNonNull(by, "by");
        OperatingState target = model.state(state);
        if (target == null) {
            List<String> names = new ArrayList<>();
            model.states().forEach(s -> names.add(s.name()));
            throw new IllegalArgumentException("unknown state '" + state + "' (states: " + String.join(", ", names) + ")");
        }
        declaredBy = by;
        switchTo(target.id(), StateChange.Origin.DECLARED, nowNanos, by);
    }

    /** {@link #release(long)} at the time of the last update or tick. */
    public void release() {
        release(lastNow);
    }

    /**
     * Ends a declaration: the tracker goes to the highest-priority state whose condition holds now
     * (or the stale fallback if none does) and emits a {@link StateChange.Origin#RELEASED} event.
     * Does nothing if no state is declared.
     */
    public void release(long nowNanos) {
        if (declaredBy == null) {
            return;
        }
        String by = declaredBy;
        declaredBy = null;
        view.now(nowNanos);
        lastNow = nowNanos;
        int best = -1;
        for (int s : conditioned) {
            truth[s] = evaluate(s, false);
            if (truth[s] == Truth.TRUE && (best < 0 || model.stateAt(s).priority() > model.stateAt(best).priority())) {
                best = s;
            }
        }
        switchTo(best < 0 ? fallback : best, StateChange.Origin.RELEASED, nowNanos, by);
    }

    /** Condition evaluations so far (for tests and metrics: shows the dependency index at work). */
    public long evaluations() {
        return evaluations;
    }

    /** State switches so far, declarations included. */
    public long switches() {
        return switches;
    }

    /** Switches the model's transitions do not allow. */
    public long forbiddenSwitches() {
        return forbidden;
    }

    private Truth evaluate(int s, boolean relaxed) {
        Condition c = model.stateAt(s).condition();
        if (c == null) {
            return Truth.FALSE;
        }
        evaluations++;
        return relaxed ? c.eval(view, model.deadbandUnsafe(s), 1) : c.eval(view, null, 0);
    }

    private void decide(long now) {
        OperatingState here = model.stateAt(cur);
        Truth holds = truth[cur];
        int best = -1;
        int bestPriority = Integer.MIN_VALUE;
        for (int s : conditioned) {
            if (s != cur && truth[s] == Truth.TRUE) {
                int p = model.stateAt(s).priority();
                if (best < 0 || p > bestPriority) {
                    best = s;
                    bestPriority = p;
                }
            }
        }
        if (best >= 0 && (holds != Truth.TRUE || bestPriority > here.priority())) {
            if (now - enteredAt < here.minDwellNanos() && !model.stateAt(best).overridesDwell()) {
                return; // dwell holds; the next update or tick retries
            }
            switchTo(best, StateChange.Origin.CONDITION, now, null);
        } else if (holds == Truth.UNKNOWN && cur != fallback) {
            switchTo(fallback, StateChange.Origin.STALE, now, null);
        }
    }

    private void switchTo(int to, StateChange.Origin origin, long now, String by) {
        int from = cur;
        cur = to;
        enteredAt = now;
        // The deadband follows the current state: re-evaluate the state left as written, the one entered relaxed.
        if (from != to) {
            truth[from] = evaluate(from, false);
        }
        truth[to] = evaluate(to, true);
        // Staying is never a forbidden transition: an ASMA pushing the plant state to an NMA
        // already in it, or an operator declaring the state in force, changes who holds it only.
        boolean allowed = from == to || model.allowedUnsafe(from, to);
        switches++;
        if (!allowed) {
            forbidden++;
        }
        OperatingState fromState = model.stateAt(from);
        OperatingState toState = model.stateAt(to);
        current = toState;
        Condition why = switch (origin) {
            case CONDITION, RELEASED -> toState.condition();
            case STALE -> fromState.condition();
            case DECLARED -> null;
        };
        if (origin == StateChange.Origin.RELEASED && truth[to] != Truth.TRUE) {
            why = null;
        }
        listener.onStateChange(new StateChange(fromState, toState, origin, why == null ? null : why.text(),
                readings(why), now, allowed, by));
    }

    private List<StateChange.Reading> readings(Condition c) {
        if (c == null) {
            return List.of();
        }
        List<StateChange.Reading> out = new ArrayList<>();
        VariableTable vars = model.variables();
        for (int v : c.variablesUnsafe()) {
            boolean fresh = view.fresh(v);
            out.add(new StateChange.Reading(vars.name(v), source.known(v) ? source.value(v) : Double.NaN, fresh));
        }
        for (int v : c.rateVariablesUnsafe()) {
            double r = view.rate(v);
            out.add(new StateChange.Reading("rate(" + vars.name(v) + ")", r, !Double.isNaN(r)));
        }
        return out;
    }
}
