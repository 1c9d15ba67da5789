package io.statewall.asma.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The push records of the orchestration: which version went to which NMA, and what each answered. */
public final class Pushes {
    /** One NMA's part of a push. */
    public record Target(String nma, Integer version, Integer previous, String status, String detail) {}

    /** A push, with its NMAs (empty in lists). */
    public record Push(long id, long atMicros, String actor, String kind, Integer version, Long rollbackOf,
                       List<Target> targets) {}

    private final Store store;

    public Pushes(Store store) {
        this.store = store;
    }

    /** Stores a push and its NMAs' answers; call inside {@link Store#write}. @return its id */
    public static long add(Connection c, String actor, String kind, Integer version, Long rollbackOf, List<Target> targets)
            throws SQLException {
        long id;
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO push(at, actor, kind, version, rollback_of) VALUES (?,?,?,?,?) RETURNING id")) {
            p.setLong(1, System.currentTimeMillis() * 1_000);
            p.setString(2, actor);
            p.setString(3, kind);
            intOrNull(p, 4, version);
            if (rollbackOf == null) {
                p.setNull(5, Types.INTEGER);
            } else {
                p.setLong(5, rollbackOf);
            }
            try (ResultSet r = p.executeQuery()) {
                r.next();
                id = r.getLong(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO push_nma(push_id, nma, version, previous, status, detail) VALUES (?,?,?,?,?,?)")) {
            for (Target t : targets) {
                p.setLong(1, id);
                p.setString(2, t.nma());
                intOrNull(p, 3, t.version());
                intOrNull(p, 4, t.previous());
                p.setString(5, t.status());
                p.setString(6, t.detail());
                p.executeUpdate();
            }
        }
        return id;
    }

    /** Newest first, without their NMAs. */
    public List<Push> list(int limit) {
        return store.read(c -> {
            List<Push> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, at, actor, kind, version, rollback_of FROM push ORDER BY id DESC LIMIT ?")) {
                p.setInt(1, limit);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(push(r, List.of()));
                    }
                }
            }
            return out;
        });
    }

    public Optional<Push> get(long id) {
        return store.read(c -> {
            List<Target> targets = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT nma, version, previous, status, detail FROM push_nma WHERE push_id = ? ORDER BY nma")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        targets.add(new Target(r.getString(1), integer(r, 2), integer(r, 3), r.getString(4), r.getString(5)));
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, at, actor, kind, version, rollback_of FROM push WHERE id = ?")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(push(r, targets)) : Optional.<Push>empty();
                }
            }
        });
    }

    /** The version of {@code kind} the last successful push put in force on {@code nma}, if any. */
    public Optional<Integer> lastInForce(String nma, String kind) {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT t.version FROM push_nma t JOIN push p ON p.id = t.push_id"
                    + " WHERE t.nma = ? AND p.kind = ? AND t.status = 'ok' AND t.version IS NOT NULL"
                    + " ORDER BY t.push_id DESC LIMIT 1")) {
                p.setString(1, nma);
                p.setString(2, kind);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(r.getInt(1)) : Optional.<Integer>empty();
                }
            }
        });
    }

    private static Push push(ResultSet r, List<Target> targets) throws SQLException {
        long rb = r.getLong(6);
        Long rollbackOf = r.wasNull() ? null : rb;
        return new Push(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), integer(r, 5), rollbackOf, targets);
    }

    private static Integer integer(ResultSet r, int i) throws SQLException {
        int v = r.getInt(i);
        return r.wasNull() ? null : v;
    }

    private static void intOrNull(PreparedStatement p, int i, Integer v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.INTEGER);
        } else {
            p.setInt(i, v);
        }
    }
}
