package io.statewall.asma.api;

import io.statewall.asma.NmaControl;
import io.statewall.asma.auth.Role;
import io.statewall.asma.store.AuditLog;
import io.statewall.asma.store.Document;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Orders to one NMA, through {@link NmaControl}: declare or release an operating state, put a
 * stored policy or baseline version in force (operator). Each order and its answer are audited.
 * The plant-wide declaration is {@code POST /api/v1/plant/state} ({@link PlantEndpoints}).
 */
final class ControlEndpoints {
    private static final long ANSWER_SECONDS = 15;

    private final ApiContext ctx;

    ControlEndpoints(ApiContext ctx) {
        this.ctx = ctx;
    }

    void register(Router router) {
        router.add(new Route("POST", "/api/v1/nmas/{nma}/state", Role.OPERATOR, this::declare));
        router.add(new Route("DELETE", "/api/v1/nmas/{nma}/state", Role.OPERATOR, this::release));
        router.add(new Route("POST", "/api/v1/nmas/{nma}/policy", Role.OPERATOR, r -> push(r, "policy")));
        router.add(new Route("POST", "/api/v1/nmas/{nma}/baseline", Role.OPERATOR, r -> push(r, "baseline")));
    }

    private String nma(ApiRequest r) {
        String name = r.pathParam("nma");
        if (ctx.nmas().get(name).isEmpty()) {
            throw ApiException.notFound("no NMA named '" + name + "'");
        }
        return name;
    }

    private ApiResponse declare(ApiRequest r) {
        Params.only(r, Set.of());
        String nma = nma(r);
        String state = Params.field(r.json(), "state", 64);
        return order(r, nma, "nma.declare", "state " + state, new NmaControl.Order.DeclareState(state, r.actor()));
    }

    private ApiResponse release(ApiRequest r) {
        Params.only(r, Set.of());
        String nma = nma(r);
        return order(r, nma, "nma.release", "state", new NmaControl.Order.ReleaseState(r.actor()));
    }

    private ApiResponse push(ApiRequest r, String kind) {
        Params.only(r, Set.of());
        String nma = nma(r);
        JsonNode v = r.json().get("version");
        if (!Params.wholeIn(v, 1, Integer.MAX_VALUE)) {
            throw ApiException.badRequest("'version' (the stored " + kind + " version, a positive whole number) is required");
        }
        Document d = ctx.documents().get(kind, v.asInt())
                .orElseThrow(() -> ApiException.notFound("no " + kind + " version " + v.asInt()));
        String version = String.valueOf(d.version());
        NmaControl.Order order = kind.equals("policy") ? new NmaControl.Order.PushPolicy(version, d.content())
                : new NmaControl.Order.PushBaseline(version, d.content());
        return order(r, nma, "nma.push_" + kind, kind + " v" + version, order);
    }

    private ApiResponse order(ApiRequest r, String nma, String action, String what, NmaControl.Order order) {
        if (!ctx.control().connected().contains(nma)) {
            ctx.audit(r, r.actor(), action, nma + ": " + what, "failed", "not connected");
            throw ApiException.conflict("NMA '" + nma + "' is not connected");
        }
        NmaControl.Result result;
        try {
            result = ctx.control().send(nma, order).get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            ctx.audit(r, r.actor(), action, nma + ": " + what, "failed", "no answer in " + ANSWER_SECONDS + " s");
            return ApiResponse.error(504, "NMA '" + nma + "' did not answer in " + ANSWER_SECONDS + " s");
        } catch (ExecutionException e) {
            String why = e.getCause() == null ? "failed" : e.getCause().getMessage();
            ctx.audit(r, r.actor(), action, nma + ": " + what, "failed", why);
            throw ApiException.conflict("NMA '" + nma + "': " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted");
        }
        ctx.audit(r, r.actor(), action, nma + ": " + what, result.ok() ? "ok" : "refused", result.detail());
        if (!result.ok()) {
            throw ApiException.conflict("NMA '" + nma + "' refused: " + result.detail());
        }
        ObjectNode o = Json.object();
        o.put("nma", nma);
        o.put("ok", true);
        o.put("detail", result.detail());
        return ApiResponse.ok(o);
    }
}
