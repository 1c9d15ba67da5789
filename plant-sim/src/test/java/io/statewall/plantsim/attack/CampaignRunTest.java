package io.statewall.plantsim.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.plantsim.Command;
import io.statewall.plantsim.CommandOutcome;
import io.statewall.plantsim.Controller;
import io.statewall.plantsim.DeclarationListener;
import io.statewall.plantsim.PlantSim;
import io.statewall.plantsim.PlantSimConfig;
import io.statewall.plantsim.Points;
import io.statewall.plantsim.Role;
import io.statewall.plantsim.Scenario;
import io.statewall.plantsim.ScenarioRun;
import io.statewall.plantsim.Stations;
import io.statewall.plantsim.Step;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Campaigns on the plant's own clock: scenarios start when plant time reaches them, malware on the
 * desk works in the desk's real cadence, and closing stops a campaign. Waits are on the
 * campaign's completion, never on elapsed time.
 */
class CampaignRunTest {
    private static final int HR_LOAD = Points.TURBINE_HR_LOAD_SETPOINT;

    private static AttackHosts hosts() throws Exception {
        return new AttackHosts(InetAddress.getByName("127.0.0.66"), InetAddress.getByName("127.0.0.11"),
                InetAddress.getByName("127.0.0.50"));
    }

    private static AttackScenario read(String id, double at) {
        return new AttackScenario(id, "read", List.of("T0846"), at, 0, "start-up", Attacker.UNKNOWN_HOST,
                List.of(Controller.BOILER), Expectation.DETECT, "one read",
                RequestSequence.to(Controller.BOILER, List.of(RequestPdu.read(3, Points.BOILER_HR_DRUM_PRESSURE, 1))));
    }

    @Test
    void eachScenarioStartsWhenThePlantsClockReachesIt() throws Exception {
        List<String> started = new CopyOnWriteArrayList<>();
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(50)).start()) {
            AttackContext ctx = AttackContext.of(sim, sim.endpoints(), hosts()).withOrigin(sim.snapshot().time());
            CampaignRun run = new Campaign(List.of(read("second", 15), read("first", 5))).start(ctx,
                    new CampaignListener() {
                        @Override
                        public void onStart(AttackScenario s, double plantTime) {
                            started.add(s.id());
                        }
                    });
            List<AttackOutcome> outcomes = run.completion().get(10, TimeUnit.SECONDS);

            assertThat(started).containsExactly("first", "second");
            assertThat(outcomes).extracting(AttackOutcome::scenarioId).containsExactly("first", "second");
            assertThat(outcomes.get(0).plantStart() - ctx.origin()).isBetween(5.0, 6.0);
            assertThat(outcomes.get(1).plantStart() - ctx.origin()).isBetween(15.0, 16.0);
            assertThat(outcomes).allSatisfy(o -> assertThat(o.responses()).isEqualTo(1));
            assertThat(run.outcomes()).isEqualTo(outcomes);
        }
    }

    @Test
    void closingStopsACampaignWaitingForItsNextScenario() throws Exception {
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(10)).start()) {
            CampaignRun run = new Campaign(List.of(read("far-away", 1e6)))
                    .start(AttackContext.of(sim, sim.endpoints(), hosts()), CampaignListener.NONE);
            run.close();
            assertThat(run.completion()).isCompletedExceptionally();
            assertThat(run.completion()).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(InterruptedException.class);
            assertThat(run.outcomes()).isEmpty();
        }
    }

    @Test
    void malwareOnTheDeskTakesOverAndReplaysTheDesksWritesInItsRealCadence() throws Exception {
        // One wall second is 20 plant seconds: the desk refreshes at 21, 41, 61 and 81 s.
        Scenario desk = new Scenario("desk", List.of(
                new Step(1, Role.OPERATOR, new Command.WriteRegister(Controller.TURBINE, HR_LOAD, 1000), null, "100 MW"),
                new Step(100, Role.OPERATOR, new Command.WriteRegister(Controller.TURBINE, HR_LOAD, 0), null, "0 MW")),
                List.of(new Scenario.Refresh("Load setpoint", Role.OPERATOR, Controller.TURBINE, HR_LOAD, 1, 100)));
        AttackScenario takeover = new AttackScenario("takeover", "takeover", List.of("T0831"), 10, 20, "normal",
                Attacker.OPERATOR_DESK, List.of(Controller.TURBINE), Expectation.BLOCK, "one slot",
                new RefreshTakeover(Controller.TURBINE, HR_LOAD, 2300, 1));
        AttackScenario replay = new AttackScenario("replay", "replay", List.of("T0831"), 30, 20, "normal",
                Attacker.OPERATOR_DESK, List.of(Controller.TURBINE), Expectation.DETECT, "three copies",
                new ReplayBurst(Controller.TURBINE, HR_LOAD, 3));
        AttackHosts hosts = hosts();
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(20)).start()) {
            ScenarioRun crew = sim.run(desk, new Stations(sim.endpoints(), hosts.operatorDesk(), null,
                    Duration.ofSeconds(2), DeclarationListener.NONE));
            double o = crew.origin();
            AttackContext ctx = AttackContext.of(sim, sim.endpoints(), hosts).withOrigin(o);
            assertThat(ctx.refreshPeriod()).isEqualTo(20.0);

            List<AttackOutcome> outcomes = new Campaign(List.of(takeover, replay)).start(ctx, CampaignListener.NONE)
                    .completion().get(20, TimeUnit.SECONDS);

            AttackOutcome taken = outcomes.get(0);
            assertThat(taken.exchanges()).singleElement().satisfies(e -> {
                assertThat(e.pdu()).isEqualTo("06 01 40 08 FC");
                assertThat(e.kind()).isEqualTo(AnswerKind.RESPONSE);
                assertThat(e.plantTime() - o).as("in the slot of 21 s").isBetween(21.0, 21.5);
            });
            AttackOutcome replayed = outcomes.get(1);
            assertThat(replayed.exchanges()).hasSize(3).allSatisfy(e -> {
                assertThat(e.pdu()).as("the desk's own value, 100 MW").isEqualTo("06 01 40 03 E8");
                assertThat(e.plantTime() - o).as("right after the desk's write of 41 s").isBetween(41.0, 41.5);
            });
            assertThat(crew.outcomes()).filteredOn(x -> x.step().description().startsWith("Load setpoint refresh"))
                    .extracting(CommandOutcome::time).as("the desk sent 41 s, not 21 s")
                    .anySatisfy(t -> assertThat(t - o).isBetween(41.0, 41.5))
                    .noneSatisfy(t -> assertThat(t - o).isBetween(21.0, 21.5));
        }
    }
}
