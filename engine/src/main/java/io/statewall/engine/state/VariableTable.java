package io.statewall.engine.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The named process variables a state model may refer to, numbered 0..n-1 in declaration
 * order. Names are identifiers ({@code drum_pressure}, {@code unit1.turbine_speed}) and may not
 * be one of the condition language's keywords.
 */
public final class VariableTable {
    static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "rate");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private final List<String> names;
    private final Map<String, Integer> index = new HashMap<>();

    private VariableTable(List<String> names) {
        this.names = List.copyOf(names);
        for (int i = 0; i < this.names.size(); i++) {
            String name = this.names.get(i);
            if (!NAME.matcher(name).matches() || name.endsWith(".")) {
                throw new IllegalArgumentException("variable name '" + name + "' is not an identifier");
            }
            if (KEYWORDS.contains(name)) {
                throw new IllegalArgumentException("variable name '" + name + "' is a keyword of the condition language");
            }
            if (index.putIfAbsent(name, i) != null) {
                throw new IllegalArgumentException("variable '" + name + "' is declared twice");
            }
        }
    }

    public static VariableTable of(String... names) {
        return new VariableTable(List.of(names));
    }

    public static VariableTable of(List<String> names) {
        return new VariableTable(names);
    }

    /** The variable's number, or -1 if there is no such variable. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    public String name(int variable) {
        return names.get(variable);
    }

    public int size() {
        return names.size();
    }

    public List<String> names() {
        return names;
    }

    @Override
    public String toString() {
        return String.join(", ", names);
    }
}
