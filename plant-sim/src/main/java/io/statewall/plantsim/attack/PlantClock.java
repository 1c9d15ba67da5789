package io.statewall.plantsim.attack;

import io.statewall.plantsim.PlantSim;

/**
 * Plant time as an attack waits for it. On the plant's own clock an attack waits as time passes;
 * without one (time scale 0) waiting <em>is</em> stepping the plant, in the attack's thread, so a
 * test run stays exact and repeatable. A test may wrap the stepping to poll an HMI as time goes.
 */
public interface PlantClock {

    /** Plant time now, seconds. */
    double now();

    /** Plant seconds per wall second; 0 when time moves only in {@link #awaitTime}. */
    double timeScale();

    /**
     * Returns once plant time has reached {@code plantTime} (at once if it has): by waiting on the
     * plant's clock, or by stepping the plant.
     *
     * @throws IllegalStateException if the plant's clock has stopped (the simulator closed or failed)
     */
    void awaitTime(double plantTime) throws InterruptedException;

    /** The simulator's own clock: waits with a positive time scale, steps it with 0. */
    static PlantClock of(PlantSim sim) {
        return new SimClock(sim);
    }
}
