package io.statewall.plantsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.statewall.plantsim.attack.AnswerKind;
import io.statewall.plantsim.attack.AttackContext;
import io.statewall.plantsim.attack.AttackOutcome;
import io.statewall.plantsim.attack.AttackScenario;
import io.statewall.plantsim.attack.Campaign;
import io.statewall.plantsim.attack.Exchange;
import io.statewall.plantsim.attack.PlantClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each scenario of the standard campaign run straight against the controllers (no NMA in front),
 * in a unit stepped by hand through normal operation to the scenario's start: the traffic that
 * arrives, the answers j2mod gives it, and what it does to the plant.
 */
class AttackScenariosTest {
    private static final Campaign CAMPAIGN = Campaign.standard();

    private static AttackScenario scenario(String id) {
        return CAMPAIGN.scenario(id);
    }

    /** What j2mod answers a request: kind and exception code. */
    record Expected(String what, int function, AnswerKind kind, int exceptionCode) {
    }

    private static void assertAllFrom(AttackOutcome o, String host) {
        assertThat(o.connections()).isNotEmpty().allMatch(c -> c.startsWith(host + ":"));
        assertThat(o.exchanges()).allMatch(e -> o.connections().contains(e.connection()));
    }

    @Test
    void unitScanReadsUnitsZeroToTwentyOfEveryControllerAndOnlyUnitOneAnswers() throws Exception {
        try (AttackFixture f = new AttackFixture()) {
            AttackOutcome o = f.runAtItsTime(scenario("recon-unit-scan"));

            assertThat(o.requests()).isEqualTo(3 * 21);
            assertAllFrom(o, "127.0.0.66");
            assertThat(o.connections()).as("one connection per controller").hasSize(3);
            List<Exchange> x = o.exchanges();
            for (int i = 0; i < x.size(); i++) {
                Exchange e = x.get(i);
                assertThat(e.target()).isEqualTo(Controller.values()[i / 21]);
                assertThat(e.unitId()).isEqualTo(i % 21);
                assertThat(e.pdu()).as("FC 3, HR 0, one register").isEqualTo("03 00 00 00 01");
                if (e.unitId() == Points.UNIT_ID) {
                    assertThat(e.kind()).as(e.toString()).isEqualTo(AnswerKind.RESPONSE);
                } else {
                    // j2mod has no process image for other unit ids (0 included) and says 02.
                    assertThat(e.kind()).as(e.toString()).isEqualTo(AnswerKind.EXCEPTION);
                    assertThat(e.exceptionCode()).as(e.toString()).isEqualTo(2);
                }
            }
            assertThat(o.responses()).isEqualTo(3);
            assertThat(o.exceptions(2)).isEqualTo(60);
        }
    }

    @Test
    void functionScanMeetsWhatJ2modServesRefusesAndHangsUpOn() throws Exception {
        Expected[] expected = {
            new Expected("read coils", 1, AnswerKind.RESPONSE, -1),
            new Expected("read discrete inputs: the boiler has none", 2, AnswerKind.EXCEPTION, 2),
            new Expected("read holding registers", 3, AnswerKind.RESPONSE, -1),
            new Expected("read input registers", 4, AnswerKind.RESPONSE, -1),
            new Expected("read exception status: serial line only", 7, AnswerKind.EXCEPTION, 1),
            new Expected("get comm event counter: serial line only", 11, AnswerKind.EXCEPTION, 1),
            new Expected("get comm event log: serial line only", 12, AnswerKind.EXCEPTION, 1),
            new Expected("report server id: serial line only", 17, AnswerKind.EXCEPTION, 1),
            new Expected("read file record: no files", 20, AnswerKind.EXCEPTION, 2),
            new Expected("read FIFO queue: an empty queue", 24, AnswerKind.RESPONSE, -1),
            new Expected("read device identification: not served", 43, AnswerKind.EXCEPTION, 1),
            new Expected("user-defined 65: j2mod hangs up", 65, AnswerKind.CLOSED, -1),
            new Expected("user-defined 100: again, on a new connection", 100, AnswerKind.CLOSED, -1),
            new Expected("unassigned 50: again", 50, AnswerKind.CLOSED, -1),
        };
        try (AttackFixture f = new AttackFixture()) {
            AttackOutcome o = f.runAtItsTime(scenario("recon-function-scan"));

            assertThat(o.exchanges()).hasSize(expected.length);
            for (int i = 0; i < expected.length; i++) {
                Exchange e = o.exchanges().get(i);
                assertThat(e.target()).isEqualTo(Controller.BOILER);
                assertThat(e.function()).as(expected[i].what()).isEqualTo(expected[i].function());
                assertThat(e.kind()).as(expected[i].what()).isEqualTo(expected[i].kind());
                assertThat(e.exceptionCode()).as(expected[i].what()).isEqualTo(expected[i].exceptionCode());
            }
            assertThat(o.exchanges().get(10).pdu()).as("43/14, basic, from object 0").isEqualTo("2B 0E 01 00");
            assertAllFrom(o, "127.0.0.66");
            assertThat(o.connections()).as("the first, then one after each hang-up but the last").hasSize(3);
            assertThat(o.closed()).isEqualTo(3);
        }
    }

    @Test
    void unknownHostWriteSetsTheFuelSetpoint() throws Exception {
        try (AttackFixture f = new AttackFixture()) {
            AttackScenario s = scenario("unknown-host-write");
            f.context().clock().awaitTime(s.at());
            assertThat(f.sim.snapshot().fuelSetpoint()).isEqualTo(4.0);

            AttackOutcome o = s.run(f.context());
            f.sim.advance(0.1);

            assertThat(o.exchanges()).singleElement().satisfies(e -> {
                assertThat(e.pdu()).as("FC 6, HR 201 = 0").isEqualTo("06 00 C9 00 00");
                assertThat(e.kind()).isEqualTo(AnswerKind.RESPONSE);
            });
            assertAllFrom(o, "127.0.0.66");
            assertThat(f.sim.snapshot().fuelSetpoint()).isZero();
        }
    }

    @Test
    void breakerOpenFromTheEngineeringStationOpensTheBreakerAtFullLoad() throws Exception {
        try (AttackFixture f = new AttackFixture()) {
            AttackScenario s = scenario("breaker-open-wrong-state");
            f.context().clock().awaitTime(s.at());
            assertThat(f.sim.snapshot().breakerClosed()).isTrue();
            assertThat(f.sim.snapshot().loadMw()).isGreaterThan(150);

            AttackOutcome o = s.run(f.context());
            f.sim.advance(0.1);

            assertThat(o.exchanges()).singleElement().satisfies(e -> {
                assertThat(e.pdu()).as("FC 5, coil 5 OFF").isEqualTo("05 00 05 00 00");
                assertThat(e.kind()).isEqualTo(AnswerKind.RESPONSE);
            });
            assertAllFrom(o, "127.0.0.50");
            assertThat(f.sim.snapshot().breakerClosed()).isFalse();
            assertThat(f.sim.snapshot().loadMw()).isCloseTo(0, within(0.1));
        }
    }

    @Test
    void setpointTamperFromTheDeskRaisesTheDrumPressureSetpointTo190Bar() throws Exception {
        try (AttackFixture f = new AttackFixture()) {
            AttackScenario s = scenario("setpoint-tamper");
            f.context().clock().awaitTime(s.at());
            assertThat(f.sim.snapshot().pressureSetpoint()).isEqualTo(160.0);

            AttackOutcome o = s.run(f.context());
            f.sim.advance(0.1);

            assertThat(o.exchanges()).singleElement().satisfies(e -> {
                assertThat(e.pdu()).as("FC 6, HR 200 = 1900").isEqualTo("06 00 C8 07 6C");
                assertThat(e.kind()).isEqualTo(AnswerKind.RESPONSE);
            });
            assertAllFrom(o, "127.0.0.11");
            assertThat(f.sim.snapshot().pressureSetpoint()).isEqualTo(190.0);
        }
    }

    @Test
    void commandRetimedReplaysTheDesksLastLoadSetpointWrite30TimesWithinASecond() throws Exception {
        try (AttackFixture f = new AttackFixture()) {
            AttackOutcome o = f.runAtItsTime(scenario("command-retimed"));

            assertThat(o.requests()).isEqualTo(30);
            assertThat(o.responses()).isEqualTo(30);
            assertAllFrom(o, "127.0.0.11");
            assertThat(o.connections()).hasSize(1);
            double at = o.exchanges().getFirst().plantTime();
            // The desk's write it replays: the last one to HR 320 that the controller acknowledged.
            CommandOutcome last = f.run.outcomes().stream()
                    .filter(c -> c.step().command() instanceof Command.WriteRegister w
                            && w.address() == Points.TURBINE_HR_LOAD_SETPOINT && c.time() <= at)
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(last.ok()).isTrue();
            assertThat(last.time()).as("captured as the desk sent it").isEqualTo(at);
            assertThat(((Command.WriteRegister) last.step().command()).value()).isEqualTo(1800);
            assertThat(o.exchanges()).allSatisfy(e -> {
                assertThat(e.pdu()).as("same function, address and value: FC 6, HR 320 = 1800")
                        .isEqualTo("06 01 40 07 08");
                assertThat(e.plantTime()).isEqualTo(at);
            });
            assertThat(o.exchanges().getLast().wallMillis() - o.exchanges().getFirst().wallMillis()).isLessThan(1000);
            f.sim.advance(0.1);
            assertThat(f.sim.snapshot().loadSetpoint()).as("a replay changes nothing by itself").isEqualTo(180.0);
        }
    }

    @Test
    void periodicWriteModifiedTakesThreeSlotsOfTheDesksRefreshAndSends230Mw() throws Exception {
        try (AttackFixture f = new AttackFixture()) {
            AttackScenario s = scenario("periodic-write-modified");
            AttackOutcome o = f.runAtItsTime(s);
            List<Double> slots = f.run.scenario().refreshSteps(Scenario.REFRESH_STEPPED_SECONDS).stream()
                    .map(Step::at).filter(t -> t > f.run.origin() + s.at()).limit(4).toList();

            assertThat(o.exchanges()).hasSize(3).allSatisfy(e -> {
                assertThat(e.pdu()).as("FC 6, HR 320 = 2300: only the value changed").isEqualTo("06 01 40 08 FC");
                assertThat(e.kind()).isEqualTo(AnswerKind.RESPONSE);
            });
            assertThat(o.exchanges()).extracting(Exchange::plantTime).as("in the desk's cadence")
                    .containsExactlyElementsOf(slots.subList(0, 3));
            assertAllFrom(o, "127.0.0.11");
            f.sim.advance(0.1);
            assertThat(f.sim.snapshot().loadSetpoint()).isEqualTo(230.0);

            // The desk's own writes of those slots never left; the next one is the desk's again.
            f.context().clock().awaitTime(slots.get(3) + 0.1);
            Set<Double> deskWrites = f.run.outcomes().stream()
                    .filter(c -> c.step().command() instanceof Command.WriteRegister w
                            && w.address() == Points.TURBINE_HR_LOAD_SETPOINT)
                    .map(CommandOutcome::time).collect(Collectors.toSet());
            assertThat(deskWrites).doesNotContainAnyElementsOf(slots.subList(0, 3)).contains(slots.get(3));
            assertThat(f.sim.snapshot().loadSetpoint()).isEqualTo(180.0);
        }
    }

    @Test
    void spoofedTripReportShowsToTheHmiNotToThePlantAndTheStateModelForbidsTheWayBack() throws Exception {
        AttackScenario s = scenario("spoofed-trip-report");
        try (PolledRun polled = new PolledRun(1, Scenario.normalOperation(true))) {
            record Seen(double time, double hmiTripped, double hmiStatus, boolean plantTripped, double loadMw) {
            }
            List<Seen> seen = new ArrayList<>();
            // Steps the plant as the campaign waits, the HMI polling in its scan cycles meanwhile.
            PlantClock polling = new PlantClock() {
                @Override
                public double now() {
                    return polled.sim.snapshot().time();
                }

                @Override
                public double timeScale() {
                    return 0;
                }

                @Override
                public void awaitTime(double t) {
                    while (now() < t - 1e-9) {
                        try {
                            polled.runUntil(Math.min(t, now() + 1));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        PlantSnapshot p = polled.sim.snapshot();
                        seen.add(new Seen(p.time(), polled.hmi.value("tripped"), polled.hmi.value("safety_status"),
                                p.tripped(), p.loadMw()));
                    }
                }
            };
            AttackContext context = AttackContext.of(polled.sim, polled.sim.endpoints(), AttackFixture.HOSTS)
                    .withClock(polling).withOrigin(polled.run.origin());
            polling.awaitTime(s.at());
            assertThat(polled.states.current()).isEqualTo("normal");

            AttackOutcome o = s.run(context);
            polling.awaitTime(s.at() + 40);

            assertThat(o.requests()).as("the lie travels in the answers to the HMI").isZero();
            assertThat(o.plantEnd() - o.plantStart()).isEqualTo(s.duration());
            // One safety scan cycle (2.5 plant s) after the start, until the spoof ends.
            assertThat(seen).filteredOn(x -> x.time() > s.at() + 3 && x.time() <= s.at() + s.duration()).isNotEmpty()
                    .allSatisfy(x -> {
                        assertThat(x.hmiTripped()).as("the HMI reads TRIPPED at %.1f s", x.time()).isEqualTo(1.0);
                        assertThat(((int) x.hmiStatus()) & Points.SAFETY_CAUSE_MANUAL).isNotZero();
                        assertThat(x.plantTripped()).as("the plant is not tripped").isFalse();
                        assertThat(x.loadMw()).as("and runs on load (normal: above 5 MW)").isGreaterThan(5);
                    });
            assertThat(seen).filteredOn(x -> x.time() > s.at() + s.duration() + 3).isNotEmpty()
                    .allSatisfy(x -> assertThat(x.hmiTripped()).isZero());
            // An NMA watching the polls follows the report into trip, and back: a forbidden transition.
            assertThat(polled.states.switches()).filteredOn(x -> x.wallTime() * PolledRun.SCALE > s.at())
                    .extracting(x -> x.from() + " -> " + x.to() + (x.allowed() ? "" : " (forbidden)"))
                    .containsExactly("normal -> trip", "trip -> normal (forbidden)");
        }
    }

    @Test
    void requestFloodIsAnsweredInFullOnFourConnections() throws Exception {
        try (AttackFixture f = new AttackFixture()) {
            AttackOutcome o = f.runAtItsTime(scenario("request-flood"));

            assertThat(o.requests()).as("stepped: 250 per connection").isEqualTo(4 * 250);
            assertThat(o.responses()).as("every one answered").isEqualTo(o.requests());
            assertThat(o.connections()).hasSize(4).doesNotHaveDuplicates();
            assertAllFrom(o, "127.0.0.66");
            assertThat(o.exchanges()).hasSize(1000).allSatisfy(e -> {
                assertThat(e.target()).isEqualTo(Controller.TURBINE);
                assertThat(e.pdu()).as("FC 3, HR 300, 21 registers").isEqualTo("03 01 2C 00 15");
            });
            assertThat(o.exchanges().stream().collect(Collectors.groupingBy(Exchange::connection, Collectors.counting())))
                    .allSatisfy((c, n) -> assertThat(n).as(c).isEqualTo(250L));
        }
    }

    @Test
    void listenOnlyModeIsAnsweredByJ2modAndTheControllerStillServes() throws Exception {
        try (AttackFixture f = new AttackFixture()) {
            AttackOutcome o = f.runAtItsTime(scenario("listen-only-mode"));

            assertThat(o.exchanges()).extracting(Exchange::pdu)
                    .containsExactly("08 00 04 00 00", "08 00 01 00 00");
            // j2mod serves no FC 8 over TCP: ILLEGAL FUNCTION, and it never goes quiet.
            assertThat(o.exchanges()).allSatisfy(e -> {
                assertThat(e.kind()).isEqualTo(AnswerKind.EXCEPTION);
                assertThat(e.exceptionCode()).isEqualTo(1);
            });
            assertAllFrom(o, "127.0.0.66");
            try (Hmi hmi = new Hmi(f.sim.endpoints(), HmiConfig.defaults())) {
                hmi.poll(Controller.BOILER);
                assertThat(hmi.value("drum_pressure")).isGreaterThan(150);
            }
        }
    }
}
