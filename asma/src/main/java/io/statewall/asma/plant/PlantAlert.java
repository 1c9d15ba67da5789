package io.statewall.asma.plant;

import java.util.List;
import java.util.Objects;

/**
 * An alert the ASMA raises itself, from what no single NMA can see: a cross-check violated, a
 * campaign across NMAs, an NMA enforcing another state than the plant's. Rendered as an EVE
 * {@code alert} record in the same shape as the NMAs' ({@link PlantEve}), so one pipeline takes
 * both.
 *
 * @param detector  {@code cross-check}, {@code correlation} or {@code state-disagreement}
 * @param rule      the cross-check's or correlation's id, or the NMA for a disagreement
 * @param state     the plant state in force when it was raised
 * @param nmas      the NMAs concerned
 * @param eventIds  the stored NMA events it joins (correlations), else empty
 * @param srcIp     the source address concerned, or null
 */
public record PlantAlert(long timeNanos, String detector, String rule, String signature, int severity, String state,
                         List<String> attack, List<String> nmas, String expected, String seen, String note,
                         List<Long> eventIds, String srcIp) {
    public PlantAlert {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(rule, "rule");
        attack = List.copyOf(attack);
        nmas = List.copyOf(nmas);
        eventIds = List.copyOf(eventIds);
    }

    /** Suricata's {@code alert.category} of ASMA alerts. */
    public String category() {
        return switch (detector) {
            case "cross-check" -> "ICS process cross-check";
            case "correlation" -> "ICS multi-zone campaign";
            default -> "ICS operating-state anomaly";
        };
    }
}
