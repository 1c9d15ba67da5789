package io.statewall.asma.auth;

import io.statewall.asma.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users who may log in: those of the configuration file (read-only here, edited in the file)
 * and those an admin made through the API (in the store). A name is in one place only: the
 * configuration wins, and the API refuses to make a user the configuration already has.
 */
public final class Users {
    private final Store store;
    private final Map<String, UserRecord> configured;

    public Users(Store store, Map<String, UserRecord> configured) {
        this.store = store;
        this.configured = Map.copyOf(configured);
    }

    public Optional<UserRecord> find(String name) {
        UserRecord u = configured.get(name);
        if (u != null) {
            return Optional.of(u);
        }
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT name, role, password_hash FROM app_user WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(new UserRecord(r.getString(1), Role.parse(r.getString(2)),
                            r.getString(3), "store")) : Optional.empty();
                }
            }
        });
    }

    public boolean configured(String name) {
        return configured.containsKey(name);
    }

    /** Every user, by name. */
    public List<UserRecord> list() {
        List<UserRecord> out = new ArrayList<>(configured.values());
        out.addAll(store.read(c -> {
            List<UserRecord> db = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT name, role, password_hash FROM app_user");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    if (!configured.containsKey(r.getString(1))) {
                        db.add(new UserRecord(r.getString(1), Role.parse(r.getString(2)), r.getString(3), "store"));
                    }
                }
            }
            return db;
        }));
        out.sort(java.util.Comparator.comparing(UserRecord::name));
        return out;
    }

    /** Adds a user to the store; false if the name is taken. Call inside {@link Store#write}. */
    public static boolean add(Connection c, String name, Role role, String passwordHash, String by) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO app_user(name, role, password_hash,"
                + " created_at, created_by) VALUES (?,?,?,?,?)")) {
            p.setString(1, name);
            p.setString(2, role.text());
            p.setString(3, passwordHash);
            p.setLong(4, System.currentTimeMillis() * 1_000);
            p.setString(5, by);
            return p.executeUpdate() == 1;
        }
    }

    /**
     * Removes a stored user and ends their sessions; false if there is no such user. Call inside
     * {@link Store#write}.
     */
    public static boolean remove(Connection c, String name, String by) throws SQLException {
        int n;
        try (PreparedStatement p = c.prepareStatement("DELETE FROM app_user WHERE name = ?")) {
            p.setString(1, name);
            n = p.executeUpdate();
        }
        if (n == 1) {
            try (PreparedStatement p = c.prepareStatement("UPDATE api_token SET revoked_at = ?, revoked_by = ?"
                    + " WHERE kind = 'session' AND owner = ? AND revoked_at IS NULL")) {
                p.setLong(1, System.currentTimeMillis() * 1_000);
                p.setString(2, by);
                p.setString(3, name);
                p.executeUpdate();
            }
        }
        return n == 1;
    }
}
