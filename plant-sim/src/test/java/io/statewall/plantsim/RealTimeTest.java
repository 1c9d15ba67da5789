package io.statewall.plantsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The thin real-time layer: the clock steps the plant by itself, the HMI polls in its scan cycles,
 * the operator's commands go out on their own thread. Waits are on events (a scenario's
 * completion, the HMI's scans), never on elapsed time.
 */
class RealTimeTest {

    @Test
    void theClockRunsTheScenarioWhileTheHmiPolls() throws Exception {
        List<Milestone> milestones = new CopyOnWriteArrayList<>();
        Scenario lightOff = new Scenario("light-off", List.of(
                new Step(1, Role.OPERATOR, new Command.WriteRegister(Controller.BOILER,
                        Points.BOILER_HR_FUEL_SETPOINT, 50), "light-off", "Fuel 5.0 kg/s"),
                new Step(20, Role.OPERATOR, new Command.Declare("maintenance"), "declare", "Declared"),
                new Step(21, Role.OPERATOR, new Command.Release(), "release", "Released")));
        List<String> declarations = new CopyOnWriteArrayList<>();
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(50)).start()) {
            sim.addListener(new PlantListener() {
                @Override
                public void onMilestone(Milestone m) {
                    milestones.add(m);
                }
            });
            Hmi hmi = sim.hmi(sim.endpoints(), new HmiConfig(null, Duration.ofMillis(100), Duration.ofMillis(100),
                    Duration.ofMillis(100), Duration.ofSeconds(1)));
            ScenarioRun run = sim.run(lightOff, new Stations(sim.endpoints(), null, null, Duration.ofSeconds(2),
                    new DeclarationListener() {
                        @Override
                        public void onDeclare(String state) {
                            declarations.add("declare " + state);
                        }

                        @Override
                        public void onRelease() {
                            declarations.add("release");
                        }
                    }));
            List<CommandOutcome> outcomes = run.completion().get(30, TimeUnit.SECONDS);
            assertThat(outcomes).hasSize(3).allSatisfy(o -> assertThat(o.ok()).isTrue());
            assertThat(declarations).containsExactly("declare maintenance", "release");
            assertThat(milestones).extracting(Milestone::name).containsSubsequence("light-off", "declare", "release");
            assertThat(sim.snapshot().time()).isGreaterThanOrEqualTo(21);

            long before = hmi.scans(Controller.BOILER);
            assertThat(hmi.awaitScans(before + 2, Duration.ofSeconds(10))).isTrue();
            PlantSnapshot s = sim.snapshot();
            assertThat(s.fuelFlow()).isCloseTo(5.0, within(0.2));
            assertThat(hmi.value("fuel_setpoint")).isEqualTo(5.0);
            assertThat(hmi.value("drum_pressure")).isGreaterThan(5);
            assertThat(sim.clockFailure()).isNull();
        }
    }

    @Test
    void onThePlantsClockTheDeskRefreshesOncePerWallSecond() throws Exception {
        int hr = Points.TURBINE_HR_LOAD_SETPOINT;
        Scenario s = new Scenario("refreshed", List.of(
                new Step(1, Role.OPERATOR, new Command.WriteRegister(Controller.TURBINE, hr, 700), null, "Load 70 MW"),
                new Step(250, Role.OPERATOR, new Command.WriteRegister(Controller.TURBINE, hr, 0), null, "Load 0 MW")),
                List.of(new Scenario.Refresh("Load setpoint", Role.OPERATOR, Controller.TURBINE, hr, 1, 250)));
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(200)).start()) {
            ScenarioRun run = sim.run(s, new Stations(sim.endpoints(), null, null, Duration.ofSeconds(2),
                    DeclarationListener.NONE));
            double o = run.origin();
            // One wall second is 200 plant seconds at this scale.
            assertThat(run.schedule()).extracting(x -> x.at() - o + " " + ((Command.WriteRegister) x.command()).value())
                    .containsExactly("1.0 700", "201.0 700", "250.0 0");
            List<CommandOutcome> outcomes = run.completion().get(30, TimeUnit.SECONDS);
            assertThat(outcomes).hasSize(3).allSatisfy(x -> assertThat(x.ok()).as(x.detail()).isTrue());
            assertThat(outcomes.get(1).step().description()).startsWith("Load setpoint refresh");
            assertThat(outcomes.get(1).time()).isGreaterThanOrEqualTo(o + 201 - 1e-6);
        }
    }

    @Test
    void advancingByHandIsRefusedWhileTheClockRuns() throws Exception {
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(1)).start()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sim.advance(1))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingStopsEverythingAndFreesThePorts() throws Exception {
        java.net.InetSocketAddress boiler;
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(10)).start()) {
            boiler = sim.endpoint(Controller.BOILER);
            sim.hmi(sim.endpoints(), HmiConfig.defaults());
        }
        try (java.net.Socket s = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(boiler, 1000))
                    .isInstanceOf(java.net.ConnectException.class);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive()
                && (t.getName().startsWith("plant-clock") || t.getName().startsWith("hmi-")));
    }

    @Test
    void aClientThatNeverHangsUpCannotHoldTheJvmUp() throws Exception {
        java.net.Socket idle = new java.net.Socket();
        try (idle) {
            try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(0)).start()) {
                idle.connect(sim.endpoint(Controller.SAFETY), 1000);
                // One answered request proves j2mod has a thread serving this connection.
                try (Hmi hmi = new Hmi(sim.endpoints(), HmiConfig.defaults())) {
                    hmi.poll(Controller.SAFETY);
                }
                idle.getOutputStream().write(new byte[] {0, 1, 0, 0, 0, 6, 1, 3, 0, 0, 0, 1});
                assertThat(idle.getInputStream().readNBytes(11)).hasSize(11);
            }
            // j2mod's thread for the idle connection is still blocked reading it, but as a daemon.
            assertThat(Thread.getAllStackTraces().keySet())
                    .filteredOn(t -> t.isAlive() && t.getName().contains("Modbus"))
                    .isNotEmpty()
                    .allMatch(Thread::isDaemon);
        }
    }
}
