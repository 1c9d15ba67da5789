package io.statewall.engine.state;

import java.util.List;

/** A state model that cannot run; carries every problem found, not only the first. */
public final class InvalidStateModelException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    InvalidStateModelException(List<String> problems) {
        super("invalid state model: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, e.g. {@code state 'normal': expected a number after '>' at column 17}. */
    public List<String> problems() {
        return problems;
    }
}
