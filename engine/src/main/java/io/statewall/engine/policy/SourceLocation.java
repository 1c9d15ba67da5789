package io.statewall.engine.policy;

/**
 * Where something was written in a policy file: 1-based line and column, as an editor shows
 * them. {@link #NONE} marks things built in code or implied by the format (the state
 * {@code unknown}, a defaulted ruleset).
 */
public record SourceLocation(int line, int column) {
    public static final SourceLocation NONE = new SourceLocation(0, 0);

    public SourceLocation {
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be >= 0: " + line + ":" + column);
        }
    }

    public boolean isKnown() {
        return line > 0;
    }

    /** {@code line:column}, the form compilers print after a file name. */
    @Override
    public String toString() {
        return line + ":" + column;
    }
}
