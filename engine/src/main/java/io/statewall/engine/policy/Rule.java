package io.statewall.engine.policy;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One policy rule.
 *
 * @param severity 1 (high) … 4 (low)
 * @param message  text for the alert; may be null
 * @param attack   MITRE ATT&amp;CK for ICS technique ids ({@code T0855})
 * @param rate     null, or the count/window beyond which the rule fires
 */
public record Rule(String id, Match match, Action action, int severity, String message, List<String> attack,
                   Rate rate, SourceLocation location) {
    public static final int DEFAULT_SEVERITY = 2;
    public static final Pattern ATTACK_ID = Pattern.compile("T0\\d{3}");

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(location, "location");
        if (severity < 1 || severity > 4) {
            throw new IllegalArgumentException("severity must be 1..4: " + severity);
        }
        attack = attack == null ? List.of() : List.copyOf(attack);
        for (String t : attack) {
            if (!ATTACK_ID.matcher(t).matches()) {
                throw new IllegalArgumentException("not an ATT&CK for ICS technique id (T0nnn): " + t);
            }
        }
    }

    /** A rule with default severity, no message, no attack ids, no rate, no location. */
    public static Rule of(String id, Match match, Action action) {
        return new Rule(id, match, action, DEFAULT_SEVERITY, null, List.of(), null, SourceLocation.NONE);
    }

    public Rule withRate(Rate r) {
        return new Rule(id, match, action, severity, message, attack, r, location);
    }

    public Rule at(SourceLocation l) {
        return new Rule(id, match, action, severity, message, attack, rate, l);
    }
}
