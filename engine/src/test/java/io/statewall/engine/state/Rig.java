package io.statewall.engine.state;

import java.util.ArrayList;
import java.util.List;

/** A tracker over a {@link TestSource}, recording its events; updates are scripted by variable name. */
final class Rig {
    static final long S = 1_000_000_000L;

    final VariableTable vars;
    final TestSource source;
    final CompiledStateModel model;
    final StateTracker tracker;
    final List<StateChange> events = new ArrayList<>();
    private final int[] changed;

    Rig(StateModel model, String... variables) {
        this.vars = VariableTable.of(variables);
        this.source = new TestSource(vars.size());
        try {
            this.model = model.compile(vars);
        } catch (InvalidStateModelException e) {
            throw new AssertionError(e.problems().toString(), e);
        }
        this.tracker = new StateTracker(this.model, source, events::add, 0);
        this.changed = new int[vars.size()];
    }

    /** Sets "name", value, "name", value … at {@code t} and reports them to the tracker as one update. */
    Rig update(long t, Object... nameValue) {
        int count = 0;
        for (int i = 0; i < nameValue.length; i += 2) {
            int v = vars.indexOf((String) nameValue[i]);
            if (v < 0) {
                throw new IllegalArgumentException((String) nameValue[i]);
            }
            source.set(v, ((Number) nameValue[i + 1]).doubleValue(), t);
            changed[count++] = v;
        }
        tracker.onVariablesUpdated(changed, count, t);
        return this;
    }

    String state() {
        return tracker.current().name();
    }

    /** "from→to" for every event so far. */
    List<String> path() {
        return events.stream().map(e -> e.from().name() + "→" + e.to().name()).toList();
    }

    StateChange last() {
        return events.getLast();
    }
}
