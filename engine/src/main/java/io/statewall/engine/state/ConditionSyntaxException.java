package io.statewall.engine.state;

/** A condition that does not parse, or names a variable that does not exist. */
public final class ConditionSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int column;

    ConditionSyntaxException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** 1-based column of the offending token; one past the end for "end of input". */
    public int column() {
        return column;
    }
}
