package io.statewall.engine.state;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One operating state of a {@link StateModel}.
 *
 * @param name           the state's name ({@code normal}, {@code start-up}, {@code trip} …)
 * @param condition      entry condition in the {@link ConditionParser} language; {@code null} or
 *                       blank for a state that is only ever declared (maintenance) or fallen
 *                       back to ({@code unknown})
 * @param priority       when several conditions hold, the highest priority wins; equal
 *                       priorities go to the state declared first
 * @param deadband       hysteresis: while this state is current, its condition is evaluated with
 *                       each threshold moved towards "still true" by the deadband of the
 *                       compared quantity, keyed by variable name or {@code rate(name)}, in that
 *                       quantity's units. So {@code drum_pressure > 120} with
 *                       {@code drum_pressure: 3} is entered above 120 and left only at or below
 *                       117: noise of less than ±1.5 around a threshold never flaps. Quantities
 *                       absent from the map have no deadband.
 * @param minDwell       minimum time in the state before a condition may take the tracker out of
 *                       it (a declaration, a stale fallback or a state with
 *                       {@code overridesDwell} still may)
 * @param overridesDwell entering this state ignores the dwell time of the current one (trip)
 */
public record StateDef(String name, String condition, int priority, Map<String, Double> deadband,
                       Duration minDwell, boolean overridesDwell) {

    public StateDef {
        Objects.requireNonNull(name, "name");
        deadband = deadband == null ? Map.of() : Map.copyOf(deadband);
        minDwell = minDwell == null ? Duration.ZERO : minDwell;
        condition = condition == null || condition.isBlank() ? null : condition;
    }

    /** A state with no deadband, no dwell time, not overriding dwell. */
    public static StateDef of(String name, String condition, int priority) {
        return new StateDef(name, condition, priority, Map.of(), Duration.ZERO, false);
    }

    public StateDef withDeadband(Map<String, Double> deadband) {
        return new StateDef(name, condition, priority, deadband, minDwell, overridesDwell);
    }

    public StateDef withMinDwell(Duration minDwell) {
        return new StateDef(name, condition, priority, deadband, minDwell, overridesDwell);
    }

    public StateDef overridingDwell() {
        return new StateDef(name, condition, priority, deadband, minDwell, true);
    }
}
