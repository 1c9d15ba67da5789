package io.statewall.asma.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The NMAs the store knows. */
public final class Nmas {
    private static final String SELECT = "SELECT name, first_seen, last_seen, last_address, last_seq, state, declared_by,"
            + " policy_version, baseline_version, uptime_s, spool_dropped, counters, heartbeat_at FROM nma";

    private final Store store;

    public Nmas(Store store) {
        this.store = store;
    }

    public List<NmaRecord> list() {
        return store.read(c -> query(c, SELECT + " ORDER BY name", null));
    }

    public Optional<NmaRecord> get(String name) {
        return store.read(c -> query(c, SELECT + " WHERE name = ?", name)).stream().findFirst();
    }

    private static List<NmaRecord> query(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            if (name != null) {
                p.setString(1, name);
            }
            List<NmaRecord> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new NmaRecord(r.getString(1), r.getLong(2), r.getLong(3), r.getString(4), r.getLong(5),
                            r.getString(6), r.getString(7), r.getString(8), r.getString(9), longOrNull(r, 10),
                            longOrNull(r, 11), r.getString(12), longOrNull(r, 13)));
                }
            }
            return out;
        }
    }

    static Long longOrNull(ResultSet r, int i) throws SQLException {
        long v = r.getLong(i);
        return r.wasNull() ? null : v;
    }
}
