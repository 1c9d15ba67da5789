package io.statewall.asma.api;

import io.statewall.asma.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One API request, independent of the HTTP server: method, path, query parameters (each name
 * with all its values), a header lookup, the body, the caller's address, and once routed the path
 * parameters and the authenticated principal (null on public endpoints).
 */
public final class ApiRequest {
    private final String method;
    private final String path;
    private final Map<String, List<String>> query;
    private final Function<String, String> headers;
    private final byte[] body;
    private final String remote;
    Map<String, String> pathParams = Map.of();
    Principal principal;

    public ApiRequest(String method, String path, Map<String, List<String>> query, Function<String, String> headers,
                      byte[] body, String remote) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.remote = remote;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String header(String name) {
        return headers.apply(name);
    }

    public String remote() {
        return remote;
    }

    public Principal principal() {
        return principal;
    }

    /** The caller's name for the audit log ("anonymous" on public endpoints). */
    public String actor() {
        return principal == null ? "anonymous" : principal.name();
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** A path parameter that must be a positive whole number. */
    public long pathId(String name) {
        String v = pathParams.get(name);
        try {
            long id = Long.parseLong(v);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest(name + " '" + v + "': a positive whole number expected");
    }

    public Map<String, List<String>> query() {
        return query;
    }

    /** The single value of a query parameter, or null; given twice is an error. */
    public String param(String name) {
        List<String> v = query.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw ApiException.badRequest("query parameter '" + name + "' given " + v.size() + " times");
        }
        return v.getFirst();
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as a JSON object (400 when it is not one). */
    public JsonNode json() {
        if (body.length == 0) {
            throw ApiException.badRequest("a JSON object body is required");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return n;
    }
}
