package io.statewall.asma.api;

/** Every endpoint of the REST API, in one router. */
public final class Api {
    private Api() {
    }

    public static Router router(ApiContext ctx) {
        return router(ctx, null, new io.statewall.asma.orchestration.Orchestrator(ctx.store(), ctx.control(),
                java.time.Duration.ofSeconds(15)));
    }

    /** With the plant supervisor (null: no plant file) and the orchestration. */
    public static Router router(ApiContext ctx, io.statewall.asma.plant.PlantSupervisor plant,
                                io.statewall.asma.orchestration.Orchestrator orchestrator) {
        Router router = new Router(ctx.tokens()::authenticate);
        new MetaEndpoints(ctx).register(router);
        new SessionEndpoints(ctx).register(router);
        new NmaEndpoints(ctx).register(router);
        new EventEndpoints(ctx).register(router);
        new ControlEndpoints(ctx).register(router);
        new DocumentEndpoints(ctx).register(router);
        new AdminEndpoints(ctx).register(router);
        new EnrolmentEndpoints(ctx).register(router);
        new PlantEndpoints(ctx, plant).register(router);
        new PushEndpoints(ctx, orchestrator).register(router);
        return router;
    }
}
