package io.statewall.asma.api;

import io.statewall.asma.auth.Passwords;
import io.statewall.asma.auth.Principal;
import io.statewall.asma.auth.Tokens;
import io.statewall.asma.auth.UserRecord;
import io.statewall.asma.store.AuditLog;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Logging in and out: {@code POST /api/v1/login} checks a user's password and returns a session
 * token (a bearer token that expires); {@code POST /api/v1/logout} ends the caller's session;
 * {@code GET /api/v1/whoami} says who the token is. Every login, good or bad, is audited.
 */
final class SessionEndpoints {
    /** Checked against a password when the user does not exist, so that timing does not tell names apart. */
    private static final String DUMMY_HASH = Passwords.hash("not-a-password".toCharArray(), Passwords.DEFAULT_ITERATIONS);

    private final ApiContext ctx;

    SessionEndpoints(ApiContext ctx) {
        this.ctx = ctx;
    }

    void register(Router router) {
        router.add(new Route("POST", "/api/v1/login", null, this::login));
        router.add(new Route("POST", "/api/v1/logout", io.statewall.asma.auth.Role.VIEWER, this::logout));
        router.add(new Route("GET", "/api/v1/whoami", io.statewall.asma.auth.Role.VIEWER, this::whoami));
    }

    private ApiResponse login(ApiRequest r) {
        JsonNode body = r.json();
        String user = Params.field(body, "username", 128);
        JsonNode pw = body.get("password");
        if (pw == null || !pw.isString() || pw.asString().isEmpty() || pw.asString().length() > 1024) {
            throw ApiException.badRequest("'password' (a non-empty string) is required");
        }
        long now = System.currentTimeMillis();
        if (!ctx.throttle().allowed(user, r.remote(), now)) {
            ctx.audit(r, user, "login", user, "denied", "too many failed attempts");
            return ApiResponse.error(429, "too many failed logins; try again in a few minutes");
        }
        Optional<UserRecord> u = ctx.users().find(user);
        boolean ok = Passwords.verify(pw.asString().toCharArray(), u.map(UserRecord::passwordHash).orElse(DUMMY_HASH))
                && u.isPresent();
        if (!ok) {
            ctx.throttle().failed(user, r.remote(), now);
            ctx.audit(r, user, "login", user, "failed", u.isPresent() ? "wrong password" : "no such user");
            return ApiResponse.error(401, "wrong user name or password");
        }
        ctx.throttle().succeeded(user);
        UserRecord found = u.get();
        long expires = (System.currentTimeMillis() + ctx.sessionTtl().toMillis()) * 1_000;
        Tokens.Issued issued = ctx.auditedWrite(c -> {
            Tokens.Issued t = Tokens.create(c, "session", found.role(), "session", found.name(), found.name(), expires);
            AuditLog.append(c, found.name(), "login", found.name(), "ok", "session " + t.info().id(), r.remote());
            return t;
        });
        ObjectNode o = Json.object();
        o.put("token", issued.secret());
        o.put("token_id", issued.info().id());
        o.put("user", found.name());
        o.put("role", found.role().text());
        Json.time(o, "expires_at", expires);
        return ApiResponse.ok(o);
    }

    private ApiResponse logout(ApiRequest r) {
        Principal p = r.principal();
        if (!p.session()) {
            throw ApiException.badRequest("this is an API token, not a login session: an admin revokes it with"
                    + " DELETE /api/v1/tokens/" + p.tokenId());
        }
        ctx.auditedWrite(c -> {
            Tokens.revoke(c, p.tokenId(), p.name());
            AuditLog.append(c, p.name(), "logout", p.name(), "ok", "session " + p.tokenId(), r.remote());
            return null;
        });
        return new ApiResponse(204, ApiResponse.JSON, new byte[0]);
    }

    private ApiResponse whoami(ApiRequest r) {
        Principal p = r.principal();
        ObjectNode o = Json.object();
        o.put("name", p.name());
        o.put("role", p.role().text());
        o.put("token_id", p.tokenId());
        o.put("session", p.session());
        return ApiResponse.ok(o);
    }
}
