package io.statewall.engine.state;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A plant's operating-state model, as configured. {@link #compile} validates it against the
 * variables that exist and produces what the {@link StateTracker} runs.
 *
 * @param states         the states; names unique
 * @param transitions    allowed transitions, state → states it may go to next. Empty means every
 *                       transition is allowed; otherwise a transition that is not listed (a state
 *                       absent from the keys may go nowhere) is still taken when the conditions
 *                       say so, but reported as forbidden. Transitions into and out of the stale
 *                       fallback state are always allowed: they are about what the sensor knows,
 *                       not about the plant.
 * @param initial        the state before any evaluation; default {@value #UNKNOWN}
 * @param staleFallback  entered when the current state's condition can no longer be decided
 *                       because a variable it reads is unknown or older than its max age;
 *                       default {@value #UNKNOWN}
 * @param maxAge         per-variable maximum age of a value before it counts as unknown
 * @param defaultMaxAge  maximum age of variables absent from {@code maxAge}; null: never stale
 *
 * <p>A state named by {@code initial} or {@code staleFallback} that is not in {@code states} is
 * added as a condition-less state with the lowest priority; this only works for the name
 * {@value #UNKNOWN}, any other missing name is an error.
 */
public record StateModel(List<StateDef> states, Map<String, Set<String>> transitions, String initial,
                         String staleFallback, Map<String, Duration> maxAge, Duration defaultMaxAge) {

    public static final String UNKNOWN = "unknown";

    public StateModel {
        states = List.copyOf(Objects.requireNonNull(states, "states"));
        if (transitions == null) {
            transitions = Map.of();
        } else {
            Map<String, Set<String>> copy = new LinkedHashMap<>();
            transitions.forEach((k, v) -> copy.put(k, v == null ? Set.of() : Set.copyOf(v)));
            transitions = java.util.Collections.unmodifiableMap(copy);
        }
        initial = initial == null ? UNKNOWN : initial;
        staleFallback = staleFallback == null ? UNKNOWN : staleFallback;
        maxAge = maxAge == null ? Map.of() : Map.copyOf(maxAge);
    }

    /** States and transitions; everything else defaulted. */
    public StateModel(List<StateDef> states, Map<String, Set<String>> transitions) {
        this(states, transitions, null, null, null, null);
    }

    public StateModel withInitial(String initial) {
        return new StateModel(states, transitions, initial, staleFallback, maxAge, defaultMaxAge);
    }

    public StateModel withStaleFallback(String staleFallback) {
        return new StateModel(states, transitions, initial, staleFallback, maxAge, defaultMaxAge);
    }

    public StateModel withMaxAge(Map<String, Duration> maxAge, Duration defaultMaxAge) {
        return new StateModel(states, transitions, initial, staleFallback, maxAge, defaultMaxAge);
    }

    /**
     * Checks the whole model and compiles its conditions.
     *
     * @throws InvalidStateModelException listing every problem found, one per line
     */
    public CompiledStateModel compile(VariableTable variables) throws InvalidStateModelException {
        return CompiledStateModel.compile(this, variables);
    }
}
