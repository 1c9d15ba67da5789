package io.statewall.asma.api;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** What the API answers: status, content type and body. */
public record ApiResponse(int status, String contentType, byte[] body) {
    public static final String JSON = "application/json";

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, JSON, Json.bytes(body));
    }

    public static ApiResponse ok(JsonNode body) {
        return json(200, body);
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON error body: {@code {"error":{"status":404,"message":"..."}}}. */
    public static ApiResponse error(int status, String message) {
        var o = Json.object();
        var e = o.putObject("error");
        e.put("status", status);
        e.put("message", message);
        return json(status, o);
    }
}
