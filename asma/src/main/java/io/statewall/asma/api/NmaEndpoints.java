package io.statewall.asma.api;

import io.statewall.asma.auth.Role;
import io.statewall.asma.store.NmaRecord;
import io.statewall.asma.store.ProcessValue;
import io.statewall.asma.store.StateRecord;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The NMAs: list, one, their state history and process values; and the plant-wide state history. */
final class NmaEndpoints {
    private final ApiContext ctx;
    private final ApiBodies bodies;

    NmaEndpoints(ApiContext ctx, ApiBodies bodies) {
        this.ctx = ctx;
        this.bodies = bodies;
    }

    void register(Router router) {
        router.add(new Route("GET", "/api/v1/nmas", Role.VIEWER, this::list));
        router.add(new Route("GET", "/api/v1/nmas/{nma}", Role.VIEWER, this::one));
        router.add(new Route("GET", "/api/v1/nmas/{nma}/states", Role.VIEWER, this::states));
        router.add(new Route("GET", "/api/v1/nmas/{nma}/process", Role.VIEWER, this::process));
        router.add(new Route("GET", "/api/v1/nmas/{nma}/process/{point}", Role.VIEWER, this::pointHistory));
        router.add(new Route("GET", "/api/v1/plant/states", Role.VIEWER, this::plantStates));
    }

    private ApiResponse list(ApiRequest r) {
        Params.only(r, Set.of());
        return ApiResponse.ok(bodies.nmas());
    }

    private NmaRecord nma(ApiRequest r) {
        String name = r.pathParam("nma");
        return ctx.nmas().get(name).orElseThrow(() -> ApiException.notFound("no NMA named '" + name + "'"));
    }

    private ApiResponse one(ApiRequest r) {
        Params.only(r, Set.of());
        NmaRecord n = nma(r);
        return ApiResponse.ok(Views.nma(n, ctx.control().connected().contains(n.name()), ctx.staleAfter(),
                System.currentTimeMillis() * 1_000));
    }

    private ApiResponse states(ApiRequest r) {
        Params.only(r, Set.of("since", "until", "limit"));
        NmaRecord n = nma(r);
        ArrayNode items = Json.array();
        for (StateRecord s : ctx.states().nmaHistory(n.name(), Params.time(r, "since"), Params.time(r, "until"),
                Params.integer(r, "limit", 100, 1, 1000))) {
            items.add(Views.state(s));
        }
        ObjectNode o = Json.object();
        o.set("items", items);
        return ApiResponse.ok(o);
    }

    private ApiResponse process(ApiRequest r) {
        Params.only(r, Set.of());
        NmaRecord n = nma(r);
        ArrayNode items = Json.array();
        for (ProcessValue v : ctx.process().latest(n.name())) {
            items.add(Views.process(v));
        }
        ObjectNode o = Json.object();
        o.set("items", items);
        return ApiResponse.ok(o);
    }

    private ApiResponse pointHistory(ApiRequest r) {
        Params.only(r, Set.of("since", "until", "limit"));
        NmaRecord n = nma(r);
        ArrayNode items = Json.array();
        for (ProcessValue v : ctx.process().history(n.name(), r.pathParam("point"), Params.time(r, "since"),
                Params.time(r, "until"), Params.integer(r, "limit", 1000, 1, 10_000))) {
            items.add(Views.process(v));
        }
        ObjectNode o = Json.object();
        o.set("items", items);
        return ApiResponse.ok(o);
    }

    private ApiResponse plantStates(ApiRequest r) {
        Params.only(r, Set.of("since", "until", "limit"));
        ArrayNode items = Json.array();
        for (StateRecord s : ctx.states().plantHistory(Params.time(r, "since"), Params.time(r, "until"),
                Params.integer(r, "limit", 100, 1, 1000))) {
            items.add(Views.state(s));
        }
        ObjectNode o = Json.object();
        o.set("items", items);
        return ApiResponse.ok(o);
    }
}
