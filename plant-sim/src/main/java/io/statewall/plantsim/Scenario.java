package io.statewall.plantsim;

import io.statewall.plantsim.Command.Declare;
import io.statewall.plantsim.Command.Release;
import io.statewall.plantsim.Command.WriteCoil;
import io.statewall.plantsim.Command.WriteRegister;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A scripted operating sequence in plant time: the commands a crew gives, each at its moment.
 * The states the security system infers are not scripted: they follow from the physics these
 * commands set going.
 *
 * <p>The built-in sequences are timed for {@code examples/thermal-power-unit.yaml}: with a time
 * scale up to 10 (plant seconds per wall second), start-up lasts more than its 30 s dwell and
 * normal operation more than its 60 s dwell in wall time, the load falls faster than 0.5 MW per
 * wall second on the way down, and every write happens in a state whose rules allow it from the
 * HMI (the breaker is opened and the speed reference lowered only once the load is off, so after
 * the NMA has left {@code normal}).
 */
public final class Scenario {
    private final String name;
    private final List<Step> steps;

    public Scenario(String name, List<Step> steps) {
        this.name = java.util.Objects.requireNonNull(name, "name");
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparingDouble(Step::at)); // stable: equal times keep their order
        this.steps = List.copyOf(sorted);
    }

    public String name() {
        return name;
    }

    /** Steps in the order they fire. */
    public List<Step> steps() {
        return steps;
    }

    /** Plant time of the last step. */
    public double duration() {
        return steps.isEmpty() ? 0 : steps.getLast().at();
    }

    /**
     * stopped → start-up → synchronised, normal → shut-down → stopped, then optionally a
     * maintenance period declared by the operator in which the engineer proof-tests the ESD (a
     * manual trip and its reset). About 1100 plant seconds, 1300 with maintenance.
     */
    public static Scenario normalOperation(boolean maintenance) {
        List<Step> s = new ArrayList<>(startUp());
        s.add(operator(300, reg(Controller.TURBINE, Points.TURBINE_HR_LOAD_SETPOINT, 100), "block-load",
                "Load setpoint 10 MW, picked up on synchronising"));
        s.add(operator(360, coil(Controller.TURBINE, Points.TURBINE_COIL_BREAKER, true), "synchronise",
                "Generator breaker close (synchro-check within 10 rpm)"));
        s.add(operator(370, reg(Controller.TURBINE, Points.TURBINE_HR_LOAD_SETPOINT, 1800), "load-ramp",
                "Load setpoint 180 MW: ramp at 2 MW/s"));
        s.add(operator(940, reg(Controller.TURBINE, Points.TURBINE_HR_LOAD_SETPOINT, 0), "shut-down",
                "Load setpoint 0 MW: ramp down at 2 MW/s"));
        s.add(operator(1060, coil(Controller.BOILER, Points.BOILER_COIL_AUTO, false), "fuel-off",
                "Boiler master to MANUAL, fuel shut off"));
        s.add(operator(1060, reg(Controller.BOILER, Points.BOILER_HR_FUEL_SETPOINT, 0), null, "Fuel setpoint 0 kg/s"));
        s.add(operator(1080, reg(Controller.TURBINE, Points.TURBINE_HR_SPEED_REFERENCE, 0), "run-down",
                "Speed reference 0 rpm"));
        s.add(operator(1080, coil(Controller.TURBINE, Points.TURBINE_COIL_BREAKER, false), null,
                "Generator breaker open: the turbine runs down"));
        if (maintenance) {
            // The turbine is at rest from about 1240 s.
            s.addAll(maintenancePeriod(1260, true));
        }
        return new Scenario(maintenance ? "normal operation and maintenance" : "normal operation", s);
    }

    /**
     * stopped → start-up, then an overspeed trip test before synchronising: the speed reference is
     * raised to 3400 rpm and the safety system trips the unit above 3300 rpm. Once the turbine is
     * at rest the operator declares maintenance, the engineer resets the trip, and the declaration
     * ends with the unit stopped. About 530 plant seconds.
     */
    public static Scenario overspeedTrip() {
        List<Step> s = new ArrayList<>(startUp());
        s.add(operator(300, reg(Controller.TURBINE, Points.TURBINE_HR_SPEED_REFERENCE, 3400), "overspeed-test",
                "Speed reference 3400 rpm: overspeed trip test"));
        // Tripped near 315 s; the turbine is at rest from about 460 s.
        s.addAll(maintenancePeriod(480, false));
        return new Scenario("overspeed trip", s);
    }

    private static List<Step> startUp() {
        return List.of(
                operator(5, reg(Controller.BOILER, Points.BOILER_HR_PRESSURE_SETPOINT, 1600), "pressure-setpoint",
                        "Drum pressure setpoint 160 bar"),
                operator(10, reg(Controller.BOILER, Points.BOILER_HR_FUEL_SETPOINT, 40), "light-off",
                        "Burners lit: fuel 4.0 kg/s, boiler master in MANUAL"),
                operator(40, coil(Controller.BOILER, Points.BOILER_COIL_AUTO, true), "boiler-auto",
                        "Boiler master to AUTO: pressure raised to 160 bar at 1 bar/s"),
                operator(100, reg(Controller.TURBINE, Points.TURBINE_HR_SPEED_REFERENCE, 3000), "turbine-roll",
                        "Speed reference 3000 rpm: run-up at 20 rpm/s"));
    }

    /** Declared maintenance: with a proof test of the ESD (trip, then reset), or only the reset. */
    private static List<Step> maintenancePeriod(double from, boolean proofTest) {
        List<Step> s = new ArrayList<>();
        s.add(new Step(from, Role.OPERATOR, new Declare("maintenance"), "maintenance",
                "Shift supervisor declares maintenance"));
        if (proofTest) {
            s.add(new Step(from + 10, Role.ENGINEER, coil(Controller.SAFETY, Points.SAFETY_COIL_TRIP, true),
                    "esd-proof-test", "ESD proof test: manual trip from the engineering workstation"));
        }
        s.add(new Step(from + 20, Role.ENGINEER, coil(Controller.SAFETY, Points.SAFETY_COIL_RESET, true),
                "reset", "Trip reset from the engineering workstation"));
        s.add(new Step(from + 40, Role.OPERATOR, new Release(), "maintenance-end",
                "Maintenance ends: the unit is stopped"));
        return s;
    }

    private static Step operator(double at, Command c, String milestone, String description) {
        return new Step(at, Role.OPERATOR, c, milestone, description);
    }

    private static WriteRegister reg(Controller c, int address, int value) {
        return new WriteRegister(c, address, value);
    }

    private static WriteCoil coil(Controller c, int address, boolean value) {
        return new WriteCoil(c, address, value);
    }

    @Override
    public String toString() {
        return name + " (" + steps.size() + " steps, " + duration() + " s)";
    }
}
