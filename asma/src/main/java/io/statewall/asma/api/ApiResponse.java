package io.statewall.asma.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * What the API answers: status, content type and body; or, for a stream (server-sent events),
 * the {@link Stream} the server hands the open response to once the headers are decided.
 */
public record ApiResponse(int status, String contentType, byte[] body, Stream stream) {
    public static final String JSON = "application/json";

    /** An answer that stays open: the server gives it the response to write to. */
    @FunctionalInterface
    public interface Stream {
        /** Takes over {@code out}; called on a server thread, so it must not block. */
        void open(Outlet out);
    }

    /** The open response of a {@link Stream}. */
    public interface Outlet {
        /** Writes and flushes {@code bytes}, blocking until they are sent; fails when the client has gone. */
        void write(byte[] bytes) throws IOException;

        /** Ends the response (once; later calls do nothing). */
        void end();

        /** {@code gone} runs when the connection fails or closes before {@link #end}. */
        void onGone(Runnable gone);
    }

    public ApiResponse(int status, String contentType, byte[] body) {
        this(status, contentType, body, null);
    }

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, JSON, Json.bytes(body));
    }

    public static ApiResponse ok(JsonNode body) {
        return json(200, body);
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A 200 that streams: the headers now, then what {@code stream} writes. */
    public static ApiResponse streaming(String contentType, Stream stream) {
        return new ApiResponse(200, contentType, new byte[0], stream);
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
