package io.statewall.engine.policy;

import java.util.Objects;

/** Traffic that is never blocked in any state (a block verdict becomes an alert): ESD commands, trips. */
public record ProtectedSpec(String id, Match match, SourceLocation location) {
    public ProtectedSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(location, "location");
    }
}
