package io.statewall.engine.baseline;

import io.statewall.engine.policy.Problem;
import java.util.List;

/** A baseline file that cannot be read; carries every problem found, in file order. */
public final class BaselineFormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String sourceName;
    private final List<Problem> problems;

    public BaselineFormatException(String sourceName, List<Problem> problems) {
        super(problems.isEmpty() ? sourceName : problems.getFirst().format(sourceName));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a BaselineFormatException needs at least one problem");
        }
        this.sourceName = sourceName;
        this.problems = List.copyOf(problems);
    }

    public String sourceName() {
        return sourceName;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** One {@code file:line:column: message} line per problem. */
    public List<String> lines() {
        return problems.stream().map(p -> p.format(sourceName)).toList();
    }
}
