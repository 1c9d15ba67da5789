package io.statewall.asma.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Versions of policies and baselines ({@code kind} "policy" or "baseline"). */
public final class Documents {
    private final Store store;

    public Documents(Store store) {
        this.store = store;
    }

    /** Stores a new version (numbered one above the last of its kind); call inside {@link Store#write}. */
    public static Document add(Connection c, String kind, String name, String content, String author, String comment)
            throws SQLException {
        int version;
        try (PreparedStatement p = c.prepareStatement("SELECT coalesce(max(version), 0) + 1 FROM document WHERE kind = ?")) {
            p.setString(1, kind);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                version = r.getInt(1);
            }
        }
        long at = System.currentTimeMillis() * 1_000;
        String sha = Migrations.sha256(content);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO document(kind, version, name, content, sha256, author,"
                + " at, comment) VALUES (?,?,?,?,?,?,?,?)")) {
            p.setString(1, kind);
            p.setInt(2, version);
            p.setString(3, name);
            p.setString(4, content);
            p.setString(5, sha);
            p.setString(6, author);
            p.setLong(7, at);
            p.setString(8, comment);
            p.executeUpdate();
        }
        return new Document(kind, version, name, content, sha, author, at, comment);
    }

    /** Every version of {@code kind}, newest first, without content. */
    public List<Document> list(String kind) {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT kind, version, name, NULL, sha256, author, at, comment"
                    + " FROM document WHERE kind = ? ORDER BY version DESC")) {
                p.setString(1, kind);
                return rows(p);
            }
        });
    }

    public Optional<Document> get(String kind, int version) {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT kind, version, name, content, sha256, author, at, comment"
                    + " FROM document WHERE kind = ? AND version = ?")) {
                p.setString(1, kind);
                p.setInt(2, version);
                return rows(p).stream().findFirst();
            }
        });
    }

    private static List<Document> rows(PreparedStatement p) throws SQLException {
        List<Document> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(new Document(r.getString(1), r.getInt(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getString(6), r.getLong(7), r.getString(8)));
            }
        }
        return out;
    }
}
