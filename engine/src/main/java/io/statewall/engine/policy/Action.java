package io.statewall.engine.policy;

/** What a rule or a ruleset's default does with a matching message. */
public enum Action {
    /** Forward, record nothing beyond the flow. */
    ALLOW,
    /** Forward and raise an alert. */
    ALERT,
    /** Drop when inline (alert when passive); never applied to protected traffic. */
    BLOCK
}
