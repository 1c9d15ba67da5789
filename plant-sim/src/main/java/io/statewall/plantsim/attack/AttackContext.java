package io.statewall.plantsim.attack;

import io.statewall.plantsim.Endpoints;
import io.statewall.plantsim.PlantSim;
import io.statewall.plantsim.Scenario;
import java.util.Objects;

/**
 * What a scenario runs against.
 *
 * @param sim     the simulated unit (its hooks serve the attacks that are no message on the wire)
 * @param targets where the attacker's requests go: the controllers, or the NMA's ports in front of them
 * @param hosts   where they leave from
 * @param clock   plant time, waited for or stepped
 * @param origin  plant time of the operating scenario's time 0 ({@code ScenarioRun.origin()}):
 *                a scenario's start {@link AttackScenario#at()} counts from it
 */
public record AttackContext(PlantSim sim, Endpoints targets, AttackHosts hosts, PlantClock clock, double origin) {
    public AttackContext {
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(clock, "clock");
        if (!(origin >= 0) || Double.isInfinite(origin)) {
            throw new IllegalArgumentException("origin is a plant time: " + origin);
        }
    }

    /** On the simulator's own clock, the operating scenario started at plant time 0. */
    public static AttackContext of(PlantSim sim, Endpoints targets, AttackHosts hosts) {
        return new AttackContext(sim, targets, hosts, PlantClock.of(sim), 0);
    }

    public AttackContext withOrigin(double o) {
        return new AttackContext(sim, targets, hosts, clock, o);
    }

    public AttackContext withClock(PlantClock c) {
        return new AttackContext(sim, targets, hosts, c, origin);
    }

    /** Plant seconds between two periodic writes of the crew in this simulator (see {@link Scenario#refreshPeriod}). */
    public double refreshPeriod() {
        return Scenario.refreshPeriod(clock.timeScale());
    }
}
