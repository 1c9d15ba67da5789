package io.statewall.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * What the NMA reported during the run (its EVE alerts and state changes), and whose each alert
 * is: an attack's (by the attacker's connections, or a spoof's time window in the state model),
 * or legitimate traffic's, which is a false alert. Fed by {@link EveFeed}; read by the display
 * and the report from other threads.
 */
final class Ledger implements Consumer<JsonNode> {
    /** A state record: {@code from → to}, how, and whether the model allows it. */
    record StateSeen(double epochMillis, String from, String to, String origin, boolean allowed, String cause) {
    }

    private final List<AlertSeen> alerts = new ArrayList<>();
    private final List<StateSeen> states = new ArrayList<>();
    private final List<AttackRecord> attacks = new ArrayList<>();
    private Consumer<StateSeen> onState = s -> { };
    private long blocked;

    void onStateChange(Consumer<StateSeen> listener) {
        this.onState = listener;
    }

    @Override
    public void accept(JsonNode record) {
        switch (record.path("event_type").asString("")) {
            case "alert" -> {
                AlertSeen a = AlertSeen.of(record);
                synchronized (this) {
                    alerts.add(a);
                    if (a.blocked()) {
                        blocked++;
                    }
                }
            }
            case "state" -> {
                JsonNode s = record.path("state");
                StateSeen seen = new StateSeen(AlertSeen.epochMillis(record.path("timestamp").asString()),
                        s.path("from").asString(""), s.path("to").asString(""), s.path("origin").asString(""),
                        s.path("allowed").asBoolean(true), s.path("cause").asString(null));
                synchronized (this) {
                    states.add(seen);
                }
                onState.accept(seen);
            }
            default -> {
                // modbus, stats, anomaly: the demo counts from the NMA's own counters
            }
        }
    }

    synchronized void attackDone(AttackRecord a) {
        attacks.add(a);
    }

    synchronized List<AttackRecord> attacks() {
        return List.copyOf(attacks);
    }

    /** The alerts an attack caused, in order. */
    synchronized List<AlertSeen> alertsOf(AttackRecord attack) {
        List<AlertSeen> out = new ArrayList<>();
        for (AlertSeen a : alerts) {
            if (attack.covers(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Alerts no finished attack explains, among those before {@code untilMillis}: false alerts on
     * legitimate traffic, unless an attack still running turns out to own them.
     */
    synchronized List<AlertSeen> unexplained(double untilMillis) {
        List<AlertSeen> out = new ArrayList<>();
        for (AlertSeen a : alerts) {
            if (a.epochMillis() > untilMillis) {
                continue;
            }
            boolean explained = false;
            for (AttackRecord k : attacks) {
                if (k.covers(a)) {
                    explained = true;
                    break;
                }
            }
            if (!explained) {
                out.add(a);
            }
        }
        return out;
    }

    synchronized int alertCount() {
        return alerts.size();
    }

    synchronized long blockedCount() {
        return blocked;
    }

    synchronized List<StateSeen> states() {
        return List.copyOf(states);
    }
}
