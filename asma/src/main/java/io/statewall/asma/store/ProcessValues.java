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

    /** The latest value of every point of every NMA, by NMA then point. */
    public java.util.Map<String, List<ProcessValue>> latestAll() {
        return store.read(c -> {
            java.util.Map<String, List<ProcessValue>> out = new java.util.TreeMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT n.name, l.point, l.ts, l.value, l.text"
                    + " FROM process_latest l JOIN nma n ON n.id = l.nma_id ORDER BY n.name, l.point");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    double v = r.getDouble(4);
                    Double value = r.wasNull() ? null : v;
                    out.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                            .add(new ProcessValue(r.getString(2), r.getLong(3), value, r.getString(5)));
                }
            }
            return out;
        });
    }

    /**
     * A point's numeric values from {@code sinceMicros} to before {@code untilMicros}, oldest
     * first, as {@code [epoch millis, value]}: every value when there are at most
     * {@code maxPoints}, else the mean time and mean value of each of {@code maxPoints} equal
     * time buckets that hold any (booleans are stored as 0/1, text values are left out).
     */
    public List<double[]> series(String nma, String point, long sinceMicros, long untilMicros, int maxPoints) {
        return store.read(c -> {
            String where = " FROM process_history h JOIN nma n ON n.id = h.nma_id WHERE n.name = ? AND h.point = ?"
                    + " AND h.ts >= ? AND h.ts < ? AND h.value IS NOT NULL";
            long count;
            try (PreparedStatement p = c.prepareStatement("SELECT count(*)" + where)) {
                bind(p, nma, point, sinceMicros, untilMicros);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    count = r.getLong(1);
                }
            }
            List<double[]> out = new ArrayList<>();
            if (count <= maxPoints) {
                try (PreparedStatement p = c.prepareStatement("SELECT h.ts, h.value" + where + " ORDER BY h.ts")) {
                    bind(p, nma, point, sinceMicros, untilMicros);
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            out.add(new double[] {Math.floorDiv(r.getLong(1), 1_000L), r.getDouble(2)});
                        }
                    }
                }
                return out;
            }
            long width = Math.max(1, Math.ceilDiv(untilMicros - sinceMicros, maxPoints));
            try (PreparedStatement p = c.prepareStatement("SELECT (h.ts - ?) / ? AS b, avg(h.ts), avg(h.value)" + where
                    + " GROUP BY b ORDER BY b")) {
                p.setLong(1, sinceMicros);
                p.setLong(2, width);
                p.setString(3, nma);
                p.setString(4, point);
                p.setLong(5, sinceMicros);
                p.setLong(6, untilMicros);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new double[] {Math.floor(r.getDouble(2) / 1_000), r.getDouble(3)});
                    }
                }
            }
            return out;
        });
    }

    private static void bind(PreparedStatement p, String nma, String point, long since, long until)
            throws java.sql.SQLException {
        p.setString(1, nma);
        p.setString(2, point);
        p.setLong(3, since);
        p.setLong(4, until);
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

    /**
     * Deletes the history older than {@code beforeMicros}; call inside {@link Store#write}. Point
     * by point, through the (nma, point, ts) index, rather than one scan of the whole table; the
     * latest value of every point stays in {@code process_latest}.
     *
     * @return the rows deleted
     */
    static long prune(java.sql.Connection c, long beforeMicros) throws java.sql.SQLException {
        List<Object[]> points = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT nma_id, point FROM process_latest");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                points.add(new Object[] {r.getLong(1), r.getString(2)});
            }
        }
        long deleted = 0;
        try (PreparedStatement d = c.prepareStatement(
                "DELETE FROM process_history WHERE nma_id = ? AND point = ? AND ts < ?")) {
            for (Object[] point : points) {
                d.setLong(1, (Long) point[0]);
                d.setString(2, (String) point[1]);
                d.setLong(3, beforeMicros);
                deleted += d.executeUpdate();
            }
        }
        return deleted;
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
