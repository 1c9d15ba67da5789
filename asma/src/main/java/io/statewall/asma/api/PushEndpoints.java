package io.statewall.asma.api;

import io.statewall.asma.auth.Role;
import io.statewall.asma.orchestration.Orchestrator;
import io.statewall.asma.store.Pushes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Orchestration ({@code /api/v1/pushes}): push a stored policy or baseline version to a set of
 * NMAs, checked first (operator; 422 with the findings when the check fails, nothing sent), list
 * and read the push records with each NMA's answer, roll a push back. Every push is audited.
 */
final class PushEndpoints {
    private final ApiContext ctx;
    private final Orchestrator orchestrator;

    PushEndpoints(ApiContext ctx, Orchestrator orchestrator) {
        this.ctx = ctx;
        this.orchestrator = orchestrator;
    }

    void register(Router router) {
        router.add(new Route("GET", "/api/v1/pushes", Role.VIEWER, this::list));
        router.add(new Route("POST", "/api/v1/pushes", Role.OPERATOR, this::push));
        router.add(new Route("GET", "/api/v1/pushes/{id}", Role.VIEWER, this::get));
        router.add(new Route("POST", "/api/v1/pushes/{id}/rollback", Role.OPERATOR, this::rollback));
    }

    private ApiResponse list(ApiRequest r) {
        Params.only(r, Set.of("limit"));
        ArrayNode items = Json.array();
        new Pushes(ctx.store()).list(Params.integer(r, "limit", 100, 1, 10_000)).forEach(p -> items.add(view(p)));
        ObjectNode o = Json.object();
        o.set("items", items);
        return ApiResponse.ok(o);
    }

    private ApiResponse get(ApiRequest r) {
        Params.only(r, Set.of());
        long id = r.pathId("id");
        return ApiResponse.ok(view(new Pushes(ctx.store()).get(id)
                .orElseThrow(() -> ApiException.notFound("no push " + id))));
    }

    private ApiResponse push(ApiRequest r) {
        Params.only(r, Set.of());
        JsonNode body = r.json();
        String kind = Params.field(body, "kind", 16);
        if (!kind.equals("policy") && !kind.equals("baseline")) {
            throw ApiException.badRequest("'kind': policy or baseline");
        }
        JsonNode v = body.get("version");
        if (!Params.wholeIn(v, 1, Integer.MAX_VALUE)) {
            throw ApiException.badRequest("'version' (the stored " + kind + " version, a positive whole number) is required");
        }
        JsonNode n = body.get("nmas");
        List<String> nmas;
        if (n != null && n.isString() && n.asString().equals("all")) {
            nmas = null;
        } else if (n != null && n.isArray() && !n.isEmpty()) {
            nmas = new ArrayList<>();
            for (JsonNode x : n) {
                if (!x.isString()) {
                    throw ApiException.badRequest("'nmas': a list of NMA names, or \"all\"");
                }
                nmas.add(x.asString());
            }
        } else {
            throw ApiException.badRequest("'nmas': a list of NMA names, or \"all\"");
        }
        try {
            return ApiResponse.json(201, view(orchestrator.push(r.actor(), r.remote(), kind, v.asInt(), nmas)));
        } catch (Orchestrator.CheckFailed e) {
            ObjectNode o = Json.object();
            ObjectNode error = o.putObject("error");
            error.put("status", 422);
            error.put("message", e.getMessage());
            ArrayNode f = o.putArray("findings");
            e.findings().forEach(f::add);
            return ApiResponse.json(422, o);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    private ApiResponse rollback(ApiRequest r) {
        Params.only(r, Set.of());
        long id = r.pathId("id");
        try {
            return ApiResponse.json(201, view(orchestrator.rollback(r.actor(), r.remote(), id)));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    private static ObjectNode view(Pushes.Push p) {
        ObjectNode o = Json.object();
        o.put("id", p.id());
        Json.time(o, "at", p.atMicros());
        o.put("actor", p.actor());
        o.put("kind", p.kind());
        if (p.version() != null) {
            o.put("version", p.version());
        }
        if (p.rollbackOf() != null) {
            o.put("rollback_of", p.rollbackOf());
        }
        if (!p.targets().isEmpty()) {
            ArrayNode nmas = o.putArray("nmas");
            for (Pushes.Target t : p.targets()) {
                ObjectNode n = nmas.addObject();
                n.put("nma", t.nma());
                if (t.version() != null) {
                    n.put("version", t.version());
                }
                if (t.previous() != null) {
                    n.put("previous", t.previous());
                }
                n.put("status", t.status());
                n.put("detail", t.detail());
            }
        }
        return o;
    }
}
