package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code statewall learn} and {@code analyze --baseline}, end to end and in-process: a baseline
 * learned from clean captures, then clean traffic passes quietly and an injected deviation is
 * one alert; every wrong file is one line and exit 2.
 */
class LearnCommandTest {
    @TempDir
    Path dir;

    private Path capture(String name, ScanCapture c) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, c.bytes());
        return p;
    }

    private Path learned(String name, Path... captures) {
        Path out = dir.resolve(name);
        String[] args = new String[3 + captures.length];
        args[0] = "learn";
        args[1] = "--out";
        args[2] = out.toString();
        for (int i = 0; i < captures.length; i++) {
            args[3 + i] = captures[i].toString();
        }
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run(args);
        assertThat(run.exit()).as(run.err()).isZero();
        return out;
    }

    @Test
    void learnWritesTheBaselineAndOneLineOfSummary() throws Exception {
        Path clean = capture("clean.pcap", new ScanCapture().scans(0, 200));
        Path out = dir.resolve("b.yaml");
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("learn", "--out", out.toString(), clean.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEmpty();
        // 4 holding registers and 8 coils read, setpoint 200 written
        assertThat(run.err()).isEqualTo(out + ": 1 state, 1 channel, 13 points learned from 600 transactions in 1 capture"
                + System.lineSeparator());
        String text = Files.readString(out);
        assertThat(text).contains("statewall-baseline: 1", "learned_from:\n  - { capture: \"clean.pcap\", transactions: 600 }",
                "\"10.0.0.1 > 10.0.0.2:502 unit 1\":", "FC3(100x4)", "period 500.");
    }

    @Test
    void learningTheSameCapturesTwiceGivesTheSameBytes() throws Exception {
        Path clean = capture("clean.pcap", new ScanCapture().scans(0, 120));
        assertThat(Files.readString(learned("a.yaml", clean))).isEqualTo(Files.readString(learned("b.yaml", clean)));
    }

    @Test
    void resumingOnASecondCaptureEqualsLearningBothInOneRun() throws Exception {
        Path first = capture("first.pcap", new ScanCapture().scans(0, 100));
        Path second = capture("second.pcap", new ScanCapture().scans(100, 220));
        Path both = learned("both.yaml", first, second);
        Path resumed = learned("resumed.yaml", first);
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("learn", "--resume", "--out", resumed.toString(), second.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(resumed)).isEqualTo(Files.readString(both));
    }

    @Test
    void cleanTrafficPassesQuietlyAndAnInjectedWriteIsOneAlert() throws Exception {
        Path baseline = learned("b.yaml", capture("clean.pcap", new ScanCapture().scans(0, 200)));

        Path clean = capture("later.pcap", new ScanCapture().scans(200, 400));
        AnalyzeCommandTest.Run quiet = AnalyzeCommandTest.run("analyze", "--baseline", baseline.toString(), "--eve", "-",
                "--eve-types", "alert", clean.toString());
        assertThat(quiet.exit()).as(quiet.err()).isZero();
        assertThat(quiet.ofType("alert")).isEmpty();

        // scan 300: the HMI also writes setpoint 300, which it never wrote
        ScanCapture c = new ScanCapture().scans(200, 300);
        c.exchange(ScanCapture.HMI, 1_700_000_000_000_000L + 300 * 500_000L - 200_000, new int[] {6, 1, 0x2C, 0x03, 0xE8},
                new int[] {6, 1, 0x2C, 0x03, 0xE8});
        c.scans(300, 400);
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("analyze", "--baseline", baseline.toString(), "--eve", "-",
                "--eve-types", "alert,stats", capture("attack.pcap", c).toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> alerts = run.ofType("alert");
        assertThat(alerts).hasSize(1);
        JsonNode a = alerts.getFirst();
        assertThat(a.path("alert").path("action").asString()).isEqualTo("allowed");
        assertThat(a.path("alert").path("category").asString()).isEqualTo("ICS baseline deviation");
        assertThat(a.path("statewall").path("detector").asString()).isEqualTo("new-address");
        assertThat(a.path("statewall").path("state").asString()).isEqualTo("unknown");
        assertThat(a.path("statewall").path("expected").asString()).isEqualTo("FC 6 writes 200");
        assertThat(a.path("statewall").path("seen").asString()).isEqualTo("FC 6 writes 300");
        assertThat(a.path("statewall").path("attack").toString()).isEqualTo("[\"T0836\",\"T0855\"]");
        assertThat(a.path("modbus").path("request").path("write").path("address").asInt()).isEqualTo(300);
        JsonNode policy = run.ofType("stats").getFirst().path("stats").path("policy");
        assertThat(policy.path("alerts").asInt()).isEqualTo(1);
        assertThat(policy.path("by_rule").path("baseline/new-address").asInt()).isEqualTo(1);
        assertThat(run.err()).contains("verdicts     1 alerts");
    }

    @Test
    void aRogueClientPollingEveryScanIsOneAlertAndASummaryWithItsCount() throws Exception {
        Path baseline = learned("b.yaml", capture("clean.pcap", new ScanCapture().scans(0, 200)));
        ScanCapture c = new ScanCapture().scans(200, 300);
        for (int i = 300; i < 400; i++) {
            c.scans(i, i + 1);
            c.exchange(ScanCapture.ROGUE, 1_700_000_000_000_000L + i * 500_000L + 100_000, new int[] {3, 0, 100, 0, 4},
                    new int[] {3, 8, 0, 1, 0, 2, 0, 3, 0, 4});
        }
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("analyze", "--baseline", baseline.toString(), "--eve", "-",
                "--eve-types", "alert", capture("rogue.pcap", c).toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.ofType("alert")).extracting(r -> r.path("statewall").path("detector").asString() + " "
                + r.path("statewall").path("count").asLong()).containsExactly("new-channel 0", "new-channel 100");
        assertThat(run.ofType("alert").getFirst().path("src_ip").asString()).isEqualTo("10.0.0.9");
    }

    /** The plant's state is whether coil 5 is on: it toggles every 20 scans. */
    private static final String BREAKER_POLICY = """
            statewall: 1
            name: breaker
            assets:
              plc: { ip: 10.0.0.2 }
            plant:
              variables:
                breaker: { asset: plc, unit: 1, area: coils, address: 5 }
              states:
                open:   { when: "not breaker", priority: 10 }
                closed: { when: "breaker", priority: 20 }
            default_ruleset:
              default: allow
            """;

    @Test
    void withAPolicyEachStateIsLearnedApartAndChecked() throws Exception {
        Path policy = dir.resolve("p.yaml");
        Files.writeString(policy, BREAKER_POLICY);
        Path out = dir.resolve("b.yaml");
        AnalyzeCommandTest.Run learn = AnalyzeCommandTest.run("learn", "--policy", policy.toString(), "--out", out.toString(),
                capture("clean.pcap", new ScanCapture().scans(0, 200)).toString());
        assertThat(learn.exit()).as(learn.err()).isZero();
        assertThat(learn.err()).contains(": 3 states, 1 channel");
        assertThat(Files.readString(out)).contains("policy: \"breaker\"", "\n  closed:\n", "\n  open:\n", "\n  unknown:\n");

        AnalyzeCommandTest.Run quiet = AnalyzeCommandTest.run("analyze", "--policy", policy.toString(), "--baseline",
                out.toString(), "--eve", "-", "--eve-types", "alert", capture("later.pcap", new ScanCapture().scans(200, 400)).toString());
        assertThat(quiet.exit()).as(quiet.err()).isZero();
        assertThat(quiet.ofType("alert")).isEmpty();

        // learned with the policy's states, the baseline does not fit a run without them
        AnalyzeCommandTest.Run without = AnalyzeCommandTest.run("analyze", "--baseline", out.toString(), dir.resolve("later.pcap").toString());
        assertThat(without.exit()).isEqualTo(Statewall.BAD_INPUT);
        assertThat(without.err()).isEqualTo("analyze: " + out + ": learned in states closed, open, which the policy does not have"
                + " (states: unknown); it was learned with policy 'breaker'" + System.lineSeparator());
    }

    @Test
    void aStateTheBaselineNeverSawIsNamedAndNotChecked() throws Exception {
        Path policy = dir.resolve("p.yaml");
        Files.writeString(policy, BREAKER_POLICY);
        Path out = dir.resolve("b.yaml");
        // the first 20 scans: the breaker never closes
        AnalyzeCommandTest.Run learn = AnalyzeCommandTest.run("learn", "--policy", policy.toString(), "--out", out.toString(),
                capture("open.pcap", new ScanCapture().scans(0, 20)).toString());
        assertThat(learn.exit()).as(learn.err()).isZero();
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("analyze", "--policy", policy.toString(), "--baseline", out.toString(),
                "--eve", "-", "--eve-types", "alert", capture("later.pcap", new ScanCapture().scans(0, 60)).toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).startsWith("statewall analyze: " + out + " learned nothing in state closed: traffic in it is not checked");
        // scans 20..39 run with the breaker closed: nothing of them is judged (what "open" learned
        // in 20 scans is judged in scans 40..59, and the first answer showing the breaker closed
        // still arrives in "open": the state changes with it)
        assertThat(run.ofType("alert")).isNotEmpty().noneMatch(a -> a.path("statewall").path("state").asString().equals("closed"));
    }

    @Test
    void aBaselineInABlockStateReportsWhatInlineEnforcementWouldHaveStopped() throws Exception {
        Path baseline = learned("b.yaml", capture("clean.pcap", new ScanCapture().scans(0, 200)));
        Files.writeString(baseline, Files.readString(baseline).replace("action: alert", "action: block"));
        ScanCapture c = new ScanCapture().scans(200, 300);
        c.exchange(ScanCapture.ROGUE, 1_700_000_000_000_000L + 300 * 500_000L - 100_000, new int[] {5, 0, 1, 0, 0},
                new int[] {5, 0, 1, 0, 0});
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("analyze", "--baseline", baseline.toString(), "--eve", "-",
                "--eve-types", "alert", capture("rogue.pcap", c).toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.ofType("alert")).hasSize(1);
        assertThat(run.ofType("alert").getFirst().path("alert").path("action").asString()).isEqualTo("blocked");
        assertThat(run.err()).contains("1 would have been blocked");
    }

    @Test
    void wrongFilesAreOneLineAndExitTwo() throws Exception {
        Path clean = capture("clean.pcap", new ScanCapture().scans(0, 60));
        Path baseline = learned("b.yaml", clean);
        Path bad = dir.resolve("bad.yaml");
        String text = Files.readString(baseline);
        Files.writeString(bad, text.replace("action: alert", "action: drop"));
        int line = (int) text.substring(0, text.indexOf("action: alert")).lines().count();
        Path notYaml = dir.resolve("not.yaml");
        Files.write(notYaml, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1});
        Path missing = dir.resolve("missing.yaml");
        String[][] cases = {
            {"analyze --baseline " + missing + " " + clean, "analyze: " + missing + ": no such file"},
            {"analyze --baseline " + bad + " " + clean, "analyze: " + bad + ":" + line + ":13: action: expected alert or block, found 'drop'"},
            {"analyze --baseline " + notYaml + " " + clean, "analyze: " + notYaml + ": not UTF-8 text (is this a baseline file?)"},
            {"analyze --baseline " + clean + " " + clean, "analyze: " + clean + ":"},
            {"learn --out " + dir.resolve("x.yaml") + " --resume " + clean, "learn: --resume: " + dir.resolve("x.yaml") + ": no such file"},
            {"learn --out " + dir.resolve("x.yaml") + " " + dir.resolve("none.pcap"), "learn: " + dir.resolve("none.pcap") + ": no such file"},
            {"learn --out " + dir.resolve("no/such/dir/x.yaml") + " " + clean, "learn: --out " + dir.resolve("no/such/dir/x.yaml") + ": no such directory"},
            {"learn --resume --out " + bad + " " + clean, "learn: " + bad + ":" + line + ":13: action: expected alert or block"},
            {"learn " + clean, "learn: Missing required option: '--out=BASELINE' (see --help)"},
            {"learn --out " + dir.resolve("x.yaml") + " --modbus-port 0 " + clean, "learn: --modbus-port 0 is not a TCP port (1-65535)"},
        };
        for (String[] c : cases) {
            AnalyzeCommandTest.Run run = AnalyzeCommandTest.run(c[0].split(" "));
            assertThat(run.exit()).as(c[0]).isEqualTo(Statewall.BAD_INPUT);
            assertThat(run.err().lines()).as(c[0] + ": " + run.err()).hasSize(1);
            assertThat(run.err()).as(c[0]).startsWith(c[1]).doesNotContain("Exception");
            assertThat(run.out()).as(c[0]).isEmpty();
        }
        assertThat(dir.resolve("x.yaml")).doesNotExist();
    }

    @Test
    void usageIsTheGoldenText() throws IOException {
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("learn", "--help");
        assertThat(run.exit()).isZero();
        try (InputStream in = LearnCommandTest.class.getResourceAsStream("usage/learn.txt")) {
            assertThat(in).as("usage/learn.txt").isNotNull();
            assertThat(run.out()).as("help text changed: update usage/learn.txt if intended")
                    .isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(AnalyzeCommandTest.run("help", "learn").out()).isEqualTo(run.out());
    }
}
