package io.statewall.engine.policy;

import java.util.Objects;

/**
 * One result of {@link PolicyVerifier}: an {@link Severity#ERROR} means the policy does not do
 * what its author can have meant (protected traffic blockable, a rule that can never fire);
 * a {@link Severity#WARNING} is worth a look.
 *
 * @param ruleId the rule the finding is about, or null when it is about a ruleset or state
 */
public record Finding(Severity severity, SourceLocation location, String message, String ruleId) {
    public enum Severity { ERROR, WARNING }

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** {@code policy.yaml:42:9: error: message}. */
    public String format(String sourceName) {
        String where = location.isKnown() ? sourceName + ":" + location : sourceName;
        return where + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
