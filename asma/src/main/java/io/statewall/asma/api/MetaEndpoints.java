package io.statewall.asma.api;

import io.statewall.asma.auth.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** The API's own description ({@code /api/v1/openapi.yaml}), a health check, and Prometheus metrics. */
final class MetaEndpoints {
    /** The OpenAPI document, in the jar. */
    static final String OPENAPI_RESOURCE = "/openapi.yaml";

    private final ApiContext ctx;
    private final byte[] openapi;

    MetaEndpoints(ApiContext ctx) {
        this.ctx = ctx;
        this.openapi = openapi();
    }

    static byte[] openapi() {
        try (InputStream in = MetaEndpoints.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the program");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(Router router) {
        router.add(new Route("GET", "/api/v1/openapi.yaml", null,
                r -> new ApiResponse(200, "application/yaml", openapi)));
        router.add(new Route("GET", "/api/v1/health", null, this::health));
        router.add(new Route("GET", "/metrics", ctx.metricsPublic() ? null : Role.VIEWER,
                r -> ApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", ctx.metrics().get())));
    }

    private ApiResponse health(ApiRequest r) {
        Params.only(r, Set.of());
        ObjectNode o = Json.object();
        o.put("status", "ok");
        o.put("nmas_connected", ctx.control().connected().size());
        return ApiResponse.ok(o);
    }
}
