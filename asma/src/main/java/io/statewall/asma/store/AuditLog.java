package io.statewall.asma.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The append-only, hash-chained audit log. Each row carries the previous row's hash and its own:
 * <pre>
 *   hash(n) = SHA-256( hash(n-1) ‖ field(id) ‖ field(at) ‖ field(actor) ‖ field(action) ‖ field(target)
 *                      ‖ field(outcome) ‖ field(detail) ‖ field(remote) )
 *   field(v) = decimal length of v's UTF-8 bytes, ':', the bytes   (null: "-")
 *   hash(0)  = 64 zeros
 * </pre>
 * so changing, removing or reordering any row breaks the chain from there on, which
 * {@link #verify()} finds. Rows are only ever inserted: the schema's triggers refuse UPDATE and
 * DELETE. What a chain cannot show by itself is rows cut off at the end; {@link Verification}
 * gives the head hash and row count to compare with a copy kept elsewhere.
 */
public final class AuditLog {
    static final String GENESIS = "0".repeat(64);

    private final Store store;

    public AuditLog(Store store) {
        this.store = store;
    }

    /** Appends a row; call inside {@link Store#write} (the writer is the only appender, so the chain is never forked). */
    public static AuditEntry append(Connection c, String actor, String action, String target, String outcome,
                                    String detail, String remote) throws SQLException {
        String prev = GENESIS;
        long id = 1;
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")) {
            if (r.next()) {
                id = r.getLong(1) + 1;
                prev = r.getString(2);
            }
        }
        long at = System.currentTimeMillis() * 1_000;
        String hash = hash(prev, id, at, actor, action, target, outcome, detail, remote);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO audit(id, at, actor, action, target, outcome, detail,"
                + " remote, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            p.setLong(1, id);
            p.setLong(2, at);
            p.setString(3, actor);
            p.setString(4, action);
            p.setString(5, target);
            p.setString(6, outcome);
            p.setString(7, detail);
            p.setString(8, remote);
            p.setString(9, prev);
            p.setString(10, hash);
            p.executeUpdate();
        }
        return new AuditEntry(id, at, actor, action, target, outcome, detail, remote, prev, hash);
    }

    /** Rows with id below {@code before} (all when null), newest first. */
    public List<AuditEntry> list(Long before, String actor, String action, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, target, outcome, detail, remote, prev_hash, hash"
                + " FROM audit WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        if (actor != null) {
            sql.append(" AND actor = ?");
            args.add(actor);
        }
        if (action != null) {
            sql.append(" AND action = ?");
            args.add(action);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    p.setObject(i + 1, args.get(i));
                }
                List<AuditEntry> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(row(r));
                    }
                }
                return out;
            }
        });
    }

    /**
     * The result of checking the chain: {@code ok}, the rows checked, the head (last) hash, and
     * for a broken chain the first row found wrong and why.
     */
    public record Verification(boolean ok, long rows, String headHash, Long firstBadId, String problem) {
    }

    /** Recomputes every row's hash, in order. */
    public Verification verify() {
        return store.read(c -> {
            String prev = GENESIS;
            long rows = 0;
            long expectedId = 1;
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT id, at, actor, action, target, outcome, detail, remote, prev_hash,"
                         + " hash FROM audit ORDER BY id")) {
                while (r.next()) {
                    AuditEntry e = row(r);
                    rows++;
                    if (e.id() != expectedId) {
                        return new Verification(false, rows, prev, e.id(), "row " + expectedId + " is missing");
                    }
                    if (!e.prevHash().equals(prev)) {
                        return new Verification(false, rows, prev, e.id(), "prev_hash does not match the row before");
                    }
                    String h = hash(prev, e.id(), e.atMicros(), e.actor(), e.action(), e.target(), e.outcome(),
                            e.detail(), e.remote());
                    if (!h.equals(e.hash())) {
                        return new Verification(false, rows, prev, e.id(), "the row's content does not match its hash");
                    }
                    prev = h;
                    expectedId++;
                }
            }
            return new Verification(true, rows, prev, null, null);
        });
    }

    private static AuditEntry row(ResultSet r) throws SQLException {
        return new AuditEntry(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
                r.getString(7), r.getString(8), r.getString(9), r.getString(10));
    }

    static String hash(String prev, long id, long at, String actor, String action, String target, String outcome,
                       String detail, String remote) {
        StringBuilder b = new StringBuilder(prev);
        for (String f : new String[] {Long.toString(id), Long.toString(at), actor, action, target, outcome, detail,
                remote}) {
            if (f == null) {
                b.append('-');
            } else {
                b.append(f.getBytes(StandardCharsets.UTF_8).length).append(':').append(f);
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
