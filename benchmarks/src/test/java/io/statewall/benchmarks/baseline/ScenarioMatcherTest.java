package io.statewall.benchmarks.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's matching of baseline alerts to the campaign's scenarios, on a hand-made demo
 * report and EVE file: which alerts detect an attack, which are collateral, which are false, how
 * soon each attack was detected and whether within a scan cycle.
 */
class ScenarioMatcherTest {
    @TempDir
    Path dir;

    /**
     * Four attacks, the way {@code statewall demo --report} writes them: a rogue host's write to the
     * boiler, malware on the operator desk (the desk's own address, its own connection) writing to
     * the turbine, a spoof by the safety PLC (no request), and one the demo never ran.
     */
    private static final String REPORT = """
            {
              "statewall_demo" : 1,
              "seed" : 2,
              "attacks" : [ {
                "name" : "unknown-host-write", "title" : "Write from an unknown host", "techniques" : [ "T0855" ],
                "attacker" : "unknown host 127.30.1.66", "target" : "boiler-plc", "ran" : true, "plant_time_s" : 230.1,
                "start_time" : "2026-11-26T10:00:10.000Z", "end_time" : "2026-11-26T10:00:10.004Z",
                "connections" : [ "127.30.1.66:40001" ], "requests" : 1
              }, {
                "name" : "command-retimed", "title" : "Load setpoint write replayed", "techniques" : [ "T0831" ],
                "attacker" : "malware on the operator desk 127.30.1.11", "target" : "turbine-plc", "ran" : true,
                "plant_time_s" : 505.0, "start_time" : "2026-11-26T10:00:40.000Z", "end_time" : "2026-11-26T10:00:40.100Z",
                "connections" : [ "127.30.1.11:40002" ], "requests" : 30
              }, {
                "name" : "spoofed-trip-report", "title" : "Spoofed trip report", "techniques" : [ "T0856" ],
                "attacker" : "a compromised controller", "target" : "safety-plc", "ran" : true, "plant_time_s" : 395.1,
                "start_time" : "2026-11-26T10:01:00.000Z", "end_time" : "2026-11-26T10:01:02.000Z",
                "connections" : [ ], "requests" : 0
              }, {
                "name" : "listen-only-mode", "title" : "Controller silenced", "techniques" : [ "T0816", "T0858" ],
                "attacker" : "unknown host 127.30.1.66", "target" : "boiler-plc", "ran" : false, "plant_time_s" : 650.0,
                "start_time" : null, "end_time" : null, "connections" : [ ], "requests" : 0
              } ]
            }
            """;

    private static String alert(String time, String src, int srcPort, String dest, String detector, String rule,
                                String category, String extra) {
        return "{\"timestamp\":\"2026-11-26T" + time + "+0000\",\"flow_id\":1,\"event_type\":\"alert\",\"src_ip\":\"" + src
                + "\",\"src_port\":" + srcPort + ",\"dest_ip\":\"" + dest + "\",\"dest_port\":502,\"proto\":\"TCP\","
                + "\"alert\":{\"action\":\"allowed\",\"signature\":\"s\",\"category\":\"" + category + "\",\"severity\":2},"
                + "\"statewall\":{\"state\":\"normal\",\"rule\":\"" + rule + "\",\"detector\":\"" + detector
                + "\",\"verdict\":\"alert\",\"note\":\"n\",\"expected\":\"e\",\"seen\":\"s\"" + extra + "}}";
    }

    private static final String BASELINE = "ICS baseline deviation";

    private static final List<String> EVE = List.of(
            // the rogue host's write, 2.5 ms after its first request: detects it
            alert("10:00:10.002500", "127.30.1.66", 40001, "127.30.2.20", "new-channel", "new-channel", BASELINE, ""),
            // the policy's own alert on the same write: not the baseline's
            alert("10:00:10.002600", "127.30.1.66", 40001, "127.30.2.20", "policy", "startup-unauthorised-writes",
                    "ICS policy violation", ""),
            // the desk's legitimate connection while the malware replays: collateral, not detection
            alert("10:00:40.050000", "127.30.1.11", 39999, "127.30.2.30", "timing", "period-early", BASELINE, ""),
            // the malware's own connection, 600 ms in: detected, but after a turbine scan cycle (200 ms)
            alert("10:00:40.600000", "127.30.1.11", 40002, "127.30.2.30", "timing", "period-early", BASELINE, ""),
            alert("10:00:40.600100", "127.30.1.11", 40002, "127.30.2.30", "implausible-command", "value", BASELINE, ""),
            // the HMI's poll of the safety PLC answered with the spoofed word: detects the spoof
            alert("10:01:00.180000", "127.30.1.10", 33000, "127.30.2.40", "value-envelope", "range", BASELINE, ""),
            // a slow answer of the same controller meanwhile: a lie is in values, not in timing
            alert("10:01:00.430000", "127.30.1.10", 33000, "127.30.2.40", "timing", "response-time", BASELINE, ""),
            // the HMI's poll of the turbine 2.5 s after the spoof ended (the model followed it): collateral
            alert("10:01:04.500000", "127.30.1.10", 33001, "127.30.2.30", "timing", "period-late", BASELINE, ""),
            // long after every attack: false
            alert("10:05:00.000000", "127.30.1.10", 33001, "127.30.2.30", "value-envelope", "rate", BASELINE, ""),
            // a summary of the rogue host's repeats at the end of the capture: counted apart
            alert("10:02:00.000000", "127.30.1.66", 40001, "127.30.2.20", "new-channel", "new-channel", BASELINE,
                    ",\"count\":36"));

    private ScenarioMatcher.Result matched() throws IOException {
        Path report = dir.resolve("attack-seed2.report.json");
        Path eve = dir.resolve("attack-seed2.eve.json");
        Files.writeString(report, REPORT);
        Files.write(eve, EVE);
        // the spoofed answer was the HMI's poll 150 ms into the spoof; the others start at their report time
        return ScenarioMatcher.match(Attack.readReport(report), BaselineAlert.read(eve),
                Map.of("spoofed-trip-report", java.time.Instant.parse("2026-11-26T10:01:00.150Z").toEpochMilli() * 1000));
    }

    @Test
    void theReportAndTheEveFileAreReadAsTheDemoAndAnalyzeWriteThem() throws IOException {
        Path report = dir.resolve("r.json");
        Files.writeString(report, REPORT);
        List<Attack> attacks = Attack.readReport(report);
        assertThat(attacks).extracting(Attack::id).containsExactly("unknown-host-write", "command-retimed",
                "spoofed-trip-report", "listen-only-mode");
        Attack rogue = attacks.getFirst();
        assertThat(rogue.attackerIp()).isEqualTo("127.30.1.66");
        assertThat(rogue.targetAddresses()).containsExactly("127.30.2.20");
        assertThat(rogue.scanCycleMillis()).isEqualTo(500);
        assertThat(rogue.startMicros()).isEqualTo(java.time.Instant.parse("2026-11-26T10:00:10Z").toEpochMilli() * 1000);
        assertThat(rogue.reporting()).isFalse();
        assertThat(attacks.get(2).reporting()).isTrue();
        assertThat(attacks.get(2).scanCycleMillis()).isEqualTo(250);
        assertThat(attacks.get(3).ran()).isFalse();

        Path eve = dir.resolve("e.json");
        Files.write(eve, EVE);
        List<BaselineAlert> alerts = BaselineAlert.read(eve);
        assertThat(alerts).as("the policy's alert is not the baseline's").hasSize(EVE.size() - 1);
        assertThat(alerts.getFirst().epochMicros() - rogue.startMicros()).isEqualTo(2_500);
        assertThat(alerts.getFirst().check()).isEqualTo("new-channel");
        assertThat(alerts.get(1).check()).isEqualTo("timing/period-early");
        assertThat(alerts.getLast().summary()).isTrue();
    }

    @Test
    void eachAttackGetsItsOwnAlertsTimeToDetectAndScanCycleVerdict() throws IOException {
        ScenarioMatcher.Result r = matched();
        Map<String, ScenarioMatcher.Outcome> by = new java.util.HashMap<>();
        r.outcomes().forEach(o -> by.put(o.attack().id(), o));

        ScenarioMatcher.Outcome rogue = by.get("unknown-host-write");
        assertThat(rogue.detected()).isTrue();
        assertThat(rogue.timeToDetectMicros()).isEqualTo(2_500);
        assertThat(rogue.withinScanCycle()).isTrue();
        assertThat(rogue.checks()).containsExactly("new-channel");

        ScenarioMatcher.Outcome replay = by.get("command-retimed");
        assertThat(replay.checks()).as("only the malware's connection, not the desk's").containsExactly(
                "timing/period-early", "implausible-command/value");
        assertThat(replay.timeToDetectMicros()).isEqualTo(600_000);
        assertThat(replay.withinScanCycle()).as("600 ms > the turbine's 200 ms cycle").isFalse();
        assertThat(replay.collateral()).extracting(BaselineAlert::srcPort).containsExactly(39999);

        ScenarioMatcher.Outcome spoof = by.get("spoofed-trip-report");
        assertThat(spoof.checks()).containsExactly("value-envelope/range");
        assertThat(spoof.timeToDetectMicros()).as("from the first spoofed answer").isEqualTo(30_000);
        assertThat(spoof.fromStartMicros()).as("from the start of the spoof").isEqualTo(180_000);
        assertThat(spoof.withinScanCycle()).isTrue();
        assertThat(spoof.collateral()).extracting(BaselineAlert::rule).containsExactly("response-time", "period-late");

        ScenarioMatcher.Outcome notRun = by.get("listen-only-mode");
        assertThat(notRun.detected()).isFalse();
        assertThat(notRun.timeToDetectMicros()).isEqualTo(-1);

        assertThat(r.falseAlerts()).extracting(BaselineAlert::rule).containsExactly("rate");
        assertThat(r.summaries()).extracting(BaselineAlert::count).containsExactly(36L);
        assertThat(r.collateral()).isEqualTo(3);
    }

    @Test
    void withoutAttacksEveryAlertIsFalseAndSummariesAreApart() throws IOException {
        Path eve = dir.resolve("clean.eve.json");
        Files.write(eve, EVE);
        ScenarioMatcher.Result r = ScenarioMatcher.match(List.of(), BaselineAlert.read(eve), Map.of());
        assertThat(r.outcomes()).isEmpty();
        assertThat(r.falseAlerts()).hasSize(EVE.size() - 2);
        assertThat(r.summaries()).hasSize(1);
    }

    @Test
    void aReportWithoutConnectionsFallsBackToTheAttackersAddressWhileItAttacked() {
        Attack old = new Attack("unknown-host-write", "t", List.of("T0855"), "unknown host 127.30.1.66", "127.30.1.66",
                List.of(io.statewall.plantsim.Controller.BOILER), true, 230, 10_000_000, 10_004_000, java.util.Set.of(), 1);
        BaselineAlert during = new BaselineAlert(10_002_000, "t", "127.30.1.66", 5, "127.30.2.20", 502, "start-up",
                "new-channel", "new-channel", "n", "", "", 0);
        BaselineAlert later = new BaselineAlert(60_000_000, "t", "127.30.1.66", 5, "127.30.2.20", 502, "start-up",
                "new-channel", "new-channel", "n", "", "", 0);
        ScenarioMatcher.Result r = ScenarioMatcher.match(List.of(old), List.of(during, later), Map.of());
        assertThat(r.outcomes().getFirst().direct()).containsExactly(during);
        assertThat(r.falseAlerts()).containsExactly(later);
    }

    @Test
    void badInputIsOneClearErrorNotAStackTrace() throws IOException {
        Path notReport = dir.resolve("x.json");
        Files.writeString(notReport, "{\"attacks\": []}");
        assertThatThrownBy(() -> Attack.readReport(notReport)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a statewall demo report");
        Path badEve = dir.resolve("bad.eve.json");
        Files.writeString(badEve, "{\"event_type\":\"alert\",\"alert\":{\"category\":\"" + BASELINE + "\"}, garbage\n");
        assertThatThrownBy(() -> BaselineAlert.read(badEve)).isInstanceOf(IOException.class)
                .hasMessageContaining("bad.eve.json:1");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BaselineEval.run(new String[] {"--train-seeds", "1", "--clean-seeds", "1"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("baseline-eval: training, clean and attack seeds must all differ");
    }
}
