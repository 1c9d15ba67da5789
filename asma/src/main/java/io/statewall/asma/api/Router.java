package io.statewall.asma.api;

import io.statewall.asma.auth.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds the route of a request, checks the caller's token against the route's role, and runs
 * it. The order of checks is the usual one: an unknown path is 404; a known path with another
 * method is 405 (with Allow); then a missing or invalid token is 401, a role too low 403.
 */
public final class Router {
    /** Outcome of dispatching, for the metrics: the route template matched (or null) and the response. */
    public record Dispatched(String template, ApiResponse response) {
    }

    /** Told of a request refused for its role (403) on a route that changes something. */
    @FunctionalInterface
    public interface Denied {
        void denied(ApiRequest request, String message);
    }

    private final List<Route> routes = new ArrayList<>();
    private final Function<String, java.util.Optional<Principal>> authenticate;
    private volatile Denied denied = (r, m) -> { };

    /** {@code authenticate} turns a bearer secret into its principal. */
    public Router(Function<String, java.util.Optional<Principal>> authenticate) {
        this.authenticate = authenticate;
    }

    /** {@code hook} hears of every 403 on a non-GET route (the audit log records them); it runs before the answer. */
    public void onDenied(Denied hook) {
        denied = hook;
    }

    public void add(Route r) {
        for (Route e : routes) {
            if (e.method().equals(r.method()) && e.template().equals(r.template())) {
                throw new IllegalArgumentException("route " + r.method() + " " + r.template() + " declared twice");
            }
        }
        routes.add(r);
    }

    /** Every route, in declaration order (the OpenAPI test compares them with the document). */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public Dispatched dispatch(ApiRequest request) {
        List<String> path = List.of(request.path().substring(1).split("/", -1));
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Map<String, String> params = match(r.segments(), path);
            if (params == null) {
                continue;
            }
            if (!r.method().equals(request.method())) {
                allowed.add(r.method());
                continue;
            }
            request.pathParams = params;
            return new Dispatched(r.template(), run(r, request));
        }
        if (!allowed.isEmpty()) {
            ApiResponse e = ApiResponse.error(405, request.method() + " is not allowed here; allowed: "
                    + String.join(", ", allowed));
            return new Dispatched(null, e);
        }
        return new Dispatched(null, ApiResponse.error(404, "no such endpoint: " + request.path()));
    }

    private ApiResponse run(Route r, ApiRequest request) {
        if (r.minRole() != null) {
            String auth = request.header("Authorization");
            if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return unauthorized("a bearer token is required (Authorization: Bearer TOKEN)");
            }
            Principal p = authenticate.apply(auth.substring(7).strip()).orElse(null);
            if (p == null) {
                return unauthorized("the token is not valid (unknown, revoked or expired)");
            }
            request.principal = p;
            if (!p.role().includes(r.minRole())) {
                String message = "this needs the " + r.minRole().text() + " role; " + p.name() + " is " + p.role().text();
                if (!r.method().equals("GET")) {
                    try {
                        denied.denied(request, message);
                    } catch (RuntimeException e) {
                        // the refusal stands even when it cannot be recorded
                    }
                }
                return ApiResponse.error(403, message);
            }
        }
        try {
            return r.handler().handle(request);
        } catch (ApiException e) {
            return ApiResponse.error(e.status(), e.getMessage());
        } catch (Exception e) {
            return ApiResponse.error(500, "internal error (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static ApiResponse unauthorized(String message) {
        return ApiResponse.error(401, message);
    }

    /** The path parameters if {@code template} matches {@code path}, else null. */
    static Map<String, String> match(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            String p = path.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                if (p.isEmpty()) {
                    return null;
                }
                if (params == null) {
                    params = new HashMap<>();
                }
                params.put(t.substring(1, t.length() - 1), p);
            } else if (!t.equals(p)) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }
}
