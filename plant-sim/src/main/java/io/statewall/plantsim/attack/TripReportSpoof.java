package io.statewall.plantsim.attack;

import io.statewall.plantsim.Area;
import io.statewall.plantsim.Compromise;
import io.statewall.plantsim.Controller;
import io.statewall.plantsim.PlantSim;
import io.statewall.plantsim.Points;

/**
 * A spoofed report (T0856): the compromised safety PLC answers reads of its status word with the
 * TRIPPED bit and a trip cause set, for {@code seconds} of plant time, while its own logic and the
 * unit run on. It sends nothing; the lie travels in the answers to the HMI's polls.
 */
final class TripReportSpoof implements Attack {
    private final int bits;
    private final double seconds;

    TripReportSpoof(int bits, double seconds) {
        this.bits = bits;
        this.seconds = seconds;
    }

    @Override
    public void perform(AttackSession session) throws InterruptedException {
        PlantSim sim = session.context().sim();
        int reported = sim.snapshot().safetyStatus() | bits;
        try (Compromise lie = sim.spoof(Controller.SAFETY, Area.HOLDING_REGISTERS, Points.SAFETY_HR_STATUS, reported)) {
            session.clock().awaitTime(session.plantStart() + seconds);
        }
    }
}
