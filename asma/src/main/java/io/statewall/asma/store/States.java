package io.statewall.asma.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Operating-state history: per NMA, and plant-wide. Newest first. */
public final class States {
    private final Store store;

    public States(Store store) {
        this.store = store;
    }

    public List<StateRecord> nmaHistory(String nma, Long sinceMicros, Long untilMicros, int limit) {
        String sql = "SELECT s.id, n.name, s.ts, s.from_state, s.to_state, s.origin, s.allowed, s.declared_by, NULL"
                + " FROM nma_state s JOIN nma n ON n.id = s.nma_id WHERE n.name = ?" + range("s.ts", sinceMicros, untilMicros)
                + " ORDER BY s.ts DESC, s.id DESC LIMIT ?";
        return store.read(c -> query(c, sql, nma, sinceMicros, untilMicros, limit));
    }

    public List<StateRecord> plantHistory(Long sinceMicros, Long untilMicros, int limit) {
        String sql = "SELECT id, NULL, ts, NULL, state, origin, NULL, declared_by, detail FROM plant_state WHERE 1 = 1"
                + range("ts", sinceMicros, untilMicros) + " ORDER BY ts DESC, id DESC LIMIT ?";
        return store.read(c -> query(c, sql, null, sinceMicros, untilMicros, limit));
    }

    /** Plant-wide states recorded after id {@code afterId}, oldest first (the live feed's new rows). */
    public List<StateRecord> plantAfter(long afterId, int limit) {
        String sql = "SELECT id, NULL, ts, NULL, state, origin, NULL, declared_by, detail FROM plant_state"
                + " WHERE id > ? ORDER BY id LIMIT ?";
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, afterId);
                p.setInt(2, limit);
                List<StateRecord> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new StateRecord(r.getLong(1), null, r.getLong(3), null, r.getString(5), r.getString(6),
                                null, r.getString(8), r.getString(9)));
                    }
                }
                return out;
            }
        });
    }

    /** The id of the last plant-wide state recorded (0 when none). */
    public long lastPlantId() {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT coalesce(max(id), 0) FROM plant_state");
                 ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /** Records a plant-wide state (the fusion, or an operator's declaration); call inside {@link Store#write}. */
    public static long appendPlant(Connection c, long tsMicros, String state, String origin, String declaredBy,
                                   String detail) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO plant_state(ts, state, origin, declared_by, detail) VALUES (?,?,?,?,?) RETURNING id")) {
            p.setLong(1, tsMicros);
            p.setString(2, state);
            p.setString(3, origin);
            p.setString(4, declaredBy);
            p.setString(5, detail);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static String range(String column, Long since, Long until) {
        return (since != null ? " AND " + column + " >= ?" : "") + (until != null ? " AND " + column + " < ?" : "");
    }

    private static List<StateRecord> query(Connection c, String sql, String nma, Long since, Long until, int limit)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            if (nma != null) {
                p.setString(i++, nma);
            }
            if (since != null) {
                p.setLong(i++, since);
            }
            if (until != null) {
                p.setLong(i++, until);
            }
            p.setInt(i, limit);
            List<StateRecord> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    int allowed = r.getInt(7);
                    Boolean a = r.wasNull() ? null : allowed != 0;
                    out.add(new StateRecord(r.getLong(1), r.getString(2), r.getLong(3), r.getString(4), r.getString(5),
                            r.getString(6), a, r.getString(8), r.getString(9)));
                }
            }
            return out;
        }
    }
}
