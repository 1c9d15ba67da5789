package io.statewall.plantsim;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario run as an NMA would watch it, without a clock: the plant is stepped by hand, the HMI
 * polls each controller over Modbus/TCP in its scan cycle of <em>wall</em> time (plant time divided
 * by {@link #SCALE}, the default time scale), the crew's commands go over Modbus from the
 * stations, and every poll's answers feed {@link ExamplePolicyStates} at the wall time they would
 * have arrived. Repeatable: the same seed gives the same run, byte for byte.
 */
final class PolledRun implements AutoCloseable {
    static final double SCALE = 10;
    /** Wall time per slice: the HMI's scan cycles are multiples of it. */
    static final double SLICE = 0.05;

    private static final Map<Controller, List<String>> VARIABLES_OF = Map.of(
            Controller.BOILER, List.of("drum_pressure", "steam_temp", "fuel_flow"),
            Controller.TURBINE, List.of("turbine_speed", "governor_valve", "breaker_closed", "load_mw"),
            Controller.SAFETY, List.of("tripped"));

    final PlantSim sim;
    final Hmi hmi;
    final ExamplePolicyStates states = new ExamplePolicyStates();
    final List<Milestone> milestones = new ArrayList<>();
    final ScenarioRun run;
    private final HmiConfig hmiConfig;
    private final double[] nextPoll = new double[Controller.values().length];
    private double wall;
    private double lastTick;

    PolledRun(long seed, Scenario scenario) throws IOException {
        this(seed, scenario, HmiConfig.defaults());
    }

    PolledRun(long seed, Scenario scenario, HmiConfig hmiConfig) throws IOException {
        this.hmiConfig = hmiConfig;
        sim = new PlantSim(PlantSimConfig.defaults().withSeed(seed).withTimeScale(0)).start();
        sim.addListener(new PlantListener() {
            @Override
            public void onMilestone(Milestone m) {
                milestones.add(m);
            }
        });
        hmi = new Hmi(sim.endpoints(), hmiConfig);
        DeclarationListener supervisor = new DeclarationListener() {
            @Override
            public void onDeclare(String state) {
                states.declare(state, wall);
            }

            @Override
            public void onRelease() {
                states.release(wall);
            }
        };
        run = sim.run(scenario, new Stations(sim.endpoints(), null, null, Duration.ofSeconds(2), supervisor));
    }

    double wallTime() {
        return wall;
    }

    /** Runs until plant time {@code plantSeconds}. */
    void runUntil(double plantSeconds) throws IOException {
        while (sim.snapshot().time() < plantSeconds - 1e-6) {
            wall = Math.round((wall + SLICE) / SLICE) * SLICE;
            sim.advance(SLICE * SCALE);
            for (Controller c : Controller.values()) {
                if (wall + 1e-9 < nextPoll[c.ordinal()]) {
                    continue;
                }
                nextPoll[c.ordinal()] += hmiConfig.cycle(c).toMillis() / 1000.0;
                hmi.poll(c);
                Map<String, Double> readings = new HashMap<>();
                for (String v : VARIABLES_OF.get(c)) {
                    readings.put(v, hmi.value(v));
                }
                states.update(readings, wall);
            }
            if (wall - lastTick >= 1.0 - 1e-9) {
                states.tick(wall);
                lastTick = wall;
            }
        }
    }

    /** Wall time the state {@code name} was entered for the {@code n}th time (0-based). */
    double entered(String name, int n) {
        int seen = 0;
        for (ExamplePolicyStates.Switch s : states.switches()) {
            if (s.to().equals(name) && seen++ == n) {
                return s.wallTime();
            }
        }
        throw new AssertionError(name + " not entered " + (n + 1) + " times: " + states.switches());
    }

    @Override
    public void close() {
        hmi.close();
        sim.close();
    }
}
