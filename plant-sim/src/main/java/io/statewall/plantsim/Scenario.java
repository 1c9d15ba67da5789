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
 *
 * <p>Besides its steps a scenario may have {@linkplain Refresh refreshes}: a write the crew repeats
 * at a fixed period while a phase lasts, as many DCS operator stations do with their setpoints.
 * They are written out into steps when the scenario runs ({@link #refreshSteps}), at the period
 * {@link #refreshPeriod} gives for the run's time scale.
 */
public final class Scenario {
    /** Wall seconds between two writes of a refresh: the operator station's update cycle. */
    public static final double REFRESH_WALL_SECONDS = 1.0;
    /** Plant seconds between two writes of a refresh without a clock: one wall second at the default scale. */
    public static final double REFRESH_STEPPED_SECONDS = 10.0;

    private final String name;
    private final List<Step> steps;
    private final List<Refresh> refreshes;

    /**
     * A write the crew repeats: every refresh period after {@code from}, until (excluding)
     * {@code until}, {@code role} writes the holding register {@code address} of {@code controller}
     * (FC 6) again with the value the scenario's steps last wrote there from that role. A period
     * with no such value yet, or with a scripted write to the register at the same moment, is
     * skipped.
     *
     * @param name what is refreshed, for displays ("Load setpoint")
     */
    public record Refresh(String name, Role role, Controller controller, int address, double from, double until) {
        public Refresh {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(role, "role");
            java.util.Objects.requireNonNull(controller, "controller");
            if (address < 0 || address > 0xFFFF) {
                throw new IllegalArgumentException("address is 0..65535: " + address);
            }
            if (!(from >= 0) || !(until > from) || Double.isInfinite(until)) {
                throw new IllegalArgumentException("a refresh runs over finite plant times 0 <= from < until: "
                        + from + ", " + until);
            }
        }
    }

    public Scenario(String name, List<Step> steps) {
        this(name, steps, List.of());
    }

    public Scenario(String name, List<Step> steps, List<Refresh> refreshes) {
        this.name = java.util.Objects.requireNonNull(name, "name");
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparingDouble(Step::at)); // stable: equal times keep their order
        this.steps = List.copyOf(sorted);
        this.refreshes = List.copyOf(refreshes);
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

    /** The writes repeated while a phase lasts. */
    public List<Refresh> refreshes() {
        return refreshes;
    }

    /**
     * Plant seconds between two writes of a refresh: one wall second, so {@code timeScale} plant
     * seconds, on the plant's clock; {@value #REFRESH_STEPPED_SECONDS} without a clock (time scale
     * 0), which is one wall second at the default time scale of 10.
     */
    public static double refreshPeriod(double timeScale) {
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("time scale must be 0 or positive: " + timeScale);
        }
        return timeScale > 0 ? REFRESH_WALL_SECONDS * timeScale : REFRESH_STEPPED_SECONDS;
    }

    /** Every refresh written out as steps at {@code period} plant seconds, in time order. */
    public List<Step> refreshSteps(double period) {
        if (!(period > 0) || Double.isInfinite(period)) {
            throw new IllegalArgumentException("a refresh period is positive: " + period);
        }
        List<Step> out = new ArrayList<>();
        for (Refresh r : refreshes) {
            for (long k = 1; r.from() + k * period < r.until() - 1e-6; k++) {
                double at = r.from() + k * period;
                int value = RegisterMap.NONE;
                boolean scripted = false;
                for (Step s : steps) {
                    if (s.at() > at + 1e-6) {
                        break;
                    }
                    if (s.role() == r.role() && s.command() instanceof WriteRegister w
                            && w.controller() == r.controller() && w.address() == r.address()) {
                        value = w.value();
                        scripted = Math.abs(s.at() - at) <= 1e-6;
                    }
                }
                if (value != RegisterMap.NONE && !scripted) {
                    out.add(new Step(at, r.role(), new WriteRegister(r.controller(), r.address(), value), null,
                            r.name() + " refresh: " + r.controller().asset() + " HR " + r.address() + " = " + value));
                }
            }
        }
        out.sort(Comparator.comparingDouble(Step::at));
        return List.copyOf(out);
    }

    /** The same scenario with every time {@code origin} later. */
    Scenario from(double origin) {
        List<Step> shifted = new ArrayList<>();
        for (Step s : steps) {
            shifted.add(new Step(s.at() + origin, s.role(), s.command(), s.milestone(), s.description()));
        }
        List<Refresh> refreshed = new ArrayList<>();
        for (Refresh r : refreshes) {
            refreshed.add(new Refresh(r.name(), r.role(), r.controller(), r.address(), r.from() + origin,
                    r.until() + origin));
        }
        return new Scenario(name, shifted, refreshed);
    }

    /**
     * stopped → start-up → synchronised, normal → shut-down → stopped, then optionally a
     * maintenance period declared by the operator in which the engineer proof-tests the ESD (a
     * manual trip and its reset). About 1100 plant seconds, 1300 with maintenance.
     *
     * <p>From the breaker close (360 s) until the breaker open (1080 s) the operator's desk
     * refreshes the load setpoint it last commanded once per refresh period (FC 6, turbine HR 320).
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
        List<Refresh> refreshes = List.of(new Refresh("Load setpoint", Role.OPERATOR, Controller.TURBINE,
                Points.TURBINE_HR_LOAD_SETPOINT, 360, 1080));
        return new Scenario(maintenance ? "normal operation and maintenance" : "normal operation", s, refreshes);
    }

    /**
     * {@code one} run {@code times} times back to back, run k (from 0) starting {@code k × period}
     * plant seconds after the first, its refreshes with it: a crew's operating sequence repeated
     * over a long run, such as a day of start-ups, load, shut-downs and maintenance periods on
     * which to measure how a learned baseline holds up. Between runs the unit stays as the last
     * step of a run left it (stopped, for {@link #normalOperation}).
     *
     * @param period plant seconds from the start of one run to the start of the next: at least
     *               {@code one}'s duration, so that runs never overlap
     */
    public static Scenario repeated(Scenario one, int times, double period) {
        if (times < 1) {
            throw new IllegalArgumentException("a scenario is repeated at least once: " + times);
        }
        double last = one.duration();
        for (Refresh r : one.refreshes()) {
            last = Math.max(last, r.until());
        }
        if (!(period >= last) || Double.isInfinite(period)) {
            throw new IllegalArgumentException("runs of " + one.name() + " last " + last
                    + " plant s: they cannot start every " + period + " s");
        }
        List<Step> steps = new ArrayList<>();
        List<Refresh> refreshes = new ArrayList<>();
        for (int k = 0; k < times; k++) {
            Scenario run = one.from(k * period);
            steps.addAll(run.steps());
            refreshes.addAll(run.refreshes());
        }
        return new Scenario(one.name() + ", " + times + " times every " + period + " s", steps, refreshes);
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
