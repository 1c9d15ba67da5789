package io.statewall.engine.baseline;

import java.util.List;

/**
 * Every way traffic can depart from its baseline: the detector that finds it (the alert's
 * {@code statewall.detector}), the check (its {@code statewall.rule}), what it means, and the
 * MITRE ATT&amp;CK for ICS techniques it points at, for reads and for writes where they differ.
 */
public enum Check {
    NEW_CHANNEL("new-channel", "new-channel", 2,
            "Baseline: a client talked to a server and unit it never talked to in this state",
            List.of("T0848"), List.of("T0848", "T0855")),
    NEW_FUNCTION("new-function", "new-function", 2,
            "Baseline: a function code never used on this channel in this state",
            List.of("T0855"), List.of("T0855")),
    NEW_DATA_AREA("new-data-area", "new-data-area", 2,
            "Baseline: a data area never addressed on this channel in this state",
            List.of("T0861", "T0801"), List.of("T0855", "T0836")),
    NEW_ADDRESS("new-address", "new-address", 2,
            "Baseline: addresses outside those this channel used with this function in this state",
            List.of("T0861"), List.of("T0836", "T0855")),
    VALUE_RANGE("value-envelope", "range", 2,
            "Baseline: a reported value outside its learned range",
            List.of("T0856", "T0832"), List.of("T0856", "T0832")),
    VALUE_RATE("value-envelope", "rate", 2,
            "Baseline: a reported value changed faster than it ever did",
            List.of("T0856", "T0832"), List.of("T0856", "T0832")),
    VALUE_SET("value-envelope", "value-set", 2,
            "Baseline: a discrete point reported a value it never had",
            List.of("T0856", "T0832"), List.of("T0856", "T0832")),
    PERIOD_EARLY("timing", "period-early", 3,
            "Baseline: a periodic request came sooner than its learned period (extra request or faster cycle)",
            List.of("T0830"), List.of("T0830", "T0855")),
    PERIOD_LATE("timing", "period-late", 3,
            "Baseline: a periodic request came later than its learned period (missing request or slower cycle)",
            List.of("T0804", "T0815"), List.of("T0804", "T0815")),
    RESPONSE_TIME("timing", "response-time", 3,
            "Baseline: an answer slower than any learned",
            List.of("T0830"), List.of("T0830")),
    CYCLE_POSITION("timing", "cycle-position", 2,
            "Baseline: a command at a point of the scan cycle where it was never sent",
            List.of("T0855", "T0830"), List.of("T0855", "T0830")),
    ORDER("sequence", "order", 3,
            "Baseline: a request out of the learned order of its channel's scan cycle",
            List.of("T0830"), List.of("T0830", "T0855")),
    UNKNOWN_REQUEST("sequence", "unknown-request", 3,
            "Baseline: a request that is not part of its channel's learned scan cycle",
            List.of("T0861"), List.of("T0855")),
    COMMAND_VALUE("implausible-command", "value", 1,
            "Baseline: a commanded value never learned for this point in this state",
            List.of("T0836", "T0831"), List.of("T0836", "T0831")),
    COMMAND_MOVE("implausible-command", "move", 1,
            "Baseline: a command moves its point further from its value than any learned command did",
            List.of("T0836", "T0831"), List.of("T0836", "T0831"));

    private final String detector;
    private final String rule;
    private final int severity;
    private final String signature;
    private final List<String> attackOnRead;
    private final List<String> attackOnWrite;

    Check(String detector, String rule, int severity, String signature, List<String> attackOnRead,
          List<String> attackOnWrite) {
        this.detector = detector;
        this.rule = rule;
        this.severity = severity;
        this.signature = signature;
        this.attackOnRead = attackOnRead;
        this.attackOnWrite = attackOnWrite;
    }

    /**
     * Whether a request with this deviation is blocked in a state whose action is {@code block}.
     * What a request reaches (a new client, function, area or address) and what a command does
     * (its value, its move, its place in the cycle) block. A read that is only early, late or out
     * of order is alerted, never blocked: that is far more often the network or the HMI than an
     * attack, and a refused poll blinds the operator. A write with the same deviation blocks —
     * a command retimed or slipped between polls is what malware that watched the plant does.
     * Deviations of answers never block: the request went long before.
     */
    public boolean blocks(boolean write) {
        return switch (this) {
            case NEW_CHANNEL, NEW_FUNCTION, NEW_DATA_AREA, NEW_ADDRESS, CYCLE_POSITION, COMMAND_VALUE, COMMAND_MOVE -> true;
            case PERIOD_EARLY, PERIOD_LATE, ORDER, UNKNOWN_REQUEST -> write;
            case VALUE_RANGE, VALUE_RATE, VALUE_SET, RESPONSE_TIME -> false;
        };
    }

    /** The alert's {@code statewall.detector}. */
    public String detector() {
        return detector;
    }

    /** The alert's {@code statewall.rule}: which check of the detector. */
    public String rule() {
        return rule;
    }

    public int severity() {
        return severity;
    }

    public String signature() {
        return signature;
    }

    /** ATT&amp;CK for ICS technique ids, for a message that reads or one that writes. */
    public List<String> attack(boolean write) {
        return write ? attackOnWrite : attackOnRead;
    }
}
