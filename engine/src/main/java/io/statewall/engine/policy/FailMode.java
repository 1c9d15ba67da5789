package io.statewall.engine.policy;

/** What an inline sensor does with traffic it could not judge (overload, queue full). */
public enum FailMode {
    /** Forward it: availability of the plant first. */
    OPEN,
    /** Drop it: for zones where an unjudged command is worse than a lost one. */
    CLOSED
}
