package io.statewall.plantsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The physics, protection and determinism of {@link Plant}, driven through its own methods. */
class PlantTest {

    private static Plant plant(long seed) {
        return new Plant(PlantParameters.defaults(), seed);
    }

    private static void run(Plant p, double seconds) {
        long steps = Math.round(seconds / p.parameters().stepSeconds());
        for (long i = 0; i < steps; i++) {
            p.step();
        }
    }

    private static double max(Plant p, double seconds, java.util.function.ToDoubleFunction<PlantSnapshot> f) {
        double m = Double.NEGATIVE_INFINITY;
        long steps = Math.round(seconds / p.parameters().stepSeconds());
        for (long i = 0; i < steps; i++) {
            p.step();
            m = Math.max(m, f.applyAsDouble(p.snapshot()));
        }
        return m;
    }

    /** Light-off, pressure raised in AUTO, turbine rolled to 3000 rpm: the unit ready to synchronise. */
    private static Plant atSynchronousSpeed(long seed) {
        Plant p = plant(seed);
        p.pressureSetpoint(160);
        p.fuelSetpoint(4);
        run(p, 30);
        p.boilerAuto(true);
        run(p, 60);
        p.speedReference(3000);
        run(p, 200);
        return p;
    }

    @Test
    void aColdUnitIsStoppedAndStaysSo() {
        Plant p = plant(1);
        run(p, 60);
        PlantSnapshot s = p.snapshot();
        assertThat(s.time()).isCloseTo(60, within(1e-9));
        assertThat(s.drumPressure()).isLessThan(0.2);
        assertThat(s.steamTemp()).isCloseTo(20, within(1.0));
        assertThat(s.fuelFlow()).isLessThan(0.05);
        assertThat(s.turbineSpeed()).isLessThan(0.1);
        assertThat(s.governorValve()).isZero();
        assertThat(s.breakerClosed()).isFalse();
        assertThat(s.loadMw()).isCloseTo(0, within(0.1));
        assertThat(s.safetyStatus()).isEqualTo(Points.SAFETY_HEALTHY);
    }

    @Test
    void firingRaisesDrumPressureAndSteamTemperatureUpToTheirSetpoints() {
        Plant p = plant(1);
        p.pressureSetpoint(160);
        p.fuelSetpoint(4);
        run(p, 20);
        PlantSnapshot lit = p.snapshot();
        assertThat(lit.fuelFlow()).isCloseTo(4, within(0.2));
        assertThat(lit.drumPressure()).isBetween(20.0, 45.0);
        p.boilerAuto(true);
        double peak = max(p, 300, PlantSnapshot::drumPressure);
        PlantSnapshot hot = p.snapshot();
        assertThat(peak).as("pressure control does not overshoot into the trip").isLessThan(165);
        assertThat(hot.drumPressure()).isCloseTo(160, within(2.0));
        // Firing only for the drum's losses superheats the steam above saturation (356 °C), not to 540 °C.
        assertThat(hot.steamTemp()).isBetween(420.0, 520.0);
        assertThat(hot.fuelFlow()).as("firing for the losses alone").isBetween(0.3, 0.8);
        assertThat(hot.tripped()).isFalse();
    }

    @Test
    void theTurbineRunsUpOnItsSpeedReferenceAndSynchronises() {
        Plant p = atSynchronousSpeed(1);
        assertThat(p.snapshot().turbineSpeed()).isCloseTo(3000, within(2.0));
        assertThat(p.snapshot().steamTemp()).as("attemperation holds the steam at its setpoint").isCloseTo(540, within(5.0));
        assertThat(p.snapshot().governorValve()).as("no-load steam only").isBetween(3.0, 10.0);
        p.loadSetpoint(100);
        p.closeBreaker();
        double peak = max(p, 120, PlantSnapshot::loadMw);
        PlantSnapshot s = p.snapshot();
        assertThat(s.breakerClosed()).isTrue();
        assertThat(s.loadMw()).isCloseTo(100, within(0.5));
        assertThat(peak).isLessThan(101);
        assertThat(s.turbineSpeed()).as("held by the grid").isCloseTo(3000, within(3.0));
        assertThat(p.refusedBreakerCloses()).isZero();
    }

    @Test
    void theSynchroCheckRefusesABreakerCloseAwayFromSynchronousSpeed() {
        Plant p = plant(1);
        p.closeBreaker();
        run(p, 1);
        assertThat(p.snapshot().breakerClosed()).isFalse();
        assertThat(p.refusedBreakerCloses()).isEqualTo(1);
    }

    @Test
    void overspeedTripsTheUnit() {
        Plant p = atSynchronousSpeed(1);
        p.speedReference(3400);
        double peak = max(p, 30, PlantSnapshot::turbineSpeed);
        PlantSnapshot s = p.snapshot();
        assertThat(s.tripped()).isTrue();
        assertThat(s.safetyStatus() & Points.SAFETY_CAUSE_OVERSPEED).isNotZero();
        assertThat(s.safetyStatus() & (Points.SAFETY_CAUSE_PRESSURE | Points.SAFETY_CAUSE_MANUAL)).isZero();
        assertThat(peak).as("tripped at the limit, stop valves shut at once").isBetween(3300.0, 3310.0);
        assertThat(s.fuelFlow()).isLessThan(0.05);
        assertThat(s.governorValve()).isZero();
        assertThat(s.breakerClosed()).isFalse();
        assertThat(s.boilerAuto()).as("the boiler master dropped to MANUAL").isFalse();
        assertThat(s.speedReference()).isZero();
        assertThat(s.trips()).isEqualTo(1);
    }

    @Test
    void aTrippedUnitStaysDownAfterTheReset() {
        Plant p = atSynchronousSpeed(2);
        p.speedReference(3400);
        run(p, 300);
        assertThat(p.snapshot().turbineSpeed()).isLessThan(1);
        p.resetTrip();
        run(p, 60);
        PlantSnapshot s = p.snapshot();
        assertThat(s.tripped()).isFalse();
        assertThat(s.safetyStatus()).isEqualTo(Points.SAFETY_HEALTHY);
        assertThat(s.turbineSpeed()).as("nothing restarts the turbine").isLessThan(1);
        assertThat(s.fuelFlow()).as("nor the burners").isLessThan(0.05);
    }

    @Test
    void highDrumPressureTripsTheUnit() {
        Plant p = plant(1);
        p.pressureSetpoint(200); // what a tampered setpoint would do
        p.fuelSetpoint(4);
        p.boilerAuto(true);
        double peak = max(p, 400, PlantSnapshot::drumPressure);
        PlantSnapshot s = p.snapshot();
        assertThat(s.tripped()).isTrue();
        assertThat(s.safetyStatus() & Points.SAFETY_CAUSE_PRESSURE).isNotZero();
        assertThat(peak).isBetween(185.0, 187.0);
        assertThat(s.fuelFlow()).isLessThan(0.05);
    }

    @Test
    void aResetIsRefusedWhileTheTripConditionRemainsAndATripCommandWinsOverAReset() {
        Plant p = plant(1);
        p.overspeedLimit(-1); // a standing overspeed: even a shaft at rest exceeds it
        run(p, 1);
        assertThat(p.snapshot().tripped()).isTrue();
        p.resetTrip();
        run(p, 1);
        assertThat(p.snapshot().tripped()).as("cause still there").isTrue();
        p.overspeedLimit(3300);
        p.resetTrip();
        p.trip();
        run(p, 0.1);
        assertThat(p.snapshot().tripped()).as("trip and reset in one step").isTrue();
        assertThat(p.snapshot().safetyStatus() & Points.SAFETY_CAUSE_MANUAL).isNotZero();
        p.resetTrip();
        run(p, 0.1);
        assertThat(p.snapshot().tripped()).isFalse();
        assertThat(p.snapshot().trips()).isEqualTo(1);
    }

    @Test
    void noInstrumentFreezesAtRest() {
        // An NMA takes rate(x) between the last two changes of x: a reading stuck at one value
        // would keep its last rate (say, a turbine's run-down) for ever.
        Plant p = plant(5);
        PlantSnapshot before = p.snapshot();
        for (int i = 0; i < 1000; i++) {
            p.step();
            PlantSnapshot now = p.snapshot();
            assertThat(now.turbineSpeed()).as("speed at rest, step %d", i).isNotEqualTo(before.turbineSpeed())
                    .isGreaterThanOrEqualTo(0).isLessThan(0.1);
            assertThat(now.loadMw()).as("load, breaker open, step %d", i).isNotEqualTo(before.loadMw())
                    .isBetween(-0.01, 0.01);
            before = now;
        }
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedOtherNoise() {
        Consumer<Plant> script = p -> {
            p.pressureSetpoint(160);
            p.fuelSetpoint(4);
            run(p, 40);
            p.boilerAuto(true);
            p.speedReference(3000);
            run(p, 100);
        };
        List<PlantSnapshot> a = trace(1, script);
        List<PlantSnapshot> b = trace(1, script);
        List<PlantSnapshot> c = trace(2, script);
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
        PlantSnapshot endA = a.getLast();
        PlantSnapshot endC = c.getLast();
        assertThat(endC.drumPressure()).as("noise, not another plant").isCloseTo(endA.drumPressure(), within(3.0));
        assertThat(endC.turbineSpeed()).isCloseTo(endA.turbineSpeed(), within(5.0));
    }

    private static List<PlantSnapshot> trace(long seed, Consumer<Plant> script) {
        Plant p = plant(seed);
        List<PlantSnapshot> out = new ArrayList<>();
        script.accept(p);
        out.add(p.snapshot());
        for (int i = 0; i < 100; i++) {
            p.step();
            out.add(p.snapshot());
        }
        return out;
    }

    @Test
    void theNormalSequenceStaysWithinItsBounds() throws Exception {
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(0))) {
            sim.run(Scenario.normalOperation(true), sim.directCommands(DeclarationListener.NONE));
            double maxPressure = 0;
            double maxTemp = 0;
            double maxSpeed = 0;
            double maxLoad = 0;
            double minTempInService = Double.MAX_VALUE;
            while (sim.snapshot().time() < 1320) {
                sim.advance(0.1);
                PlantSnapshot s = sim.snapshot();
                maxPressure = Math.max(maxPressure, s.drumPressure());
                maxTemp = Math.max(maxTemp, s.steamTemp());
                maxSpeed = Math.max(maxSpeed, s.turbineSpeed());
                maxLoad = Math.max(maxLoad, s.loadMw());
                if (s.breakerClosed() && s.loadMw() > 3) {
                    minTempInService = Math.min(minTempInService, s.steamTemp());
                }
            }
            assertThat(maxPressure).as("below the 170 bar the normal-state rule guards, far from the trip").isLessThan(170);
            assertThat(maxTemp).isLessThan(545);
            assertThat(maxSpeed).isLessThan(3010);
            assertThat(maxLoad).isBetween(179.0, 181.0);
            assertThat(minTempInService).as("the normal state's steam window").isBetween(480.0, 560.0);
            PlantSnapshot end = sim.snapshot();
            assertThat(end.turbineSpeed()).isLessThan(1);
            assertThat(end.fuelFlow()).isLessThan(0.05);
            assertThat(end.breakerClosed()).isFalse();
            assertThat(end.tripped()).as("the ESD proof test was reset").isFalse();
            assertThat(end.trips()).isEqualTo(1);
        }
    }
}
