package io.statewall.engine.state;

/**
 * Kleene's three-valued logic. A comparison on a variable that is unknown or stale is
 * {@link #UNKNOWN}, and UNKNOWN propagates: {@code not UNKNOWN} is UNKNOWN, {@code FALSE and
 * UNKNOWN} is FALSE, {@code TRUE or UNKNOWN} is TRUE. Only {@link #TRUE} makes a state hold, so
 * neither {@code x > 5} nor {@code not (x > 5)} holds while {@code x} is unknown: the tracker
 * never infers a state from missing data.
 */
public enum Truth {
    FALSE, TRUE, UNKNOWN;

    static Truth of(boolean b) {
        return b ? TRUE : FALSE;
    }

    Truth not() {
        return switch (this) {
            case TRUE -> FALSE;
            case FALSE -> TRUE;
            case UNKNOWN -> UNKNOWN;
        };
    }
}
