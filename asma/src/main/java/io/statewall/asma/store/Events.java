package io.statewall.asma.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Queries over stored events and alerts, and acknowledging an alert. */
public final class Events {
    private static final String COLUMNS = "e.id, n.name, e.ts, e.event_type, e.flow_id, e.json, a.acked_by, a.acked_at,"
            + " a.comment, e.codec FROM event e JOIN nma n ON n.id = e.nma_id LEFT JOIN alert_ack a ON a.event_id = e.id";

    private final Store store;

    public Events(Store store) {
        this.store = store;
    }

    /** A page of the events {@code f} selects, newest first. */
    public EventPage page(EventFilter f) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.sinceMicros() != null) {
            sql.append(" AND e.ts >= ?");
            args.add(f.sinceMicros());
        }
        if (f.untilMicros() != null) {
            sql.append(" AND e.ts < ?");
            args.add(f.untilMicros());
        }
        in(sql, args, "n.name", f.nmas());
        in(sql, args, "e.event_type", f.types());
        in(sql, args, "e.severity", f.severities());
        in(sql, args, "e.state", f.states());
        in(sql, args, "e.rule", f.rules());
        in(sql, args, "e.detector", f.detectors());
        in(sql, args, "e.src_ip", f.srcIps());
        in(sql, args, "e.dest_ip", f.destIps());
        in(sql, args, "e.action", f.actions());
        if (f.ip() != null) {
            sql.append(" AND (e.src_ip = ? OR e.dest_ip = ?)");
            args.add(f.ip());
            args.add(f.ip());
        }
        if (!f.techniques().isEmpty()) {
            sql.append(" AND e.id IN (SELECT event_id FROM event_attack WHERE technique IN (")
                    .append("?,".repeat(f.techniques().size() - 1)).append("?))");
            args.addAll(f.techniques());
        }
        if (f.acknowledged() != null) {
            sql.append(f.acknowledged() ? " AND a.event_id IS NOT NULL" : " AND a.event_id IS NULL");
        }
        if (f.before() != null) {
            sql.append(" AND e.id < ?");
            args.add(f.before());
        }
        sql.append(" ORDER BY e.id DESC LIMIT ?");
        args.add(f.limit() + 1);
        List<StoredEvent> rows = store.read(c -> query(c, sql.toString(), args));
        Long next = null;
        if (rows.size() > f.limit()) {
            rows = rows.subList(0, f.limit());
            next = rows.getLast().id();
        }
        return new EventPage(List.copyOf(rows), next);
    }

    public Optional<StoredEvent> get(long id) {
        List<StoredEvent> rows = store.read(c -> query(c, "SELECT " + COLUMNS + " WHERE e.id = ?", List.of(id)));
        return rows.stream().findFirst();
    }

    /**
     * Up to {@code each} events of the same NMA and flow before and after {@code event}, oldest
     * first, without it: the conversation around an alert.
     */
    public List<StoredEvent> neighbours(StoredEvent event, int each) {
        if (event.flowId() == null) {
            return List.of();
        }
        return store.read(c -> {
            String base = "SELECT " + COLUMNS + " WHERE e.flow_id = ? AND n.name = ? AND e.id ";
            List<StoredEvent> before = query(c, base + "< ? ORDER BY e.id DESC LIMIT ?",
                    List.of(event.flowId(), event.nma(), event.id(), each));
            List<StoredEvent> after = query(c, base + "> ? ORDER BY e.id ASC LIMIT ?",
                    List.of(event.flowId(), event.nma(), event.id(), each));
            List<StoredEvent> all = new ArrayList<>(before.reversed());
            all.addAll(after);
            return all;
        });
    }

    /**
     * The newest {@code limit} alerts stored after alert id {@code afterId}, oldest first (what
     * the live feed sends on), and how many there are in all.
     */
    public record NewAlerts(List<StoredEvent> items, long total) {
    }

    public NewAlerts alertsAfter(long afterId, int limit) {
        return store.read(c -> {
            List<StoredEvent> rows = query(c, "SELECT " + COLUMNS + " WHERE e.event_type = 'alert' AND e.id > ?"
                    + " ORDER BY e.id DESC LIMIT ?", List.of(afterId, limit));
            long total = rows.size();
            if (rows.size() == limit) {
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT count(*) FROM event WHERE event_type = 'alert' AND id > ?")) {
                    p.setLong(1, afterId);
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        total = r.getLong(1);
                    }
                }
            }
            return new NewAlerts(List.copyOf(rows.reversed()), total);
        });
    }

    /** The highest event id stored (0 when none). */
    public long maxId() {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT coalesce(max(id), 0) FROM event");
                 ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /**
     * Counts of the stored alerts: all, not acknowledged, at or after {@code recentMicros}, and
     * by severity ({@code bySeverity[s]} for s 1 … 4).
     */
    public record AlertCounts(long total, long unacknowledged, long recent, long[] bySeverity) {
    }

    public AlertCounts alertCounts(long recentMicros) {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT count(*), coalesce(sum(a.event_id IS NULL), 0),"
                    + " coalesce(sum(e.ts >= ?), 0), coalesce(sum(e.severity = 1), 0), coalesce(sum(e.severity = 2), 0),"
                    + " coalesce(sum(e.severity = 3), 0), coalesce(sum(e.severity = 4), 0)"
                    + " FROM event e LEFT JOIN alert_ack a ON a.event_id = e.id WHERE e.event_type = 'alert'")) {
                p.setLong(1, recentMicros);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return new AlertCounts(r.getLong(1), r.getLong(2), r.getLong(3),
                            new long[] {0, r.getLong(4), r.getLong(5), r.getLong(6), r.getLong(7)});
                }
            }
        });
    }

    /** The outcome of acknowledging an alert. */
    public enum AckOutcome { ACKNOWLEDGED, ALREADY, NOT_AN_ALERT, NOT_FOUND }

    /** Acknowledges alert {@code id}; runs on the writer (call from inside {@link Store#write}). */
    public static AckOutcome acknowledge(Connection c, long id, String by, String comment) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT e.event_type, a.event_id FROM event e"
                + " LEFT JOIN alert_ack a ON a.event_id = e.id WHERE e.id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return AckOutcome.NOT_FOUND;
                }
                if (!"alert".equals(r.getString(1))) {
                    return AckOutcome.NOT_AN_ALERT;
                }
                if (r.getObject(2) != null) {
                    return AckOutcome.ALREADY;
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO alert_ack(event_id, acked_by, acked_at, comment) VALUES (?, ?, ?, ?)")) {
            p.setLong(1, id);
            p.setString(2, by);
            p.setLong(3, System.currentTimeMillis() * 1_000);
            p.setString(4, comment);
            p.executeUpdate();
        }
        return AckOutcome.ACKNOWLEDGED;
    }

    private static void in(StringBuilder sql, List<Object> args, String column, List<?> values) {
        if (values.isEmpty()) {
            return;
        }
        sql.append(" AND ").append(column).append(" IN (").append("?,".repeat(values.size() - 1)).append("?)");
        args.addAll(values);
    }

    private static List<StoredEvent> query(Connection c, String sql, List<?> args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                p.setObject(i + 1, args.get(i));
            }
            List<StoredEvent> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long flow = r.getLong(5);
                    Long flowId = r.wasNull() ? null : flow;
                    long acked = r.getLong(8);
                    Long ackedAt = r.wasNull() ? null : acked;
                    out.add(new StoredEvent(r.getLong(1), r.getString(2), r.getLong(3), r.getString(4), flowId,
                            EveCodec.decode(r.getInt(10), r.getBytes(6)), r.getString(7), ackedAt, r.getString(9)));
                }
            }
            return out;
        }
    }
}
