package io.statewall.asma.api;

import io.statewall.asma.auth.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the console's overview and process pages read in one call each: {@code GET
 * /api/v1/summary} (message counters summed over the NMAs, alert counts, NMA health) and {@code GET
 * /api/v1/process} (each process variable's values over a window, downsampled for a chart).
 */
final class OverviewEndpoints {
    private static final long HOUR_MICROS = 3_600_000_000L;

    private final ApiBodies bodies;
    private final ApiContext ctx;

    OverviewEndpoints(ApiContext ctx, ApiBodies bodies) {
        this.ctx = ctx;
        this.bodies = bodies;
    }

    void register(Router router) {
        router.add(new Route("GET", "/api/v1/summary", Role.VIEWER, this::summary));
        router.add(new Route("GET", "/api/v1/process", Role.VIEWER, this::process));
    }

    private ApiResponse summary(ApiRequest r) {
        Params.only(r, Set.of());
        return ApiResponse.ok(bodies.summary());
    }

    private ApiResponse process(ApiRequest r) {
        Params.only(r, Set.of("since", "until", "variables", "max_points"));
        long now = System.currentTimeMillis() * 1_000;
        Long until = Params.time(r, "until");
        Long since = Params.time(r, "since");
        long to = until == null ? now + 1 : until;
        long from = since == null ? to - HOUR_MICROS : since;
        if (from >= to) {
            throw ApiException.badRequest("'since' must be before 'until'");
        }
        int maxPoints = Params.integer(r, "max_points", 600, 2, 10_000);
        List<ApiBodies.Variable> all = bodies.variables();
        List<ApiBodies.Variable> chosen = new ArrayList<>();
        Set<String> asked = new LinkedHashSet<>(Params.list(r, "variables"));
        for (String name : asked) {
            ApiBodies.Variable v = all.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> ApiException.badRequest("'variables': no variable '" + name + "' (known: "
                            + String.join(", ", all.stream().map(ApiBodies.Variable::name).toList()) + ")"));
            chosen.add(v);
        }
        ArrayNode series = Json.array();
        for (ApiBodies.Variable v : asked.isEmpty() ? all : chosen) {
            ObjectNode s = series.addObject();
            s.put("variable", v.name());
            s.put("nma", v.nma());
            s.put("point", v.point());
            ArrayNode points = s.putArray("points");
            for (double[] p : ctx.process().series(v.nma(), v.point(), from, to, maxPoints)) {
                points.addArray().add((long) p[0]).add(p[1]);
            }
        }
        ObjectNode o = Json.object();
        o.set("series", series);
        return ApiResponse.ok(o);
    }
}
