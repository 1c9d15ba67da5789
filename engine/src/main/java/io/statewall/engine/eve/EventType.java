package io.statewall.engine.eve;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** EVE record types Statewall writes; chosen per run like Suricata's eve-log {@code types}. */
public enum EventType {
    ALERT, STATE, ANOMALY, STATS, MODBUS;

    /** The {@code event_type} value. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a comma-separated list such as {@code alert,stats}.
     *
     * @throws IllegalArgumentException naming the first unknown type
     */
    public static Set<EventType> parseList(String list) {
        EnumSet<EventType> types = EnumSet.noneOf(EventType.class);
        for (String part : list.split(",")) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                types.add(valueOf(t.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown event type '" + t + "' (known: alert, state, anomaly, stats, modbus)");
            }
        }
        return types;
    }
}
