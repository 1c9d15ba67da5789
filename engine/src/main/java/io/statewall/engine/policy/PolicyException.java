package io.statewall.engine.policy;

import java.util.List;

/** A policy file that cannot be loaded; carries every problem found, in file order. */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String sourceName;
    private final List<Problem> problems;

    public PolicyException(String sourceName, List<Problem> problems) {
        super(describe(sourceName, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a PolicyException needs at least one problem");
        }
        this.sourceName = sourceName;
        this.problems = List.copyOf(problems);
    }

    private static String describe(String sourceName, List<Problem> problems) {
        StringBuilder sb = new StringBuilder();
        for (Problem p : problems) {
            sb.append(sb.isEmpty() ? "" : "\n").append(p.format(sourceName));
        }
        return sb.toString();
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
