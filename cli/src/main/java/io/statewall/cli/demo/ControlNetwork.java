package io.statewall.cli.demo;

import io.statewall.plantsim.Controller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of the demo's control networks: the inline NMA that guards it (its name is its link
 * certificate's CN and its entry in the ASMA's plant file {@code demo.plant.yaml}), the controllers
 * behind it, and what its own readings can say of the unit's operating state.
 *
 * <p>An NMA only ever sees its own network's polls, so the example policy's conditions, which
 * join the boiler's and the turbine's readings, would stay unknown on both. Each network states
 * them in its own variables instead; the ASMA joins the two views into the plant's state and
 * pushes it back, and both NMAs enforce that one. The rules stay the example's.
 *
 * @param nma         the NMA's name
 * @param controllers the controllers behind it, in the order of its routes
 * @param conditions  operating state → its condition over this network's variables; a state of the
 *                    example that is missing here is one this network cannot see (it is only
 *                    ever pushed or declared)
 */
record ControlNetwork(String nma, List<Controller> controllers, Map<String, String> conditions) {
    /** The boiler network, with the safety PLC on it: firing, drum pressure, steam, the ESD's trip bit. */
    static final ControlNetwork BOILER = new ControlNetwork("boiler-nma", List.of(Controller.BOILER, Controller.SAFETY),
            ordered("stopped", "fuel_flow < 0.5",
                    // Fired but the steam not yet at working temperature: the unit is starting. Hot
                    // steam says nothing on its own (on load, or running down with fire still on).
                    "start-up", "fuel_flow >= 0.5 and drum_pressure > 5 and steam_temp < 480",
                    "trip", "tripped"));
    /** The turbine network: speed, governor valve, generator breaker, load. */
    static final ControlNetwork TURBINE = new ControlNetwork("turbine-nma", List.of(Controller.TURBINE),
            ordered("stopped", "turbine_speed < 50 and not breaker_closed",
                    "start-up", "not breaker_closed and turbine_speed >= 50 and rate(turbine_speed) > 1",
                    "normal", "breaker_closed and load_mw > 5",
                    // The example's, but a speed falling below the synchronous band: the governor
                    // settling at 3000 rpm after the run-up is no run-down.
                    "shut-down", "rate(load_mw) < -0.5 or (not breaker_closed and rate(turbine_speed) < -5"
                            + " and turbine_speed < 2900)",
                    "trip", "turbine_speed > 3300 and governor_valve > 5"));
    static final List<ControlNetwork> DEMO = List.of(BOILER, TURBINE);

    ControlNetwork {
        controllers = List.copyOf(controllers);
        conditions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
    }

    /** The network a controller is on. */
    static ControlNetwork of(Controller c) {
        for (ControlNetwork n : DEMO) {
            if (n.controllers.contains(c)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no demo network has " + c);
    }

    private static Map<String, String> ordered(String... stateThenCondition) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < stateThenCondition.length; i += 2) {
            m.put(stateThenCondition[i], stateThenCondition[i + 1]);
        }
        return m;
    }
}
