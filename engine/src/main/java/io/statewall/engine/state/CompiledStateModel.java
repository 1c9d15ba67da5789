package io.statewall.engine.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@link StateModel} bound to a {@link VariableTable}: compiled conditions, deadband
 * arrays, the transition matrix, and the variable → dependent-states index the tracker uses to
 * re-evaluate only what a change can affect. Immutable; one model may serve several trackers.
 */
public final class CompiledStateModel {
    private final StateModel source;
    private final VariableTable variables;
    private final OperatingState[] states;
    private final Map<String, OperatingState> byName = new HashMap<>();
    private final double[][] deadband; // [state][2n], see Condition#evaluateRelaxed
    private final boolean[][] allowed; // [from][to]
    private final int[][] dependents; // [variable] -> states whose condition reads it
    private final long[] maxAgeNanos;
    private final OperatingState initial;
    private final OperatingState staleFallback;

    private CompiledStateModel(StateModel source, VariableTable variables, OperatingState[] states,
                               double[][] deadband, boolean[][] allowed, int[][] dependents, long[] maxAgeNanos,
                               String initial, String staleFallback) {
        this.source = source;
        this.variables = variables;
        this.states = states;
        for (OperatingState s : states) {
            byName.put(s.name(), s);
        }
        this.deadband = deadband;
        this.allowed = allowed;
        this.dependents = dependents;
        this.maxAgeNanos = maxAgeNanos;
        this.initial = byName.get(initial);
        this.staleFallback = byName.get(staleFallback);
    }

    static CompiledStateModel compile(StateModel model, VariableTable vars) throws InvalidStateModelException {
        List<String> problems = new ArrayList<>();
        int n = vars.size();
        List<StateDef> defs = new ArrayList<>(model.states());
        Set<String> names = new LinkedHashSet<>();
        for (StateDef d : defs) {
            if (d.name().isBlank()) {
                problems.add("a state has an empty name");
            } else if (!names.add(d.name())) {
                problems.add("state '" + d.name() + "' is declared twice");
            }
        }
        boolean unknownNamed = model.initial().equals(StateModel.UNKNOWN) || model.staleFallback().equals(StateModel.UNKNOWN);
        if (unknownNamed && names.add(StateModel.UNKNOWN)) {
            defs.add(StateDef.of(StateModel.UNKNOWN, null, Integer.MIN_VALUE));
        }
        if (!names.contains(model.initial())) {
            problems.add("initial state '" + model.initial() + "' is not a state (states: " + String.join(", ", names) + ")");
        }
        if (!names.contains(model.staleFallback())) {
            problems.add("stale fallback state '" + model.staleFallback() + "' is not a state (states: "
                    + String.join(", ", names) + ")");
        }

        OperatingState[] states = new OperatingState[defs.size()];
        double[][] deadband = new double[defs.size()][2 * n];
        for (int i = 0; i < defs.size(); i++) {
            StateDef d = defs.get(i);
            Condition c = null;
            if (d.condition() != null) {
                try {
                    c = ConditionParser.parse(d.condition(), vars);
                } catch (ConditionSyntaxException e) {
                    problems.add("state '" + d.name() + "': " + e.getMessage());
                }
            }
            for (Map.Entry<String, Double> e : d.deadband().entrySet()) {
                int slot = slot(e.getKey(), vars);
                double width = e.getValue() == null ? Double.NaN : e.getValue();
                if (slot < 0) {
                    problems.add("state '" + d.name() + "': deadband names '" + e.getKey()
                            + "', which is neither a variable nor rate(variable) (variables: " + vars + ")");
                } else if (!(width >= 0) || Double.isInfinite(width)) {
                    problems.add("state '" + d.name() + "': deadband of '" + e.getKey() + "' must be a finite number >= 0, is " + width);
                } else {
                    deadband[i][slot] = width;
                }
            }
            if (d.minDwell().isNegative()) {
                problems.add("state '" + d.name() + "': minimum dwell time is negative (" + d.minDwell() + ")");
            }
            states[i] = new OperatingState(i, d.name(), c, d.priority(), saturatedNanos(d.minDwell()), d.overridesDwell());
        }

        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < states.length; i++) {
            index.putIfAbsent(states[i].name(), i);
        }
        boolean[][] allowed = new boolean[states.length][states.length];
        if (model.transitions().isEmpty()) {
            for (boolean[] row : allowed) {
                Arrays.fill(row, true);
            }
        }
        for (Map.Entry<String, Set<String>> t : model.transitions().entrySet()) {
            Integer from = index.get(t.getKey());
            if (from == null) {
                problems.add("transitions: '" + t.getKey() + "' is not a state (states: " + String.join(", ", names) + ")");
                continue;
            }
            for (String next : t.getValue()) {
                Integer to = index.get(next);
                if (to == null) {
                    problems.add("transitions: '" + t.getKey() + "' → '" + next + "': '" + next
                            + "' is not a state (states: " + String.join(", ", names) + ")");
                } else {
                    allowed[from][to] = true;
                }
            }
        }
        Integer fallback = index.get(model.staleFallback());
        if (fallback != null) {
            for (int i = 0; i < states.length; i++) {
                allowed[i][fallback] = true;
                allowed[fallback][i] = true;
            }
        }

        long[] maxAge = new long[n];
        long defaultAge = VariableView.NO_MAX_AGE;
        if (model.defaultMaxAge() != null) {
            if (model.defaultMaxAge().isNegative() || model.defaultMaxAge().isZero()) {
                problems.add("default max age must be positive, is " + model.defaultMaxAge());
            } else {
                defaultAge = saturatedNanos(model.defaultMaxAge());
            }
        }
        Arrays.fill(maxAge, defaultAge);
        for (Map.Entry<String, Duration> e : model.maxAge().entrySet()) {
            int v = vars.indexOf(e.getKey());
            if (v < 0) {
                problems.add("max age given for '" + e.getKey() + "', which is not a variable (variables: " + vars + ")");
            } else if (e.getValue() == null || e.getValue().isNegative() || e.getValue().isZero()) {
                problems.add("max age of '" + e.getKey() + "' must be positive, is " + e.getValue());
            } else {
                maxAge[v] = saturatedNanos(e.getValue());
            }
        }

        if (!problems.isEmpty()) {
            throw new InvalidStateModelException(problems);
        }

        int[][] dependents = new int[n][];
        for (int v = 0; v < n; v++) {
            int count = 0;
            int[] list = new int[states.length];
            for (OperatingState s : states) {
                if (s.condition() != null && s.condition().dependsOn(v)) {
                    list[count++] = s.id();
                }
            }
            dependents[v] = Arrays.copyOf(list, count);
        }
        return new CompiledStateModel(model, vars, states, deadband, allowed, dependents, maxAge,
                model.initial(), model.staleFallback());
    }

    private static int slot(String key, VariableTable vars) {
        if (key.startsWith("rate(") && key.endsWith(")")) {
            int v = vars.indexOf(key.substring(5, key.length() - 1).strip());
            return v < 0 ? -1 : vars.size() + v;
        }
        return vars.indexOf(key);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    public StateModel source() {
        return source;
    }

    public VariableTable variables() {
        return variables;
    }

    /** All states, declared ones first in declaration order, then an implicit {@code unknown}. */
    public List<OperatingState> states() {
        return List.of(states);
    }

    /** The state of that name, or null. */
    public OperatingState state(String name) {
        return byName.get(name);
    }

    public OperatingState initial() {
        return initial;
    }

    public OperatingState staleFallback() {
        return staleFallback;
    }

    public boolean allowed(OperatingState from, OperatingState to) {
        return allowed[from.id()][to.id()];
    }

    /** Ids of the states whose condition reads the variable. */
    public int[] dependents(int variable) {
        return dependents[variable].clone();
    }

    public long maxAgeNanos(int variable) {
        return maxAgeNanos[variable];
    }

    OperatingState stateAt(int id) {
        return states[id];
    }

    int stateCount() {
        return states.length;
    }

    int[] dependentsUnsafe(int variable) {
        return dependents[variable];
    }

    double[] deadbandUnsafe(int state) {
        return deadband[state];
    }

    boolean allowedUnsafe(int from, int to) {
        return allowed[from][to];
    }
}
