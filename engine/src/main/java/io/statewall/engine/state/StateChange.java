package io.statewall.engine.state;

import java.util.List;

/**
 * One switch of the operating state (an {@code event_type: state} record downstream).
 *
 * @param from       the state left (equal to {@code to} when a declaration or release confirms
 *                   the state already current: the event records who decided)
 * @param to         the state entered
 * @param origin     what made the switch
 * @param condition  the condition text that explains it: the entered state's condition for
 *                   {@link Origin#CONDITION} (and for {@link Origin#RELEASED} when one holds), the
 *                   left state's condition for {@link Origin#STALE}; null for declarations
 * @param readings   the values of the variables that condition reads, as they were at the switch
 * @param timeNanos  the tracker time of the switch
 * @param allowed    whether the model's transitions allow {@code from → to}; a forbidden
 *                   transition is still taken (the physics say so) and is an alert
 * @param declaredBy who declared or released the state (operator, ASMA …); null otherwise
 */
public record StateChange(OperatingState from, OperatingState to, Origin origin, String condition,
                          List<Reading> readings, long timeNanos, boolean allowed, String declaredBy) {

    public StateChange {
        readings = List.copyOf(readings);
    }

    public enum Origin {
        /** The entered state's condition holds (and won on priority, hysteresis and dwell). */
        CONDITION,
        /** The current state's condition became undecidable: unknown or stale variables. */
        STALE,
        /** Forced by {@link StateTracker#declare}. */
        DECLARED,
        /** {@link StateTracker#release}: back to what the conditions say. */
        RELEASED
    }

    /** Whether the switch came from outside (a declaration or its release) rather than from the process. */
    public boolean declared() {
        return origin == Origin.DECLARED || origin == Origin.RELEASED;
    }

    /**
     * A variable's value at the switch.
     *
     * @param variable name, or {@code rate(name)} for a rate
     * @param value    the last value (units, or units per second); NaN if never known
     * @param fresh    false when the value is unknown or older than its max age
     */
    public record Reading(String variable, double value, boolean fresh) {
    }
}
