package io.statewall.asma.api;

import io.statewall.asma.auth.Passwords;
import io.statewall.asma.auth.Role;
import io.statewall.asma.auth.TokenInfo;
import io.statewall.asma.auth.Tokens;
import io.statewall.asma.auth.UserRecord;
import io.statewall.asma.auth.Users;
import io.statewall.asma.store.AuditEntry;
import io.statewall.asma.store.AuditLog;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What only an admin does: tokens, users, and reading and verifying the audit log. */
final class AdminEndpoints {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final int MIN_PASSWORD = 12;

    private final ApiContext ctx;

    AdminEndpoints(ApiContext ctx) {
        this.ctx = ctx;
    }

    void register(Router router) {
        router.add(new Route("GET", "/api/v1/tokens", Role.ADMIN, this::tokens));
        router.add(new Route("POST", "/api/v1/tokens", Role.ADMIN, this::createToken));
        router.add(new Route("DELETE", "/api/v1/tokens/{id}", Role.ADMIN, this::revokeToken));
        router.add(new Route("GET", "/api/v1/users", Role.ADMIN, this::users));
        router.add(new Route("POST", "/api/v1/users", Role.ADMIN, this::createUser));
        router.add(new Route("DELETE", "/api/v1/users/{name}", Role.ADMIN, this::deleteUser));
        router.add(new Route("GET", "/api/v1/audit", Role.ADMIN, this::audit));
        router.add(new Route("GET", "/api/v1/audit/verify", Role.ADMIN, this::verify));
    }

    private ApiResponse tokens(ApiRequest r) {
        Params.only(r, Set.of("all"));
        ArrayNode items = Json.array();
        for (TokenInfo t : ctx.tokens().list(Boolean.TRUE.equals(Params.bool(r, "all")))) {
            items.add(Views.token(t));
        }
        ObjectNode o = Json.object();
        o.set("items", items);
        return ApiResponse.ok(o);
    }

    private ApiResponse createToken(ApiRequest r) {
        Params.only(r, Set.of());
        JsonNode body = r.json();
        String name = Params.field(body, "name", 64);
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("'name': letters, digits and . _ @ - only, at most 64");
        }
        Role role = role(body);
        Long expires = null;
        JsonNode days = body.get("expires_in_days");
        if (days != null && !days.isNull()) {
            if (!Params.wholeIn(days, 1, 3650)) {
                throw ApiException.badRequest("'expires_in_days': a whole number from 1 to 3650");
            }
            expires = (System.currentTimeMillis() + days.asLong() * 86_400_000L) * 1_000;
        }
        Long expiresAt = expires;
        String by = r.actor();
        Tokens.Issued issued = ctx.auditedWrite(c -> {
            Tokens.Issued t = Tokens.create(c, name, role, "api", by, by, expiresAt);
            AuditLog.append(c, by, "token.create", "token " + t.info().id() + " (" + name + ")", "ok",
                    "role " + role.text(), r.remote());
            return t;
        });
        ObjectNode o = Views.token(issued.info());
        o.put("token", issued.secret());
        return ApiResponse.json(201, o);
    }

    private ApiResponse revokeToken(ApiRequest r) {
        Params.only(r, Set.of());
        long id = r.pathId("id");
        String by = r.actor();
        Tokens.Revocation out = ctx.auditedWrite(c -> {
            Tokens.Revocation rv = Tokens.revoke(c, id, by);
            AuditLog.append(c, by, "token.revoke", "token " + id, rv == Tokens.Revocation.REVOKED ? "ok" : "refused",
                    rv.name().toLowerCase(java.util.Locale.ROOT), r.remote());
            return rv;
        });
        return switch (out) {
            case REVOKED -> new ApiResponse(204, ApiResponse.JSON, new byte[0]);
            case ALREADY -> throw ApiException.conflict("token " + id + " is already revoked");
            case NOT_FOUND -> throw ApiException.notFound("no token " + id);
        };
    }

    private ApiResponse users(ApiRequest r) {
        Params.only(r, Set.of());
        ArrayNode items = Json.array();
        for (UserRecord u : ctx.users().list()) {
            items.add(Views.user(u));
        }
        ObjectNode o = Json.object();
        o.set("items", items);
        return ApiResponse.ok(o);
    }

    private ApiResponse createUser(ApiRequest r) {
        Params.only(r, Set.of());
        JsonNode body = r.json();
        String name = Params.field(body, "name", 64);
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("'name': letters, digits and . _ @ - only, at most 64");
        }
        Role role = role(body);
        JsonNode pw = body.get("password");
        if (pw == null || !pw.isString() || pw.asString().length() < MIN_PASSWORD || pw.asString().length() > 1024) {
            throw ApiException.badRequest("'password': at least " + MIN_PASSWORD + " characters");
        }
        if (ctx.users().configured(name)) {
            throw ApiException.conflict("user '" + name + "' is defined in the configuration file: change it there");
        }
        String hash = Passwords.hash(pw.asString().toCharArray());
        String by = r.actor();
        boolean added = ctx.auditedWrite(c -> {
            boolean ok = Users.add(c, name, role, hash, by);
            AuditLog.append(c, by, "user.create", "user " + name, ok ? "ok" : "refused",
                    ok ? "role " + role.text() : "exists", r.remote());
            return ok;
        });
        if (!added) {
            throw ApiException.conflict("user '" + name + "' exists");
        }
        return ApiResponse.json(201, Views.user(new UserRecord(name, role, hash, "store")));
    }

    private ApiResponse deleteUser(ApiRequest r) {
        Params.only(r, Set.of());
        String name = r.pathParam("name");
        if (ctx.users().configured(name)) {
            throw ApiException.conflict("user '" + name + "' is defined in the configuration file: remove it there");
        }
        String by = r.actor();
        boolean removed = ctx.auditedWrite(c -> {
            boolean ok = Users.remove(c, name, by);
            AuditLog.append(c, by, "user.delete", "user " + name, ok ? "ok" : "refused", ok ? null : "no such user",
                    r.remote());
            return ok;
        });
        if (!removed) {
            throw ApiException.notFound("no user '" + name + "'");
        }
        return new ApiResponse(204, ApiResponse.JSON, new byte[0]);
    }

    private static Role role(JsonNode body) {
        String text = Params.field(body, "role", 16);
        Role role = Role.parse(text);
        if (role == null) {
            throw ApiException.badRequest("'role': viewer, operator or admin, not '" + text + "'");
        }
        return role;
    }

    private ApiResponse audit(ApiRequest r) {
        Params.only(r, Set.of("before", "limit", "actor", "action"));
        int limit = Params.integer(r, "limit", 100, 1, 1000);
        var rows = ctx.auditLog().list(Params.id(r, "before"), r.param("actor"), r.param("action"), limit + 1);
        ArrayNode items = Json.array();
        for (AuditEntry a : rows.subList(0, Math.min(limit, rows.size()))) {
            items.add(Views.audit(a));
        }
        ObjectNode o = Json.object();
        o.set("items", items);
        if (rows.size() > limit) {
            o.put("next_before", rows.get(limit - 1).id());
        } else {
            o.putNull("next_before");
        }
        return ApiResponse.ok(o);
    }

    private ApiResponse verify(ApiRequest r) {
        Params.only(r, Set.of());
        AuditLog.Verification v = ctx.auditLog().verify();
        ObjectNode o = Json.object();
        o.put("ok", v.ok());
        o.put("rows", v.rows());
        o.put("head_hash", v.headHash());
        if (v.firstBadId() == null) {
            o.putNull("first_bad_id");
        } else {
            o.put("first_bad_id", v.firstBadId());
        }
        o.put("problem", v.problem());
        return ApiResponse.ok(o);
    }
}
