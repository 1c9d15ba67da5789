package io.statewall.plantsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.statewall.plantsim.attack.AttackOutcome;
import io.statewall.plantsim.attack.AttackScenario;
import io.statewall.plantsim.attack.Attacker;
import io.statewall.plantsim.attack.Campaign;
import io.statewall.plantsim.attack.CampaignListener;
import io.statewall.plantsim.attack.Exchange;
import io.statewall.plantsim.attack.Expectation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The standard campaign as a whole: issue 5's scenarios in time order, timed into the phases of
 * {@code Scenario.normalOperation(true)} as a stepped run shows them, and the BLOCK scenarios
 * made only of requests the example policy can refuse.
 */
class CampaignTest {
    private static final Path POLICY = Path.of("..", "examples", "thermal-power-unit.yaml");
    private static final List<AttackScenario> SCENARIOS = Campaign.standard().scenarios();

    record Planned(String id, List<String> techniques, String phase, Attacker attacker, List<Controller> targets,
                   Expectation expected) {
    }

    private static final List<Controller> ALL = List.of(Controller.BOILER, Controller.TURBINE, Controller.SAFETY);
    private static final List<Controller> BOILER = List.of(Controller.BOILER);
    private static final List<Controller> TURBINE = List.of(Controller.TURBINE);

    /** Issue 5, item 2, in order. */
    private static final Planned[] PLAN = {
        new Planned("recon-unit-scan", List.of("T0846"), "start-up", Attacker.UNKNOWN_HOST, ALL, Expectation.DETECT),
        new Planned("recon-function-scan", List.of("T0846", "T0888"), "start-up", Attacker.UNKNOWN_HOST, BOILER,
                Expectation.DETECT),
        new Planned("unknown-host-write", List.of("T0855"), "start-up", Attacker.UNKNOWN_HOST, BOILER,
                Expectation.BLOCK),
        new Planned("spoofed-trip-report", List.of("T0856"), "normal", Attacker.CONTROLLER,
                List.of(Controller.SAFETY), Expectation.DETECT),
        new Planned("breaker-open-wrong-state", List.of("T0855", "T0831"), "normal", Attacker.ENGINEERING_STATION,
                TURBINE, Expectation.BLOCK),
        new Planned("setpoint-tamper", List.of("T0836"), "normal", Attacker.OPERATOR_DESK, BOILER, Expectation.BLOCK),
        new Planned("command-retimed", List.of("T0831"), "normal", Attacker.OPERATOR_DESK, TURBINE,
                Expectation.DETECT),
        new Planned("periodic-write-modified", List.of("T0831", "T0836"), "normal", Attacker.OPERATOR_DESK, TURBINE,
                Expectation.BLOCK),
        new Planned("request-flood", List.of("T0814"), "normal", Attacker.UNKNOWN_HOST, TURBINE, Expectation.BLOCK),
        new Planned("listen-only-mode", List.of("T0816", "T0858"), "normal", Attacker.UNKNOWN_HOST, BOILER,
                Expectation.BLOCK),
    };

    @Test
    void theStandardCampaignIsIssueFivesInTimeOrder() {
        assertThat(SCENARIOS).extracting(AttackScenario::id).containsExactly(
                java.util.Arrays.stream(PLAN).map(Planned::id).toArray(String[]::new));
        for (int i = 0; i < PLAN.length; i++) {
            AttackScenario s = SCENARIOS.get(i);
            Planned p = PLAN[i];
            assertThat(s.techniques()).as(p.id()).isEqualTo(p.techniques());
            assertThat(s.phase()).as(p.id()).isEqualTo(p.phase());
            assertThat(s.attacker()).as(p.id()).isEqualTo(p.attacker());
            assertThat(s.targets()).as(p.id()).isEqualTo(p.targets());
            assertThat(s.expected()).as(p.id()).isEqualTo(p.expected());
            assertThat(s.title()).as(p.id()).isNotBlank();
            assertThat(s.description()).as(p.id()).isNotBlank().doesNotContain("\n");
            if (i > 0) {
                assertThat(s.at()).as(p.id() + " after its predecessor").isGreaterThan(SCENARIOS.get(i - 1).at());
            }
        }
    }

    /**
     * When a spoofed trip ends, the model re-enters {@code normal} and its 60 s dwell (600 plant
     * seconds at the demo's time scale of 10) holds it there: it must be over before the crew opens
     * the breaker in the shut-down, or {@code normal}'s rules would refuse that legitimate command.
     */
    @Test
    void theSpoofedTripEndsEarlyEnoughForNormalsDwellToBeOverBeforeTheShutDownsBreakerOpening() {
        AttackScenario spoof = Campaign.standard().scenario("spoofed-trip-report");
        double breakerOpen = Scenario.normalOperation(true).steps().stream()
                .filter(step -> step.command() instanceof Command.WriteCoil w
                        && w.address() == Points.TURBINE_COIL_BREAKER && !w.value())
                .mapToDouble(Step::at).min().orElseThrow();
        double normalDwellPlantSeconds = 60 * 10;
        double scanAndMargin = 10;
        assertThat(spoof.at() + spoof.duration() + scanAndMargin + normalDwellPlantSeconds).isLessThan(breakerOpen);
    }

    @Test
    void scenariosAreThirtySecondsApartAndTwentyClearOfEveryStepOfTheCrew() {
        List<Step> crew = Scenario.normalOperation(true).steps();
        for (int i = 0; i < SCENARIOS.size(); i++) {
            AttackScenario s = SCENARIOS.get(i);
            if (i > 0) {
                AttackScenario before = SCENARIOS.get(i - 1);
                assertThat(s.at() - (before.at() + before.duration())).as(before.id() + " to " + s.id())
                        .isGreaterThanOrEqualTo(30);
            }
            for (Step step : crew) {
                double distance = step.at() < s.at() ? s.at() - step.at()
                        : step.at() > s.at() + s.duration() ? step.at() - s.at() - s.duration() : 0;
                assertThat(distance).as(s.id() + " from " + step.description()).isGreaterThanOrEqualTo(20);
            }
            if (s.phase().equals("normal")) {
                assertThat(s.at()).as(s.id()).isGreaterThanOrEqualTo(390);
                assertThat(s.at() + s.duration()).as(s.id()).isLessThanOrEqualTo(900);
            }
        }
    }

    /** Each scenario lies, start to end, inside its phase as an NMA watching the HMI infers it. */
    @ParameterizedTest
    @ValueSource(longs = {1, 4})
    void everyScenarioFallsInItsPhaseOfASteppedRun(long seed) throws Exception {
        Scenario crew = Scenario.normalOperation(true);
        try (PolledRun run = new PolledRun(seed, crew)) {
            run.runUntil(1100);
            double startUp = run.entered("start-up", 0) * PolledRun.SCALE;
            double normal = run.entered("normal", 0) * PolledRun.SCALE;
            double shutDown = run.entered("shut-down", 0) * PolledRun.SCALE;
            assertThat(normal).as("normal from about 370 s").isCloseTo(370, within(15.0));
            // Normal outranks shut-down: it lasts until the load is nearly off, well after the ramp-down.
            assertThat(shutDown).as("normal until after the ramp-down step at 940 s").isGreaterThan(940);
            for (AttackScenario s : SCENARIOS) {
                double from = s.phase().equals("normal") ? normal : startUp;
                double to = s.phase().equals("normal") ? shutDown : normal;
                // A margin of one wall second (10 plant s) on either side.
                assertThat(s.at()).as(s.id() + " after " + s.phase() + " begins at " + from).isGreaterThan(from + 10);
                assertThat(s.at() + s.duration()).as(s.id() + " before " + s.phase() + " ends at " + to)
                        .isLessThan(to - 10);
            }
        }
    }

    /** What the example policy refuses from an operator station: a write, or diagnostics (FC 8). */
    private static final Set<Integer> COMMANDS = Set.of(5, 6, 8, 15, 16, 22, 23);

    @Test
    void blockScenariosSendOnlyCommandsOrComeFromAHostThePolicyDoesNotList() throws Exception {
        JsonNode assets = new YAMLMapper().readTree(Files.readString(POLICY)).get("assets");
        for (Attacker a : Attacker.values()) {
            if (a.asset() != null) {
                assertThat(assets.has(a.asset())).as(a + " sends from the policy's " + a.asset()).isTrue();
            }
        }
        assertThat(Attacker.UNKNOWN_HOST.asset()).isNull();

        for (AttackScenario s : SCENARIOS) {
            if (s.expected() != Expectation.BLOCK) {
                continue;
            }
            try (AttackFixture f = new AttackFixture()) {
                AttackOutcome o = f.runAtItsTime(s);
                assertThat(o.requests()).as(s.id()).isPositive();
                assertThat(o.detail()).as(s.id()).isNull();
                if (s.attacker() != Attacker.UNKNOWN_HOST) {
                    assertThat(o.exchanges()).extracting(Exchange::function).as(s.id() + " from " + s.attacker().asset())
                            .allMatch(COMMANDS::contains);
                }
            }
        }
    }

    @Test
    void aSteppedCampaignRunsEveryScenarioAtItsTimeInOrder() throws Exception {
        List<String> events = new ArrayList<>();
        try (AttackFixture f = new AttackFixture()) {
            List<AttackOutcome> outcomes = Campaign.standard().run(f.context(), new CampaignListener() {
                @Override
                public void onStart(AttackScenario s, double plantTime) {
                    events.add("start " + s.id() + " at " + plantTime);
                }

                @Override
                public void onEnd(AttackScenario s, AttackOutcome o) {
                    events.add("end " + o.scenarioId());
                }
            });

            assertThat(outcomes).extracting(AttackOutcome::scenarioId)
                    .containsExactlyElementsOf(SCENARIOS.stream().map(AttackScenario::id).toList());
            for (int i = 0; i < outcomes.size(); i++) {
                AttackScenario s = SCENARIOS.get(i);
                assertThat(outcomes.get(i).plantStart()).as(s.id()).isCloseTo(s.at(), within(1e-6));
                assertThat(events.get(2 * i)).isEqualTo("start " + s.id() + " at " + outcomes.get(i).plantStart());
                assertThat(events.get(2 * i + 1)).isEqualTo("end " + s.id());
            }
            assertThat(outcomes).allSatisfy(o -> assertThat(o.wallEnd()).isGreaterThanOrEqualTo(o.wallStart()));
        }
    }
}
