package io.statewall.asma.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** The process values NMAs reported: the latest of each point, and a point's history. */
public final class ProcessValues {
    private final Store store;

    public ProcessValues(Store store) {
        this.store = store;
    }

    public List<ProcessValue> latest(String nma) {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT l.point, l.ts, l.value, l.text FROM process_latest l"
                    + " JOIN nma n ON n.id = l.nma_id WHERE n.name = ? ORDER BY l.point")) {
                p.setString(1, nma);
                return rows(p);
            }
        });
    }

    /** Newest first. */
    public List<ProcessValue> history(String nma, String point, Long sinceMicros, Long untilMicros, int limit) {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT h.point, h.ts, h.value, h.text FROM process_history h"
                    + " JOIN nma n ON n.id = h.nma_id WHERE n.name = ? AND h.point = ? AND h.ts >= ? AND h.ts < ?"
                    + " ORDER BY h.ts DESC LIMIT ?")) {
                p.setString(1, nma);
                p.setString(2, point);
                p.setLong(3, sinceMicros == null ? Long.MIN_VALUE : sinceMicros);
                p.setLong(4, untilMicros == null ? Long.MAX_VALUE : untilMicros);
                p.setInt(5, limit);
                return rows(p);
            }
        });
    }

    private static List<ProcessValue> rows(PreparedStatement p) throws java.sql.SQLException {
        List<ProcessValue> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                double v = r.getDouble(3);
                Double value = r.wasNull() ? null : v;
                out.add(new ProcessValue(r.getString(1), r.getLong(2), value, r.getString(4)));
            }
        }
        return out;
    }
}
