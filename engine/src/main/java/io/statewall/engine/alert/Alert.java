package io.statewall.engine.alert;

import java.util.List;
import java.util.Objects;

/**
 * Why a message was alerted on or blocked: what operators and SIEMs see in the EVE
 * {@code alert} record's {@code alert} and {@code statewall} objects.
 *
 * @param blocked   the verdict stopped (or, offline, would have stopped) the message
 * @param signature the rule's message (or a detector's description)
 * @param category  Suricata's {@code category}: the kind of event, e.g. "ICS policy violation"
 * @param severity  1 (high) … 4 (low)
 * @param state     the operating state in force
 * @param rule      the rule id, or {@code default} for a ruleset's default action
 * @param detector  {@code policy}, {@code state-model}, …
 * @param attack    MITRE ATT&CK for ICS technique ids
 * @param note      what was expected and what was seen, for the operator; may be null
 * @param expected  what a detector expected, in words and numbers; null when it has nothing to say
 * @param seen      what it saw instead; null likewise
 * @param count     how many times the deviation was seen: 1 for a first alert, more for a summary
 *                  of repeats (one deviation every scan cycle is one alert and a count, not a flood)
 */
public record Alert(boolean blocked, String signature, String category, int severity, String state, String rule,
                    String detector, List<String> attack, String note, String expected, String seen, long count) {
    /** An alert without expected/seen, seen once: what policy rules raise. */
    public Alert(boolean blocked, String signature, String category, int severity, String state, String rule,
                 String detector, List<String> attack, String note) {
        this(blocked, signature, category, severity, state, rule, detector, attack, note, null, null, 1);
    }

    public Alert {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(detector, "detector");
        attack = List.copyOf(attack);
        if (count < 1) {
            throw new IllegalArgumentException("count " + count + " below 1");
        }
        if (severity < 1 || severity > 4) {
            throw new IllegalArgumentException("severity " + severity + " outside 1..4");
        }
    }

    /**
     * Suricata's numeric {@code signature_id}: stable for a rule id across policy edits
     * (a 31-bit hash, offset into a range of its own so it does not collide with common
     * Suricata rule sets' sids below 10^9).
     */
    public long signatureId() {
        return 1_000_000_000L + ((detector + ":" + rule).hashCode() & 0x3FFF_FFFFL);
    }
}
