package io.statewall.asma.plant;

import io.statewall.engine.state.Condition;
import io.statewall.engine.state.ConditionParser;
import io.statewall.engine.state.ConditionSyntaxException;
import io.statewall.engine.state.Truth;
import io.statewall.engine.state.VariableSource;
import io.statewall.engine.state.VariableTable;
import io.statewall.engine.state.VariableView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Checks the relations between process values that different NMAs report. Each NMA sees its own
 * network; a value spoofed on one (a forged answer, a lying device) disagrees with the physics
 * another one sees. A check that fails for its whole hold time is one alert per episode, naming
 * the values and the NMAs that reported them; a value older than its {@code max_age} is unknown
 * and suspends the checks that read it: the ASMA never accuses on missing data.
 *
 * <p>Not thread-safe: the ASMA calls it from one thread.
 */
public final class CrossChecker {
    private final PlantModel model;
    private final VariableTable table;
    private final String[] nmaOf;
    private final String[] pointOf;
    private final Map<String, List<Integer>> byNma = new HashMap<>();
    private final double[] values;
    private final long[] updatedAt;
    private final boolean[] known;
    private final VariableView view;
    private final List<Running> checks = new ArrayList<>();

    /** One check and its current episode. */
    private static final class Running {
        final PlantModel.CrossCheck check;
        final Condition condition;
        final int first;
        final int second;
        final int[] reads;
        long failingSince = -1;
        boolean alerted;

        Running(PlantModel.CrossCheck check, Condition condition, int first, int second, int[] reads) {
            this.check = check;
            this.condition = condition;
            this.first = first;
            this.second = second;
            this.reads = reads;
        }
    }

    /** @throws IllegalArgumentException for a condition that does not parse (the loader checks them first) */
    public CrossChecker(PlantModel model) {
        this.model = Objects.requireNonNull(model, "model");
        List<String> names = new ArrayList<>(model.variables().keySet());
        names.sort(null);
        this.table = VariableTable.of(names);
        int n = names.size();
        this.nmaOf = new String[n];
        this.pointOf = new String[n];
        this.values = new double[n];
        this.updatedAt = new long[n];
        this.known = new boolean[n];
        VariableSource source = new VariableSource() {
            @Override
            public double value(int variable) {
                return values[variable];
            }

            @Override
            public boolean known(int variable) {
                return known[variable];
            }

            @Override
            public long updatedAt(int variable) {
                return updatedAt[variable];
            }
        };
        this.view = new VariableView(source, n);
        for (int i = 0; i < n; i++) {
            PlantModel.Variable v = model.variables().get(names.get(i));
            nmaOf[i] = v.nma();
            pointOf[i] = v.point();
            byNma.computeIfAbsent(v.nma(), k -> new ArrayList<>()).add(i);
            if (v.maxAge() != null) {
                view.maxAge(i, v.maxAge().toNanos());
            }
        }
        for (PlantModel.CrossCheck c : model.crossChecks()) {
            switch (c) {
                case PlantModel.CrossCheck.Holds h -> {
                    Condition cond = compile(h.condition(), table);
                    checks.add(new Running(c, cond, -1, -1, cond.variables()));
                }
                case PlantModel.CrossCheck.Agree a -> {
                    int f = table.indexOf(a.first());
                    int s = table.indexOf(a.second());
                    if (f < 0 || s < 0) {
                        throw new IllegalArgumentException(a.id() + ": unknown variable " + (f < 0 ? a.first() : a.second()));
                    }
                    checks.add(new Running(c, null, f, s, new int[] {f, s}));
                }
            }
        }
    }

    static Condition compile(String text, VariableTable table) {
        try {
            return ConditionParser.parse(text, table);
        } catch (ConditionSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * A process summary from {@code nma}: its points' current values at {@code timeNanos}.
     * Points the model does not name are ignored.
     *
     * @return the checks that have just failed for their whole hold time
     */
    public List<PlantAlert> onProcess(String nma, Map<String, Double> points, long timeNanos, String plantState) {
        for (int v : byNma.getOrDefault(nma, List.of())) {
            Double value = points.get(pointOf[v]);
            if (value != null && !value.isNaN()) {
                values[v] = value;
                updatedAt[v] = timeNanos;
                known[v] = true;
                view.now(timeNanos);
                view.observe(v);
            }
        }
        return check(timeNanos, plantState);
    }

    /** Time passed: values age, hold times run out. */
    public List<PlantAlert> check(long nowNanos, String plantState) {
        view.now(nowNanos);
        List<PlantAlert> out = new ArrayList<>();
        for (Running r : checks) {
            Truth t = evaluate(r);
            if (t != Truth.FALSE) {
                // TRUE: the relation holds; UNKNOWN: a value is missing or stale, no accusation
                r.failingSince = -1;
                r.alerted = false;
                continue;
            }
            if (r.failingSince < 0) {
                r.failingSince = nowNanos;
            }
            if (!r.alerted && nowNanos - r.failingSince >= r.check.holdFor().toNanos()) {
                r.alerted = true;
                out.add(alert(r, nowNanos, plantState));
            }
        }
        return out;
    }

    private Truth evaluate(Running r) {
        if (r.condition != null) {
            return r.condition.evaluate(view);
        }
        double a = view.value(r.first);
        double b = view.value(r.second);
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Truth.UNKNOWN;
        }
        return Math.abs(a - b) <= ((PlantModel.CrossCheck.Agree) r.check).tolerance() ? Truth.TRUE : Truth.FALSE;
    }

    private PlantAlert alert(Running r, long nowNanos, String plantState) {
        List<String> nmas = Arrays.stream(r.reads).mapToObj(v -> nmaOf[v]).distinct().sorted().toList();
        List<String> seen = new ArrayList<>();
        for (int v : r.reads) {
            seen.add(table.name(v) + "=" + number(values[v]) + " (" + nmaOf[v] + " " + pointOf[v] + ", "
                    + (nowNanos - updatedAt[v]) / 1_000_000 + " ms old)");
        }
        String expected = switch (r.check) {
            case PlantModel.CrossCheck.Holds h -> h.condition();
            case PlantModel.CrossCheck.Agree a -> a.first() + " and " + a.second() + " within ±" + number(a.tolerance());
        };
        String note = (r.check.description() == null || r.check.description().isEmpty() ? "" : r.check.description() + "; ")
                + "failing for " + (nowNanos - r.failingSince) / 1_000_000 + " ms: a spoofed value or a lying device on "
                + String.join(" or ", nmas);
        return new PlantAlert(nowNanos, "cross-check", r.check.id(), "Process values reported by different NMAs contradict each other",
                1, plantState, r.check.attack(), nmas, expected, String.join(", ", seen), note, List.of(), null);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    public PlantModel model() {
        return model;
    }
}
