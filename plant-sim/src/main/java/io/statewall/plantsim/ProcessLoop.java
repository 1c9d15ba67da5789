package io.statewall.plantsim;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One step of the whole unit: every controller takes the writes that reached it, the plant
 * advances one step, every controller publishes the new values, plant events become milestones,
 * and running scenarios fire the steps that fell due. Nothing here waits for wall time: the
 * real-time driver and the tests call {@link #step()} alike. Called from one thread at a time.
 */
final class ProcessLoop {
    private final Plant plant;
    private final Map<Controller, Plc> plcs = new EnumMap<>(Controller.class);
    private final List<ScenarioRunner> runners = new CopyOnWriteArrayList<>();
    private final PlantListener listener;
    private PlantSnapshot last;

    ProcessLoop(Plant plant, PlantListener listener) {
        this.plant = plant;
        this.listener = listener;
        plcs.put(Controller.BOILER, new BoilerPlc());
        plcs.put(Controller.TURBINE, new TurbinePlc());
        plcs.put(Controller.SAFETY, new SafetyPlc());
        last = plant.snapshot();
        for (Plc plc : plcs.values()) {
            plc.publish(last);
        }
    }

    Plant plant() {
        return plant;
    }

    RegisterMap registers(Controller c) {
        return plcs.get(c).registers();
    }

    void add(ScenarioRunner runner) {
        runners.add(runner);
    }

    void step() {
        for (Plc plc : plcs.values()) {
            plc.takeWrites(plant);
        }
        plant.step();
        PlantSnapshot now = plant.snapshot();
        for (Plc plc : plcs.values()) {
            plc.publish(now);
        }
        events(last, now);
        last = now;
        for (ScenarioRunner r : runners) {
            r.afterStep(now.time());
            if (r.allFired()) {
                runners.remove(r);
            }
        }
    }

    private void events(PlantSnapshot before, PlantSnapshot now) {
        if (!before.tripped() && now.tripped()) {
            listener.onMilestone(new Milestone(now.time(), Milestone.TRIP, "Unit tripped: " + causes(now.safetyStatus())));
        } else if (before.tripped() && !now.tripped()) {
            listener.onMilestone(new Milestone(now.time(), Milestone.TRIP_RESET, "Trip reset"));
        }
        if (!before.breakerClosed() && now.breakerClosed()) {
            listener.onMilestone(new Milestone(now.time(), Milestone.BREAKER_CLOSED,
                    String.format(java.util.Locale.ROOT, "Generator synchronised at %.1f rpm", now.turbineSpeed())));
        } else if (before.breakerClosed() && !now.breakerClosed()) {
            listener.onMilestone(new Milestone(now.time(), Milestone.BREAKER_OPENED,
                    String.format(java.util.Locale.ROOT, "Generator breaker opened at %.1f MW", before.loadMw())));
        }
        if (before.turbineSpeed() >= 1 && now.turbineSpeed() < 1) {
            listener.onMilestone(new Milestone(now.time(), Milestone.TURBINE_AT_REST, "Turbine at rest"));
        }
    }

    static String causes(int status) {
        StringBuilder b = new StringBuilder();
        if ((status & Points.SAFETY_CAUSE_OVERSPEED) != 0) {
            b.append("overspeed");
        }
        if ((status & Points.SAFETY_CAUSE_PRESSURE) != 0) {
            b.append(b.isEmpty() ? "" : ", ").append("drum pressure high");
        }
        if ((status & Points.SAFETY_CAUSE_MANUAL) != 0) {
            b.append(b.isEmpty() ? "" : ", ").append("manual ESD");
        }
        return b.isEmpty() ? "no cause" : b.toString();
    }
}
