package io.statewall.asma.store;

import java.io.IOException;
import java.io.InputStream;
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
 * The store's versioned schema: numbered SQL scripts ({@code V1__initial.sql}, …) applied in
 * order, each in its own transaction, and recorded in {@code schema_version} with a checksum. A
 * script already applied whose text changed since is refused (the database and the code would
 * disagree about the schema), and so is a database newer than this program.
 *
 * <p>Why not Flyway: a dozen lines do what the SQLite store needs, with no class-path scanning at
 * start-up and no extra dependencies; the scripts keep Flyway's naming, so moving to it (with the
 * PostgreSQL store) needs no renaming.
 */
final class Migrations {
    /** The scripts, in order; version n is {@code SCRIPTS.get(n - 1)}. */
    static final List<String> SCRIPTS = List.of("V1__initial.sql", "V2__pushes.sql");

    private Migrations() {
    }

    /** Brings the schema up to date; returns the versions applied now (empty for an up-to-date file). */
    static List<Integer> migrate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, script TEXT NOT NULL,"
                    + " checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        }
        List<String[]> applied = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version, script, checksum FROM schema_version ORDER BY version")) {
            while (r.next()) {
                applied.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
            }
        }
        if (applied.size() > SCRIPTS.size()) {
            throw new SQLException("the store has schema version " + applied.size() + ", newer than this program's "
                    + SCRIPTS.size() + ": use a newer statewall");
        }
        for (int i = 0; i < applied.size(); i++) {
            String[] a = applied.get(i);
            String text = script(SCRIPTS.get(i));
            if (!a[0].equals(String.valueOf(i + 1)) || !a[2].equals(sha256(text))) {
                throw new SQLException("schema version " + (i + 1) + " (" + a[1] + ") was applied from a different script");
            }
        }
        List<Integer> now = new ArrayList<>();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (int v = applied.size() + 1; v <= SCRIPTS.size(); v++) {
                String name = SCRIPTS.get(v - 1);
                String text = script(name);
                try (Statement s = c.createStatement()) {
                    for (String statement : statements(text)) {
                        s.executeUpdate(statement);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version(version, script, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                    p.setInt(1, v);
                    p.setString(2, name);
                    p.setString(3, sha256(text));
                    p.setLong(4, System.currentTimeMillis() * 1000);
                    p.executeUpdate();
                }
                c.commit();
                now.add(v);
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return now;
    }

    /**
     * The statements of a script: split at semicolons that end a line, except inside a trigger's
     * {@code BEGIN … END;} body. Comments ({@code --} to the end of a line) are dropped.
     */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inTrigger = false;
        for (String raw : script.split("\n")) {
            int comment = raw.indexOf("--");
            String line = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (line.toUpperCase(java.util.Locale.ROOT).startsWith("CREATE TRIGGER")) {
                inTrigger = true;
            }
            boolean ends = line.endsWith(";") && (!inTrigger || line.toUpperCase(java.util.Locale.ROOT).endsWith("END;"));
            if (ends) {
                out.add(current.toString().strip());
                current.setLength(0);
                inTrigger = false;
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String script(String name) throws SQLException {
        try (InputStream in = Migrations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new SQLException("schema script " + name + " missing from the program");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("reading schema script " + name, e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
