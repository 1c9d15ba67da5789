package io.statewall.asma.export;

import io.statewall.asma.store.CommittedEvent;
import java.util.Set;

/**
 * Which events an export forwards: those whose type is listed; of alerts, only those of
 * Suricata severity {@code maxSeverity} or more urgent (1 is the most urgent; 3 passes all).
 */
public record ExportFilter(Set<String> types, int maxSeverity) {
    public static final ExportFilter ALERTS = new ExportFilter(Set.of("alert"), 3);

    public ExportFilter {
        types = Set.copyOf(types);
    }

    public boolean accepts(CommittedEvent e) {
        String type = e.digest().eventType;
        if (!types.contains(type)) {
            return false;
        }
        return !"alert".equals(type) || e.digest().severity < 0 || e.digest().severity <= maxSeverity;
    }
}
