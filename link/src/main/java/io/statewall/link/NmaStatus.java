package io.statewall.link;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an NMA reports in every heartbeat: the operating state it enforces and why, the versions
 * of the rules in force, its counters, and the plant model's variables (the PROCESS record).
 *
 * @param state           the operating state in force
 * @param declaredBy      who declared it, or null when it is inferred from the process
 * @param observedState   what the process says (the plant model's conditions), declared state or
 *                        not: what an ASMA fuses, never its own push coming back
 * @param policyVersion   the policy in force
 * @param baselineVersion the baseline in force, or null without one
 * @param counters        the NMA's own counters (requests, blocked …), by name
 * @param points          the plant model's variables and their current values (null: not seen yet)
 */
public record NmaStatus(String state, String declaredBy, String observedState, String policyVersion,
                        String baselineVersion, Map<String, Long> counters, Map<String, Double> points) {
    public NmaStatus {
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        points = Collections.unmodifiableMap(new LinkedHashMap<>(points));
    }

    /** A status whose process says what it enforces (nothing declared). */
    public NmaStatus(String state, String declaredBy, String policyVersion, String baselineVersion,
                     Map<String, Long> counters, Map<String, Double> points) {
        this(state, declaredBy, state, policyVersion, baselineVersion, counters, points);
    }

    /** Before the NMA can say anything more. */
    public static final NmaStatus UNKNOWN = new NmaStatus("unknown", null, "unknown", "unknown", null, Map.of(), Map.of());
}
