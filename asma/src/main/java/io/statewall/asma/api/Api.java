package io.statewall.asma.api;

import io.statewall.asma.auth.Role;
import io.statewall.asma.console.LiveFeed;
import io.statewall.asma.orchestration.Orchestrator;
import io.statewall.asma.plant.PlantSupervisor;
import java.time.Duration;

/** Every endpoint of the REST API, in one router. */
public final class Api {
    private Api() {
    }

    public static Router router(ApiContext ctx) {
        ApiBodies bodies = new ApiBodies(ctx, null);
        return router(ctx, null, new Orchestrator(ctx.store(), ctx.control(), Duration.ofSeconds(15)),
                bodies, new LiveFeed(bodies, ctx.tokens()::authenticate));
    }

    /**
     * With the plant supervisor (null: no plant file), the orchestration, the bodies the API and
     * the live feed share, and the live feed ({@code GET /api/v1/stream}).
     */
    public static Router router(ApiContext ctx, PlantSupervisor plant, Orchestrator orchestrator, ApiBodies bodies,
                                LiveFeed feed) {
        Router router = new Router(ctx.tokens()::authenticate);
        // A refused change is worth knowing about: who tried what they may not do.
        router.onDenied((r, message) -> ctx.audit(r, r.actor(), "denied", r.method() + " " + r.path(), "refused", message));
        new MetaEndpoints(ctx).register(router);
        new SessionEndpoints(ctx).register(router);
        new NmaEndpoints(ctx, bodies).register(router);
        new EventEndpoints(ctx, feed::acknowledged).register(router);
        new ControlEndpoints(ctx).register(router);
        new DocumentEndpoints(ctx).register(router);
        new PolicyViewEndpoints(ctx).register(router);
        new AdminEndpoints(ctx).register(router);
        new EnrolmentEndpoints(ctx).register(router);
        new PlantEndpoints(ctx, plant, bodies).register(router);
        new PushEndpoints(ctx, orchestrator).register(router);
        new OverviewEndpoints(ctx, bodies).register(router);
        router.add(new Route("GET", "/api/v1/stream", Role.VIEWER, feed::subscribe));
        return router;
    }
}
