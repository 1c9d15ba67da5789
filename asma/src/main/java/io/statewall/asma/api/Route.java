package io.statewall.asma.api;

import io.statewall.asma.auth.Role;
import java.util.List;

/**
 * One endpoint: method, path template ({@code /api/v1/alerts/{id}}), the least role that may
 * call it (null: public, no token needed) and what answers it.
 */
public record Route(String method, String template, Role minRole, Handler handler) {
    /** Answers a request that was authenticated and authorised. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    List<String> segments() {
        return List.of(template.substring(1).split("/"));
    }
}
