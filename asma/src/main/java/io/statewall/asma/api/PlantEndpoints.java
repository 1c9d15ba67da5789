package io.statewall.asma.api;

import io.statewall.asma.auth.Role;
import io.statewall.asma.plant.PlantSupervisor;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plant-wide operating state ({@code /api/v1/plant}): what it is and why (origin, who
 * declared it, the observing NMAs' votes), each NMA's enforced and observed state, and an
 * operator's plant-wide declaration and its release (audited; pushed to every connected NMA). The
 * history is {@code GET /api/v1/plant/states}. Without a plant file the ASMA fuses nothing: these
 * answer 409.
 */
final class PlantEndpoints {
    private static final long ANSWER_SECONDS = 15;

    private final ApiContext ctx;
    private final PlantSupervisor plant;
    private final ApiBodies bodies;

    PlantEndpoints(ApiContext ctx, PlantSupervisor plant, ApiBodies bodies) {
        this.ctx = ctx;
        this.plant = plant;
        this.bodies = bodies;
    }

    void register(Router router) {
        router.add(new Route("GET", "/api/v1/plant", Role.VIEWER, this::get));
        router.add(new Route("POST", "/api/v1/plant/state", Role.OPERATOR, this::declare));
        router.add(new Route("DELETE", "/api/v1/plant/state", Role.OPERATOR, this::release));
    }

    private PlantSupervisor plant() {
        if (plant == null) {
            throw ApiException.conflict("no plant file is configured (plant: in the ASMA's configuration):"
                    + " the ASMA does not fuse a plant-wide state");
        }
        return plant;
    }

    private ApiResponse get(ApiRequest r) {
        Params.only(r, Set.of());
        return ApiResponse.ok(bodies.plant());
    }

    private ApiResponse declare(ApiRequest r) {
        Params.only(r, Set.of());
        String state = Params.field(r.json(), "state", 64);
        PlantSupervisor p = plant();
        if (p.model().priorityOf(state) < 0) {
            ctx.audit(r, r.actor(), "plant.declare", "plant: state " + state, "refused", "no such state in the plant model");
            throw ApiException.badRequest("no state '" + state + "' in the plant model");
        }
        Map<String, String> answers = await(p.declare(state, r.actor()));
        ctx.audit(r, r.actor(), "plant.declare", "plant: state " + state, "ok", text(answers));
        return answered(state, answers);
    }

    private ApiResponse release(ApiRequest r) {
        Params.only(r, Set.of());
        PlantSupervisor p = plant();
        Map<String, String> answers = await(p.release(r.actor()));
        String state = p.snapshot().decision().state();
        ctx.audit(r, r.actor(), "plant.release", "plant", "ok", "now " + state + "; " + text(answers));
        return answered(state, answers);
    }

    private static ApiResponse answered(String state, Map<String, String> answers) {
        ObjectNode o = Json.object();
        o.put("state", state);
        ObjectNode nmas = o.putObject("nmas");
        answers.forEach(nmas::put);
        return ApiResponse.ok(o);
    }

    private static String text(Map<String, String> answers) {
        if (answers.isEmpty()) {
            return "no NMA connected";
        }
        StringBuilder b = new StringBuilder();
        answers.forEach((k, v) -> b.append(b.isEmpty() ? "" : "; ").append(k).append(": ").append(v));
        return b.toString();
    }

    private static Map<String, String> await(java.util.concurrent.CompletableFuture<Map<String, String>> f) {
        try {
            return f.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(504, "the NMAs did not all answer in " + ANSWER_SECONDS + " s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IllegalArgumentException) {
                throw ApiException.badRequest(c.getMessage());
            }
            throw ApiException.conflict(c == null ? "failed" : c.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted");
        }
    }
}
