package io.statewall.plantsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in operating sequences, run over Modbus (HMI polls, crew writes) and watched through
 * the example policy's plant model: the states an NMA would infer, in order, with no transition the
 * policy forbids, each state held at least its dwell time, and every command acknowledged.
 */
class ScenarioStatesTest {

    record Polling(String name, long seed, HmiConfig hmi) {
        @Override
        public String toString() {
            return name + ", seed " + seed;
        }
    }

    private static HmiConfig every(int millis) {
        Duration d = Duration.ofMillis(millis);
        return new HmiConfig(null, d, d, d, Duration.ofSeconds(1));
    }

    /** The HMI's scan cycles change how often and how far apart the NMA sees each value. */
    static Stream<Polling> pollings() {
        return Stream.of(
                new Polling("default cycles (500/200/250 ms)", 1, HmiConfig.defaults()),
                new Polling("every 100 ms: rates from the closest samples", 2, every(100)),
                new Polling("every 500 ms: the slowest scan", 3, every(500)),
                new Polling("default cycles", 4, HmiConfig.defaults()));
    }

    @ParameterizedTest
    @MethodSource("pollings")
    void normalOperationGoesThroughEveryStateOnceInOrder(Polling polling) throws Exception {
        Scenario scenario = Scenario.normalOperation(true);
        try (PolledRun run = new PolledRun(polling.seed(), scenario, polling.hmi())) {
            run.runUntil(scenario.duration() + 20);

            assertThat(run.states.visited()).as(run.states.switches().toString()).containsExactly(
                    "stopped", "start-up", "normal", "shut-down", "stopped", "maintenance", "stopped");
            assertThat(run.states.forbidden()).isEmpty();
            assertThat(run.run.completion()).isCompleted();
            // Every step and every periodic refresh of the load setpoint was acknowledged.
            assertThat(run.run.schedule()).hasSize(scenario.steps().size()
                    + scenario.refreshSteps(Scenario.REFRESH_STEPPED_SECONDS).size());
            assertThat(run.run.outcomes()).hasSize(run.run.schedule().size())
                    .allSatisfy(o -> assertThat(o.ok()).as(o.step().description() + ": " + o.detail()).isTrue());

            // The dwell times are met in wall time, so that no switch is merely delayed by them.
            assertThat(run.entered("normal", 0) - run.entered("start-up", 0)).isGreaterThan(30 + 2);
            assertThat(run.entered("shut-down", 0) - run.entered("normal", 0)).isGreaterThan(60 + 2);
            // Shut-down is entered once the load is off, before the breaker opens (its rules allow that write).
            double breakerOpened = milestone(run, Milestone.BREAKER_OPENED).time() / PolledRun.SCALE;
            assertThat(run.entered("shut-down", 0)).isLessThan(breakerOpened - 1);
            // Stopped again once the turbine is at rest, and before the operator declares maintenance.
            double atRest = milestone(run, Milestone.TURBINE_AT_REST).time() / PolledRun.SCALE;
            assertThat(run.entered("stopped", 1)).isBetween(atRest - 1, atRest + 2);
            assertThat(run.entered("stopped", 1)).isLessThan(run.entered("maintenance", 0));
        }
    }

    @Test
    void normalOperationMilestonesComeInScriptOrder() throws Exception {
        Scenario scenario = Scenario.normalOperation(true);
        try (PolledRun run = new PolledRun(3, scenario)) {
            run.runUntil(scenario.duration() + 5);
            assertThat(run.milestones).extracting(Milestone::name).containsExactly(
                    "pressure-setpoint", "light-off", "boiler-auto", "turbine-roll", "block-load", "synchronise",
                    Milestone.BREAKER_CLOSED, "load-ramp", "shut-down", "fuel-off", "run-down",
                    Milestone.BREAKER_OPENED, Milestone.TURBINE_AT_REST, "maintenance", "esd-proof-test",
                    Milestone.TRIP, "reset", Milestone.TRIP_RESET, "maintenance-end");
            assertThat(milestone(run, Milestone.TRIP).description()).isEqualTo("Unit tripped: manual ESD");
        }
    }

    @ParameterizedTest
    @MethodSource("pollings")
    void overspeedTestTripsTheUnitAndMaintenanceBringsItBackToStopped(Polling polling) throws Exception {
        Scenario scenario = Scenario.overspeedTrip();
        try (PolledRun run = new PolledRun(polling.seed(), scenario, polling.hmi())) {
            run.runUntil(scenario.duration() + 20);

            // The tripped turbine runs down at once: if a turbine poll shows it falling before a
            // safety poll shows the trip, shut-down holds for that moment (an allowed detour).
            List<ExamplePolicyStates.Switch> switches = run.states.switches();
            List<String> visited = new java.util.ArrayList<>();
            for (int i = 0; i < switches.size(); i++) {
                ExamplePolicyStates.Switch s = switches.get(i);
                boolean detour = s.to().equals("shut-down") && i + 1 < switches.size()
                        && switches.get(i + 1).to().equals("trip")
                        && switches.get(i + 1).wallTime() - s.wallTime() <= polling.hmi().safety().toMillis() / 1000.0 + 1e-9;
                if (!detour) {
                    visited.add(s.to());
                }
            }
            assertThat(visited).as(switches.toString()).containsExactly("stopped", "start-up", "trip", "maintenance", "stopped");
            assertThat(run.states.forbidden()).isEmpty();
            assertThat(run.run.outcomes()).allSatisfy(o -> assertThat(o.ok()).as(o.detail()).isTrue());
            Milestone trip = milestone(run, Milestone.TRIP);
            assertThat(trip.description()).isEqualTo("Unit tripped: overspeed");
            // The NMA sees the trip within one safety scan cycle plus a slice.
            double cycle = polling.hmi().safety().toMillis() / 1000.0;
            assertThat(run.entered("trip", 0) - trip.time() / PolledRun.SCALE).isBetween(-0.3, cycle + 0.1);
            assertThat(run.sim.snapshot().tripped()).isFalse();
            assertThat(run.sim.snapshot().turbineSpeed()).isLessThan(1);
        }
    }

    @Test
    void theSameSeedGivesTheSameRunOverModbus() throws Exception {
        Scenario scenario = Scenario.overspeedTrip();
        List<ExamplePolicyStates.Switch> first;
        PlantSnapshot firstEnd;
        try (PolledRun run = new PolledRun(42, scenario)) {
            run.runUntil(scenario.duration());
            first = run.states.switches();
            firstEnd = run.sim.snapshot();
        }
        try (PolledRun run = new PolledRun(42, scenario)) {
            run.runUntil(scenario.duration());
            assertThat(run.states.switches()).isEqualTo(first);
            assertThat(run.sim.snapshot()).isEqualTo(firstEnd);
        }
    }

    private static Milestone milestone(PolledRun run, String name) {
        return run.milestones.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no milestone " + name + " in " + run.milestones));
    }
}
