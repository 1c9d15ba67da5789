package io.statewall.plantsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator desk's periodic write of the load setpoint: written out at the run's period, with
 * the value last commanded, carried out over Modbus like any command; and malware taking it over.
 */
class PeriodicWriteTest {

    private static Step operator(double at, Controller c, int address, int value) {
        return new Step(at, Role.OPERATOR, new Command.WriteRegister(c, address, value), null, "write");
    }

    /** The periodic writes of a finished run: outcomes of the steps the scenario's refreshes wrote out. */
    private static List<CommandOutcome> refreshOutcomes(ScenarioRun run) {
        List<Step> refreshes = run.scenario().refreshSteps(Scenario.REFRESH_STEPPED_SECONDS);
        return run.outcomes().stream().filter(o -> refreshes.contains(o.step())).toList();
    }

    @Test
    void theDeskRefreshesTheLoadSetpointEveryTenPlantSecondsFromBreakerCloseToBreakerOpen() throws Exception {
        InetAddress desk = InetAddress.getByName("127.0.0.11");
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(0)).start()) {
            ScenarioRun run = sim.run(Scenario.normalOperation(true),
                    new Stations(sim.endpoints(), desk, null, Duration.ofSeconds(2), DeclarationListener.NONE));
            sim.advance(1100);

            // Every 10 s after the breaker close step (360 s) and before the breaker open step
            // (1080 s), except where the script itself writes the load setpoint (370 s, 940 s).
            List<String> expected = new ArrayList<>();
            for (int t = 370; t < 1080; t += 10) {
                if (t != 370 && t != 940) {
                    expected.add(t + " s: " + (t < 940 ? 1800 : 0));
                }
            }
            List<CommandOutcome> refreshes = refreshOutcomes(run);
            assertThat(refreshes).extracting(o -> Math.round(o.time()) + " s: "
                    + ((Command.WriteRegister) o.step().command()).value()).containsExactlyElementsOf(expected);
            assertThat(refreshes).allSatisfy(o -> {
                assertThat(o.ok()).as(o.detail()).isTrue();
                assertThat(o.step().role()).isEqualTo(Role.OPERATOR);
                assertThat(o.step().milestone()).as("no milestone: a display is not told every second").isNull();
                assertThat(o.step().command()).isInstanceOfSatisfying(Command.WriteRegister.class, w -> {
                    assertThat(w.controller()).isEqualTo(Controller.TURBINE);
                    assertThat(w.address()).isEqualTo(Points.TURBINE_HR_LOAD_SETPOINT);
                });
            });
            // On the wire the load setpoint is written by the script and the refreshes, nothing else.
            assertThat(run.outcomes()).filteredOn(o -> o.step().command() instanceof Command.WriteRegister w
                            && w.address() == Points.TURBINE_HR_LOAD_SETPOINT)
                    .hasSize(3 + expected.size());
            assertThat(sim.snapshot().loadSetpoint()).isZero();
        }
    }

    @Test
    void refreshStepsRepeatTheLastValueTheirRoleCommandedAndSkipWhatTheScriptWrites() {
        int hr = Points.TURBINE_HR_LOAD_SETPOINT;
        Scenario s = new Scenario("refresh table", List.of(
                operator(5, Controller.TURBINE, hr, 100),
                new Step(12, Role.ENGINEER, new Command.WriteRegister(Controller.TURBINE, hr, 999), null, "engineer"),
                operator(20, Controller.TURBINE, hr, 500),
                operator(20, Controller.TURBINE, Points.TURBINE_HR_SPEED_REFERENCE, 3000),
                operator(50, Controller.TURBINE, hr, 0)),
                List.of(new Scenario.Refresh("Load setpoint", Role.OPERATOR, Controller.TURBINE, hr, 0, 40),
                        new Scenario.Refresh("Never written", Role.OPERATOR, Controller.TURBINE, hr + 1, 0, 40)));

        assertThat(s.refreshSteps(5)).extracting(x -> x.at() + " " + ((Command.WriteRegister) x.command()).value())
                .containsExactly(
                        // 5: the script writes 100 then: skipped
                        "10.0 100",
                        "15.0 100", // the engineer's 999 at 12 is not the desk's
                        // 20: the script writes 500 then: skipped; its speed reference is another register
                        "25.0 500", "30.0 500", "35.0 500"
                        // 40: the refresh ends before it; nothing for HR 321, never commanded
                );
        assertThat(s.refreshSteps(5)).allSatisfy(x -> assertThat(x.description()).startsWith("Load setpoint refresh"));
        assertThat(s.refreshSteps(100)).as("no period inside the window").isEmpty();
    }

    @Test
    void theRefreshPeriodIsOneWallSecondOrTenPlantSecondsWithoutAClock() {
        assertThat(Scenario.refreshPeriod(0)).isEqualTo(10.0);
        assertThat(Scenario.refreshPeriod(10)).isEqualTo(10.0);
        assertThat(Scenario.refreshPeriod(50)).isEqualTo(50.0);
        assertThat(Scenario.refreshPeriod(2.5)).isEqualTo(2.5);
        assertThatThrownBy(() -> Scenario.refreshPeriod(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scenario.refreshPeriod(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Scenario.Refresh("x", Role.OPERATOR, Controller.TURBINE, 1, 10, 10))
                .as("an empty window").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malwareThatTakesARefreshOverGetsItsSlotsAndTheDeskSendsNoneOfThem() throws Exception {
        int hr = Points.TURBINE_HR_LOAD_SETPOINT;
        Scenario s = new Scenario("refreshed", List.of(operator(1, Controller.TURBINE, hr, 700),
                operator(100, Controller.TURBINE, Points.TURBINE_HR_SPEED_REFERENCE, 0)),
                List.of(new Scenario.Refresh("Load setpoint", Role.OPERATOR, Controller.TURBINE, hr, 1, 100)));
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(0)).start()) {
            ScenarioRun run = sim.run(s, sim.directCommands(DeclarationListener.NONE));
            List<String> first = new ArrayList<>();
            List<String> second = new ArrayList<>();
            sim.advance(5);
            Compromise a = sim.takeOverRefreshes(Controller.TURBINE, hr, x -> first.add("a " + x.at()));
            sim.advance(20); // slot 11, 21
            Compromise b = sim.takeOverRefreshes(Controller.TURBINE, hr, x -> second.add("b " + x.at()));
            sim.advance(10); // slot 31: b replaced a
            a.close(); // a's handle no longer ends anything
            sim.advance(10); // slot 41
            b.close();
            sim.advance(10); // slot 51: the desk's own again

            assertThat(first).containsExactly("a 11.0", "a 21.0");
            assertThat(second).containsExactly("b 31.0", "b 41.0");
            assertThat(refreshOutcomes(run)).extracting(CommandOutcome::time).containsExactly(51.0);
            assertThat(sim.snapshot().loadSetpoint()).isEqualTo(70.0);
        }
    }
}
