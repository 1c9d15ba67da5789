package io.statewall.engine.policy;

import java.util.List;
import java.util.Objects;

/** The rules of one operating state, tried in order, and what to do when none matches. */
public record RuleSet(Action defaultAction, FailMode failMode, List<Rule> rules, SourceLocation location) {
    /** What a state gets when the file names no {@code default_ruleset}: alert on everything, fail open. */
    public static final RuleSet IMPLICIT_DEFAULT = new RuleSet(Action.ALERT, FailMode.OPEN, List.of(), SourceLocation.NONE);

    public RuleSet {
        Objects.requireNonNull(defaultAction, "defaultAction");
        Objects.requireNonNull(failMode, "failMode");
        Objects.requireNonNull(location, "location");
        rules = List.copyOf(rules);
    }

    public RuleSet(Action defaultAction, FailMode failMode, List<Rule> rules) {
        this(defaultAction, failMode, rules, SourceLocation.NONE);
    }
}
