package io.statewall.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.cli.Statewall;
import io.statewall.plantsim.AcceptedWrite;
import io.statewall.plantsim.Area;
import io.statewall.plantsim.Controller;
import io.statewall.plantsim.Points;
import io.statewall.plantsim.attack.Exchange;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code statewall demo} end to end, cut short after the campaign (70 s of wall time: the unit
 * started up and on load, every attack run): real j2mod controllers, the real NMA in front of
 * them, the attacker's raw Modbus on real sockets. What reached the controllers is read from
 * their own journal of accepted writes, not from the NMA's word.
 */
class DemoIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static DemoSummary summary;
    private static DemoAsmaSummary asma;
    private static String shown;

    @BeforeAll
    static void runTheDemoCutShort() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DemoRun run = new DemoRun(new DemoOptions(Duration.ofSeconds(70), 1, true, dir.resolve("run.pcap"),
                dir.resolve("report.json"), dir.resolve("eve.json"), false),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        summary = run.run();
        asma = run.asmaSummary();
        summary.writeReport(dir.resolve("report.json"));
        summary.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        asma.print(new PrintStream(out, true, StandardCharsets.UTF_8), summary.attacks());
        shown = out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyAttackOfTheCampaignRanAndEndedAsThePolicyExpects() {
        assertThat(summary.attacks()).as(shown).hasSize(10).allMatch(AttackResult::ran);
        for (AttackResult a : summary.attacks()) {
            if (a.expectBlock()) {
                assertThat(a.blocked()).as("%s: every request refused inline (%d/%d)%n%s", a.id(),
                        a.blockedRequests(), a.requests(), shown).isTrue();
            }
            assertThat(a.detected()).as("%s detected%n%s", a.id(), shown).isTrue();
        }
    }

    @Test
    void noWriteOfACommandAttackReachedAController() {
        Set<String> accepted = new HashSet<>();
        for (AcceptedWrite w : summary.controllerWrites()) {
            accepted.add(key(w.controller(), w.area(), w.address(), w.value()));
        }
        int writesChecked = 0;
        for (AttackResult a : summary.attacks()) {
            if (!a.expectBlock()) {
                continue;
            }
            for (Exchange e : a.exchanges()) {
                String write = write(e);
                if (write != null) {
                    writesChecked++;
                    assertThat(accepted).as("%s: %s reached the controller", a.id(), write).doesNotContain(write);
                }
            }
        }
        assertThat(writesChecked).as("the campaign's command attacks write breaker, setpoints, fuel")
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void theCrewsLegitimateCommandsReachedTheControllersWithoutAnAlert() {
        Set<String> accepted = new HashSet<>();
        for (AcceptedWrite w : summary.controllerWrites()) {
            accepted.add(key(w.controller(), w.area(), w.address(), w.value()));
        }
        assertThat(accepted).as("pressure setpoint 160 bar, breaker close, load 180 MW")
                .contains(key(Controller.BOILER, Area.HOLDING_REGISTERS, Points.BOILER_HR_PRESSURE_SETPOINT, 1600),
                        key(Controller.TURBINE, Area.COILS, Points.TURBINE_COIL_BREAKER, 1),
                        key(Controller.TURBINE, Area.HOLDING_REGISTERS, Points.TURBINE_HR_LOAD_SETPOINT, 1800));
        assertThat(summary.refusedCommands()).as(shown).isEmpty();
        assertThat(summary.falseAlerts()).as(shown).isEmpty();
        assertThat(summary.legitimateBlocked()).as(shown).isZero();
        assertThat(summary.states()).as("the NMA followed the unit up, and the spoof into trip")
                .containsSubsequence("stopped", "start-up", "normal", "trip", "normal");
    }

    /**
     * Two NMAs, one per control network, each enrolled with the ASMA's token and reporting over
     * the mutual-TLS link; neither network alone shows the unit on load with its steam, the ASMA's
     * fusion does, and the spoofed trip bit on the boiler network contradicts the turbine
     * network's load.
     */
    @Test
    void theAsmaJoinedBothNetworksIntoOnePlantStateAndCaughtTheSpoofedTripReport() {
        assertThat(asma.connected()).as(shown).containsExactlyInAnyOrder("boiler-nma", "turbine-nma");
        assertThat(asma.stateSequence()).as("the plant state, fused from both networks%n%s", shown)
                .containsSubsequence("stopped", "start-up", "normal", "trip", "normal");
        assertThat(asma.states()).as("fused from votes, never declared by anyone in the run's first 70 s")
                .allMatch(s -> s.origin().equals("fused"));
        assertThat(asma.rulesDuring("spoofed-trip-report", summary.attacks()))
                .as("the ASMA's cross-check of the trip bit against the turbine's load%n%s", shown)
                .contains("trip-means-no-load");
        assertThat(asma.falseAlerts(summary.attacks())).as("no ASMA alert (disagreement, cross-check) on legitimate"
                + " operation%n%s", shown).isEmpty();
        assertThat(shown).contains("ASMA API during the run: https://127.30.3.10:").contains("ASMA admin token: swt_");
    }

    @Test
    void theReportHasEachAttacksTechniqueStartDetectionBlockingAndTimeToDetect() throws Exception {
        JsonNode report = JSON.readTree(Files.readString(dir.resolve("report.json")));
        assertThat(report.path("attacks")).hasSize(10);
        for (JsonNode a : report.path("attacks")) {
            assertThat(a.path("name").asString()).isNotBlank();
            assertThat(a.path("techniques").get(0).asString()).matches("T0\\d{3}");
            assertThat(a.path("start_time").asString()).startsWith("20");
            assertThat(Instant.parse(a.path("end_time").asString())).as("an attack ends after it starts")
                    .isAfterOrEqualTo(Instant.parse(a.path("start_time").asString()));
            if (a.path("requests").asLong() > 0) {
                assertThat(a.path("connections").get(0).asString()).as("its requests' source").startsWith("127.30.1.");
            }
            assertThat(a.path("detected").asBoolean()).isTrue();
            assertThat(a.path("time_to_detect_ms").isNumber()).isTrue();
            assertThat(a.has("blocked")).isTrue();
        }
        assertThat(report.path("legitimate_traffic").path("alerts").asInt()).isZero();
    }

    @Test
    void theRecordingReplaysOfflineToTheSameVerdicts() throws Exception {
        Path eve = dir.resolve("replay.json");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Statewall.run(new String[] {"analyze", "--policy", dir.resolve("run.policy.yaml").toString(),
                "--eve", eve.toString(), dir.resolve("run.pcap").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Set<String> rules = new HashSet<>();
        for (String line : Files.readAllLines(eve)) {
            JsonNode r = JSON.readTree(line);
            if (r.path("event_type").asString().equals("alert") && r.path("alert").path("action").asString().equals("blocked")) {
                rules.add(r.path("statewall").path("rule").asString());
            }
        }
        assertThat(rules).as("the rules that blocked the command attacks inline, found again in the capture")
                .contains("startup-unauthorised-writes", "normal-unauthorised-writes", "boiler-setpoint-range",
                        "load-setpoint-range", "listen-only-mode", "foreign-reads");
    }

    private static String key(Controller c, Area area, int address, int value) {
        return c + " " + area + " " + address + "=" + value;
    }

    /** The write a request makes (FC 5 or 6, from its PDU), or null. */
    private static String write(Exchange e) {
        List<Integer> pdu = java.util.Arrays.stream(e.pdu().split(" ")).map(h -> Integer.parseInt(h, 16)).toList();
        if (pdu.size() < 5) {
            return null;
        }
        int address = pdu.get(1) << 8 | pdu.get(2);
        int value = pdu.get(3) << 8 | pdu.get(4);
        return switch (e.function()) {
            case 5 -> key(e.target(), Area.COILS, address, value == 0xFF00 ? 1 : 0);
            case 6 -> key(e.target(), Area.HOLDING_REGISTERS, address, value);
            default -> null;
        };
    }
}
