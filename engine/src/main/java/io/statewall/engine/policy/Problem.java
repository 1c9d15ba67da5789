package io.statewall.engine.policy;

import java.util.Objects;

/** One thing wrong with a policy file, at the place to fix it. */
public record Problem(SourceLocation location, String message) {
    public Problem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** {@code policy.yaml:42:9: message}, the form editors and CI logs link to. */
    public String format(String sourceName) {
        return location.isKnown() ? sourceName + ":" + location + ": " + message : sourceName + ": " + message;
    }
}
