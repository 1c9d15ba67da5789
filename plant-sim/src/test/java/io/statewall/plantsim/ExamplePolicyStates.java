package io.statewall.plantsim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plant model of {@code examples/thermal-power-unit.yaml}, transcribed, and evaluated the way
 * the NMA's state tracker documents it (engine {@code StateTracker}, {@code VariableView},
 * {@code Condition}), so that this module's tests can say which states an NMA watching the HMI's
 * polls would infer, without depending on the engine:
 *
 * <ul>
 *   <li>a variable is unknown until read, and stale (unknown) once older than its max age;</li>
 *   <li>{@code rate(x)} is taken between the last two <em>changes</em> of x (the process image
 *       reports only changed values), in units per wall second;</li>
 *   <li>three-valued logic: a comparison on an unknown value is UNKNOWN;</li>
 *   <li>the current state's condition is relaxed by its deadbands; the others are evaluated as
 *       written;</li>
 *   <li>another state wins if its condition holds and the current one's does not, or if it has a
 *       strictly higher priority; never before the current state's dwell has passed unless the
 *       winner overrides dwell; an UNKNOWN current condition with no winner falls back to
 *       {@code unknown}; nothing holding keeps the state;</li>
 *   <li>declarations force a state until released; release goes to the best state that holds.</li>
 * </ul>
 *
 * {@link ExamplePolicyTest} checks this transcription against the YAML file itself.
 */
final class ExamplePolicyStates {

    enum Truth { TRUE, FALSE, UNKNOWN }

    /** A condition over the view; {@code relaxed}: the deadbands of the state it belongs to apply. */
    interface Cond {
        Truth eval(View v, boolean relaxed);
    }

    record Def(String name, int priority, double dwellSeconds, boolean overridesDwell, String text, Cond cond) {
    }

    /** name, priority, dwell, overrides_dwell, and the YAML's condition text beside its transcription. */
    static final List<Def> STATES = List.of(
            new Def("stopped", 10, 0, false, "turbine_speed < 50 and fuel_flow < 0.5 and not breaker_closed",
                    and(lt("turbine_speed", 50, 0), lt("fuel_flow", 0.5, 0), not(flag("breaker_closed")))),
            new Def("start-up", 20, 30, false, "fuel_flow >= 0.5 and not breaker_closed and drum_pressure > 5",
                    and(ge("fuel_flow", 0.5, 0), not(flag("breaker_closed")), gt("drum_pressure", 5, 2))),
            new Def("normal", 30, 60, false, "breaker_closed and load_mw > 5 and steam_temp in 480..560",
                    and(flag("breaker_closed"), gt("load_mw", 5, 2), in("steam_temp", 480, 560, 5))),
            new Def("shut-down", 25, 0, false,
                    "rate(load_mw) < -0.5 or (not breaker_closed and rate(turbine_speed) < -5)",
                    or(rateLt("load_mw", -0.5), and(not(flag("breaker_closed")), rateLt("turbine_speed", -5)))),
            new Def("trip", 100, 0, true, "tripped or (turbine_speed > 3300 and governor_valve > 5)",
                    or(flag("tripped"), and(gt("turbine_speed", 3300, 0), gt("governor_valve", 5, 0)))));

    /** The YAML's deadbands, as transcribed into the conditions above. */
    static final Map<String, Map<String, Double>> DEADBANDS = Map.of(
            "start-up", Map.of("turbine_speed", 20.0, "drum_pressure", 2.0),
            "normal", Map.of("load_mw", 2.0, "steam_temp", 5.0));

    static final Map<String, Set<String>> TRANSITIONS = Map.of(
            "unknown", Set.of("stopped", "start-up", "normal", "shut-down", "trip", "maintenance"),
            "stopped", Set.of("start-up", "maintenance", "trip"),
            "start-up", Set.of("normal", "shut-down", "stopped", "trip"),
            "normal", Set.of("shut-down", "trip"),
            "shut-down", Set.of("stopped", "start-up", "trip"),
            "trip", Set.of("stopped", "maintenance"),
            "maintenance", Set.of("stopped"));

    /** Max ages, seconds; every other variable has the default 10 s. */
    static final Map<String, Double> MAX_AGE = Map.of("drum_pressure", 5.0, "steam_temp", 5.0);
    static final double DEFAULT_MAX_AGE = 10;

    /** The policy's variables and the HMI tags (same names) that carry them. */
    static final List<String> VARIABLES = List.of("drum_pressure", "steam_temp", "fuel_flow", "turbine_speed",
            "governor_valve", "breaker_closed", "load_mw", "tripped");

    /** A switch the tracker made; {@code allowed} per the transitions. */
    record Switch(double wallTime, String from, String to, String origin, boolean allowed) {
    }

    private final Map<String, Var> vars = new HashMap<>();
    private final List<Switch> switches = new ArrayList<>();
    private String current = "unknown";
    private double enteredAt;
    private double now;
    private boolean declared;

    ExamplePolicyStates() {
        for (String v : VARIABLES) {
            vars.put(v, new Var(MAX_AGE.getOrDefault(v, DEFAULT_MAX_AGE)));
        }
    }

    String current() {
        return current;
    }

    List<Switch> switches() {
        return List.copyOf(switches);
    }

    /** States entered, in order, starting from the first one after {@code unknown}. */
    List<String> visited() {
        List<String> out = new ArrayList<>();
        for (Switch s : switches) {
            out.add(s.to());
        }
        return out;
    }

    List<Switch> forbidden() {
        return switches.stream().filter(s -> !s.allowed()).toList();
    }

    /**
     * One poll's answers arrived at {@code wallTime}: every variable read (changed or not) is
     * refreshed; if any changed, the states are re-evaluated.
     */
    void update(Map<String, Double> readings, double wallTime) {
        now = wallTime;
        boolean changed = false;
        for (Map.Entry<String, Double> e : readings.entrySet()) {
            Var v = vars.get(e.getKey());
            if (v != null && !Double.isNaN(e.getValue())) {
                changed |= v.read(e.getValue(), wallTime);
            }
        }
        if (changed && !declared) {
            decide();
        }
    }

    /** Time passes (the NMA ticks about once a second): staleness and dwell expiry act. */
    void tick(double wallTime) {
        now = wallTime;
        if (!declared) {
            decide();
        }
    }

    void declare(String state, double wallTime) {
        now = wallTime;
        declared = true;
        switchTo(state, "declared");
    }

    void release(double wallTime) {
        now = wallTime;
        declared = false;
        Def best = null;
        for (Def d : STATES) {
            if (d.cond().eval(view(), false) == Truth.TRUE && (best == null || d.priority() > best.priority())) {
                best = d;
            }
        }
        switchTo(best == null ? "unknown" : best.name(), "released");
    }

    private void decide() {
        Def here = def(current);
        Truth holds = here == null ? Truth.FALSE : here.cond().eval(view(), true);
        Def best = null;
        for (Def d : STATES) {
            if (!d.name().equals(current) && d.cond().eval(view(), false) == Truth.TRUE
                    && (best == null || d.priority() > best.priority())) {
                best = d;
            }
        }
        int herePriority = here == null ? Integer.MIN_VALUE : here.priority();
        if (best != null && (holds != Truth.TRUE || best.priority() > herePriority)) {
            double dwell = here == null ? 0 : here.dwellSeconds();
            if (now - enteredAt < dwell && !best.overridesDwell()) {
                return;
            }
            switchTo(best.name(), "condition");
        } else if (holds == Truth.UNKNOWN && !current.equals("unknown")) {
            switchTo("unknown", "stale");
        }
    }

    private void switchTo(String to, String origin) {
        boolean allowed = origin.equals("stale") || to.equals("unknown")
                || TRANSITIONS.getOrDefault(current, Set.of()).contains(to);
        switches.add(new Switch(now, current, to, origin, allowed));
        current = to;
        enteredAt = now;
    }

    private static Def def(String name) {
        for (Def d : STATES) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    private View view() {
        return new View(vars, now);
    }

    /** One variable as the process image and the view keep it. */
    static final class Var {
        final double maxAge;
        boolean known;
        double value;
        double updatedAt;
        int observed;
        double prevValue;
        double prevTime;
        double lastValue;
        double lastTime;

        Var(double maxAge) {
            this.maxAge = maxAge;
        }

        /** @return whether the value changed (or was seen for the first time) */
        boolean read(double v, double t) {
            boolean changed = !known || v != value;
            known = true;
            value = v;
            updatedAt = t;
            if (changed) {
                if (observed > 0 && t == lastTime) {
                    lastValue = v;
                } else {
                    prevValue = lastValue;
                    prevTime = lastTime;
                    lastValue = v;
                    lastTime = t;
                    observed = Math.min(2, observed + 1);
                }
            }
            return changed;
        }
    }

    record View(Map<String, Var> vars, double now) {
        double value(String name) {
            Var v = vars.get(name);
            return v.known && now - v.updatedAt <= v.maxAge ? v.value : Double.NaN;
        }

        double rate(String name) {
            Var v = vars.get(name);
            if (v.observed < 2 || Double.isNaN(value(name))) {
                return Double.NaN;
            }
            return (v.lastValue - v.prevValue) / (v.lastTime - v.prevTime);
        }
    }

    // ---- the condition language, as much of it as the example uses ----

    static Cond lt(String var, double x, double deadband) {
        return (v, relaxed) -> compare(v.value(var), value -> value < x + (relaxed ? deadband : 0));
    }

    static Cond gt(String var, double x, double deadband) {
        return (v, relaxed) -> compare(v.value(var), value -> value > x - (relaxed ? deadband : 0));
    }

    static Cond ge(String var, double x, double deadband) {
        return (v, relaxed) -> compare(v.value(var), value -> value >= x - (relaxed ? deadband : 0));
    }

    static Cond in(String var, double lo, double hi, double deadband) {
        return (v, relaxed) -> {
            double d = relaxed ? deadband : 0;
            return compare(v.value(var), value -> value >= lo - d && value <= hi + d);
        };
    }

    static Cond rateLt(String var, double x) {
        return (v, relaxed) -> compare(v.rate(var), value -> value < x);
    }

    static Cond flag(String var) {
        return (v, relaxed) -> compare(v.value(var), value -> value != 0);
    }

    static Cond not(Cond c) {
        return (v, relaxed) -> switch (c.eval(v, relaxed)) {
            case TRUE -> Truth.FALSE;
            case FALSE -> Truth.TRUE;
            case UNKNOWN -> Truth.UNKNOWN;
        };
    }

    static Cond and(Cond... cs) {
        return (v, relaxed) -> {
            Truth out = Truth.TRUE;
            for (Cond c : cs) {
                Truth t = c.eval(v, relaxed);
                if (t == Truth.FALSE) {
                    return Truth.FALSE;
                }
                if (t == Truth.UNKNOWN) {
                    out = Truth.UNKNOWN;
                }
            }
            return out;
        };
    }

    static Cond or(Cond... cs) {
        return (v, relaxed) -> {
            Truth out = Truth.FALSE;
            for (Cond c : cs) {
                Truth t = c.eval(v, relaxed);
                if (t == Truth.TRUE) {
                    return Truth.TRUE;
                }
                if (t == Truth.UNKNOWN) {
                    out = Truth.UNKNOWN;
                }
            }
            return out;
        };
    }

    private static Truth compare(double value, java.util.function.DoublePredicate p) {
        if (Double.isNaN(value)) {
            return Truth.UNKNOWN;
        }
        return p.test(value) ? Truth.TRUE : Truth.FALSE;
    }
}
