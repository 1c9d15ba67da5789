package io.statewall.asma.api;

import io.statewall.asma.auth.Role;
import io.statewall.asma.store.AuditLog;
import io.statewall.link.pki.EnrolmentTokens;
import java.time.Duration;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Enrolling NMAs (admin): a one-time token for an NMA's name, which the NMA presents once to get
 * its link certificate (docs/asma-link.md); and the tokens issued so far, without their secrets.
 * Without a link (link: off) there is nothing to enrol with: 409.
 */
final class EnrolmentEndpoints {
    private final ApiContext ctx;

    EnrolmentEndpoints(ApiContext ctx) {
        this.ctx = ctx;
    }

    void register(Router router) {
        router.add(new Route("GET", "/api/v1/enrolments", Role.ADMIN, this::list));
        router.add(new Route("POST", "/api/v1/enrolments", Role.ADMIN, this::issue));
    }

    private EnrolmentTokens tokens() {
        if (ctx.enrolments() == null) {
            throw ApiException.conflict("the NMA link is off (link: off in the configuration)");
        }
        return ctx.enrolments();
    }

    private ApiResponse list(ApiRequest r) throws Exception {
        Params.only(r, Set.of());
        ArrayNode items = Json.array();
        for (EnrolmentTokens.TokenInfo t : tokens().list()) {
            ObjectNode o = items.addObject();
            o.put("nma", t.nmaName());
            Json.time(o, "issued_at", t.issued().toEpochMilli() * 1_000);
            Json.time(o, "expires_at", t.expires().toEpochMilli() * 1_000);
            o.put("redeemed", t.redeemed());
            o.put("certificate_serial", t.certificateSerial());
        }
        ObjectNode o = Json.object();
        o.set("items", items);
        return ApiResponse.ok(o);
    }

    private ApiResponse issue(ApiRequest r) throws Exception {
        Params.only(r, Set.of());
        JsonNode body = r.json();
        String nma = Params.field(body, "nma", 64);
        long hours = 24;
        JsonNode h = body.get("valid_hours");
        if (h != null && !h.isNull()) {
            if (!Params.wholeIn(h, 1, EnrolmentTokens.MAX_VALIDITY.toHours())) {
                throw ApiException.badRequest("'valid_hours': a whole number from 1 to " + EnrolmentTokens.MAX_VALIDITY.toHours());
            }
            hours = h.asLong();
        }
        EnrolmentTokens tokens = tokens();
        String token;
        try {
            token = tokens.issue(nma, Duration.ofHours(hours));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'nma': " + e.getMessage());
        }
        long validHours = hours;
        ctx.auditedWrite(c -> AuditLog.append(c, r.actor(), "nma.enrol_token", "nma " + nma, "ok",
                "valid " + validHours + " h", r.remote()));
        ObjectNode o = Json.object();
        o.put("nma", nma);
        o.put("token", token);
        Json.time(o, "expires_at", (System.currentTimeMillis() + hours * 3_600_000L) * 1_000);
        return ApiResponse.json(201, o);
    }
}
