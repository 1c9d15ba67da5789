package io.statewall.asma.auth;

import io.statewall.asma.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * API tokens and login sessions in the store. Only a SHA-256 of each secret is kept; the secret
 * is returned once, to its creator. A token is valid until revoked, or until it expires.
 */
public final class Tokens {
    /** A token just made: its row and its secret. */
    public record Issued(TokenInfo info, String secret) {
    }

    private final Store store;
    private final java.util.Map<String, Principal> fixed;

    public Tokens(Store store) {
        this(store, java.util.Map.of());
    }

    /**
     * @param fixed tokens of the configuration file: the SHA-256 (hex) of each secret and who it
     *              stands for; they are not in the store, and are revoked by removing them there
     */
    public Tokens(Store store, java.util.Map<String, Principal> fixed) {
        this.store = store;
        this.fixed = java.util.Map.copyOf(fixed);
    }

    /** Makes a token; call inside {@link Store#write}. {@code kind} is "api" or "session". */
    public static Issued create(Connection c, String name, Role role, String kind, String owner, String createdBy,
                                Long expiresAtMicros) throws SQLException {
        String secret = Passwords.newToken();
        long now = System.currentTimeMillis() * 1_000;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO api_token(name, role, kind, hash, owner, created_at,"
                + " created_by, expires_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id")) {
            p.setString(1, name);
            p.setString(2, role.text());
            p.setString(3, kind);
            p.setString(4, Passwords.tokenHash(secret));
            p.setString(5, owner);
            p.setLong(6, now);
            p.setString(7, createdBy);
            if (expiresAtMicros == null) {
                p.setNull(8, Types.INTEGER);
            } else {
                p.setLong(8, expiresAtMicros);
            }
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return new Issued(new TokenInfo(r.getLong(1), name, role, kind, owner, now, createdBy, expiresAtMicros,
                        null, null), secret);
            }
        }
    }

    /** The principal a bearer secret stands for, if it is a live token. */
    public Optional<Principal> authenticate(String secret) {
        if (secret == null || !secret.startsWith("swt_") || secret.length() > 100) {
            return Optional.empty();
        }
        String hash = Passwords.tokenHash(secret);
        Principal configured = fixed.get(hash);
        if (configured != null) {
            return Optional.of(configured);
        }
        long now = System.currentTimeMillis() * 1_000;
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, name, role, kind, owner FROM api_token"
                    + " WHERE hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)")) {
                p.setString(1, hash);
                p.setLong(2, now);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    boolean session = "session".equals(r.getString(4));
                    String who = session ? r.getString(5) : "token:" + r.getString(2);
                    return Optional.of(new Principal(who, Role.parse(r.getString(3)), r.getLong(1), session));
                }
            }
        });
    }

    /** Every token, newest first; sessions that have ended are left out unless {@code all}. */
    public List<TokenInfo> list(boolean all) {
        long now = System.currentTimeMillis() * 1_000;
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, name, role, kind, owner, created_at, created_by,"
                    + " expires_at, revoked_at, revoked_by FROM api_token"
                    + (all ? "" : " WHERE kind = 'api' OR (revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?))")
                    + " ORDER BY id DESC")) {
                if (!all) {
                    p.setLong(1, now);
                }
                List<TokenInfo> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(row(r));
                    }
                }
                return out;
            }
        });
    }

    /** The outcome of a revocation. */
    public enum Revocation { REVOKED, ALREADY, NOT_FOUND }

    /** Revokes token {@code id}; call inside {@link Store#write}. */
    public static Revocation revoke(Connection c, long id, String by) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT revoked_at FROM api_token WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Revocation.NOT_FOUND;
                }
                r.getLong(1);
                if (!r.wasNull()) {
                    return Revocation.ALREADY;
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE api_token SET revoked_at = ?, revoked_by = ? WHERE id = ?")) {
            p.setLong(1, System.currentTimeMillis() * 1_000);
            p.setString(2, by);
            p.setLong(3, id);
            p.executeUpdate();
        }
        return Revocation.REVOKED;
    }

    /** Whether any API token was ever made (the first start makes the admin's). */
    public static boolean anyApiToken(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM api_token WHERE kind = 'api' LIMIT 1");
             ResultSet r = p.executeQuery()) {
            return r.next();
        }
    }

    private static TokenInfo row(ResultSet r) throws SQLException {
        long exp = r.getLong(8);
        Long expires = r.wasNull() ? null : exp;
        long rev = r.getLong(9);
        Long revoked = r.wasNull() ? null : rev;
        return new TokenInfo(r.getLong(1), r.getString(2), Role.parse(r.getString(3)), r.getString(4), r.getString(5),
                r.getLong(6), r.getString(7), expires, revoked, r.getString(10));
    }
}
