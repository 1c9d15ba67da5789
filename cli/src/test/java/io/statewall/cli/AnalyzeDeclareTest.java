package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code analyze --policy --declare} on the golden state walk (see {@link GoldenStateWalkTest}).
 * Its timeline, in seconds past 20:17 on 2026-11-25: first packet 10.050914; coil 5 (breaker)
 * written 0 at 10.199684 (request); speed written 1500 at 10.315; breaker closed at 10.497;
 * breaker-open command at 10.611381, blocked in normal; run-down to stopped at 10.746.
 * Only {@code normal} has rules: a breaker-open command is blocked there.
 */
class AnalyzeDeclareTest {
    private static final Path DIR = Path.of("src", "test", "resources", "golden");
    private static final String DAY = "2026-11-25T20:17:";

    @TempDir
    Path dir;

    private static AnalyzeCommandTest.Run analyze(String... declare) {
        List<String> args = new ArrayList<>(List.of("analyze", "--modbus-port", "5020",
                "--policy", DIR.resolve("state-walk.yaml").toString(), "--eve", "-", "--eve-types", "state,alert,stats"));
        for (String d : declare) {
            args.add("--declare");
            args.add(d);
        }
        args.add(DIR.resolve("state-walk.pcap").toString());
        return AnalyzeCommandTest.run(args.toArray(String[]::new));
    }

    /** "time from>to origin [by]" per state record. */
    private static List<String> states(AnalyzeCommandTest.Run run) {
        return run.ofType("state").stream().map(r -> {
            JsonNode s = r.path("state");
            return r.path("timestamp").asString().substring(DAY.length(), DAY.length() + 9) + " " + s.path("from").asString()
                    + ">" + s.path("to").asString() + " " + s.path("origin").asString()
                    + (s.has("declared_by") ? " by " + s.path("declared_by").asString() : "");
        }).toList();
    }

    private static List<JsonNode> policyAlerts(AnalyzeCommandTest.Run run) {
        return run.ofType("alert").stream().filter(a -> a.path("statewall").path("detector").asString().equals("policy")).toList();
    }

    @Test
    void aDeclaredWindowGovernsItsMessagesAndTheInferredStateComesBackAtItsEnd() {
        // normal declared before the breaker-open write at 10.199684, released after speed 1500 came in
        AnalyzeCommandTest.Run run = analyze("normal@2026-11-25T20:17:10.190Z..2026-11-25T20:17:10.320Z");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(states(run)).containsExactly(
                "10.190000 unknown>normal declared by operator",
                // the conditions kept running underneath: startup holds by now
                "10.320000 normal>startup released by operator",
                "10.497992 startup>normal condition",
                "10.611523 normal>startup condition",
                "10.746779 startup>stopped condition");
        JsonNode released = run.ofType("state").get(1).path("state");
        assertThat(released.path("cause").asString()).isEqualTo("speed >= 50 and not breaker");
        assertThat(released.path("readings").path("speed").asInt()).isEqualTo(1500);
        assertThat(run.ofType("state").get(0).path("state").path("allowed").asBoolean()).isTrue();
        assertThat(released.path("allowed").asBoolean()).isTrue();

        List<JsonNode> alerts = policyAlerts(run);
        assertThat(alerts).extracting(a -> a.path("timestamp").asString().substring(DAY.length(), DAY.length() + 9))
                .containsExactly("10.199684", "10.611381");
        // Without the declaration this write falls in state unknown and is allowed (the golden file).
        JsonNode declared = alerts.get(0);
        assertThat(declared.path("statewall").path("state").asString()).isEqualTo("normal");
        assertThat(declared.path("statewall").path("rule").asString()).isEqualTo("no-breaker-open-in-normal");
        assertThat(declared.path("alert").path("action").asString()).isEqualTo("blocked");
        assertThat(declared.path("modbus").path("request").path("write").path("address").asInt()).isEqualTo(5);
        assertThat(run.ofType("alert")).hasSize(2);
        assertThat(run.ofType("stats").get(0).path("stats").path("policy").path("blocked").asInt()).isEqualTo(2);
    }

    @Test
    void offsetsCountFromTheFirstPacket() {
        AnalyzeCommandTest.Run run = analyze("normal@+139ms..+269ms");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(states(run)).startsWith(
                "10.189914 unknown>normal declared by operator",
                "10.319914 normal>startup released by operator");
        assertThat(policyAlerts(run)).hasSize(2);
        assertThat(policyAlerts(run).get(0).path("statewall").path("state").asString()).isEqualTo("normal");
    }

    @Test
    void aStateAloneIsDeclaredForTheWholeCapture() {
        AnalyzeCommandTest.Run run = analyze("startup");
        assertThat(run.exit()).as(run.err()).isZero();
        // declared at the first packet; the traffic's own switches never happen
        assertThat(states(run)).containsExactly("10.050914 unknown>startup declared by operator");
        // the breaker-open command that the golden run blocks in normal is judged in startup: no rule
        assertThat(run.ofType("alert")).isEmpty();
        JsonNode policy = run.ofType("stats").get(0).path("stats").path("policy");
        assertThat(policy.path("blocked").asInt()).isZero();
        assertThat(policy.path("state").asString()).isEqualTo("startup");
    }

    @Test
    void aBoundaryBetweenMessagesActsBeforeTheNextOneWithoutLag() {
        // released 1 µs before the breaker-open request: that request is judged in the inferred state (normal)
        AnalyzeCommandTest.Run before = analyze("startup@+500ms..2026-11-25T20:17:10.611380Z");
        assertThat(policyAlerts(before)).extracting(a -> a.path("statewall").path("state").asString()).containsExactly("normal");
        // released exactly at the request: still released before it is judged
        AnalyzeCommandTest.Run at = analyze("startup@+500ms..2026-11-25T20:17:10.611381Z");
        assertThat(policyAlerts(at)).extracting(a -> a.path("statewall").path("state").asString()).containsExactly("normal");
        // released 1 µs after it: the request is judged in the declared startup, which allows it
        AnalyzeCommandTest.Run after = analyze("startup@+500ms..2026-11-25T20:17:10.611382Z");
        assertThat(policyAlerts(after)).isEmpty();
        // that transaction's response (10.611523) already reached the plant: the release is dated
        // then, keeping the records in time order, and finds the breaker open
        assertThat(states(after)).contains("10.611523 startup>startup released by operator");
    }

    @Test
    void aDeclarationAgainstThePlantModelsTransitionsIsAnAlertNamingTheOperator() {
        // at +200ms the plant is stopped; the model allows stopped -> startup only, and normal -> startup only
        AnalyzeCommandTest.Run run = analyze("normal@+200ms..+250ms");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(states(run)).startsWith(
                "10.200160 unknown>stopped condition",
                "10.250914 stopped>normal declared by operator",
                "10.300914 normal>stopped released by operator");
        List<JsonNode> model = run.ofType("alert").stream()
                .filter(a -> a.path("statewall").path("detector").asString().equals("state-model")).toList();
        assertThat(model).extracting(a -> a.path("statewall").path("rule").asString())
                .containsExactly("stopped->normal", "normal->stopped");
        assertThat(model.get(0).path("statewall").path("note").asString()).isEqualTo("declared by operator");
        assertThat(model.get(1).path("statewall").path("note").asString()).startsWith("released by operator; cause: speed < 50");
    }

    @Test
    void adjacentDeclarationsHandOverWithoutAReleaseBetween() {
        AnalyzeCommandTest.Run run = analyze("normal@+139ms..+200ms", "startup@+200ms..+269ms");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(states(run)).startsWith(
                "10.189914 unknown>normal declared by operator",
                "10.250914 normal>startup declared by operator",
                "10.319914 startup>startup released by operator");
    }

    static Stream<Arguments> refused() {
        String policy = DIR.resolve("state-walk.yaml").toString();
        String noPlant = Path.of("..", "examples", "modbus-bench.yaml").toString();
        return Stream.of(
                // extra arguments, the one line on stderr
                Arguments.of(List.of("--policy", policy, "--declare", "maintenance"),
                        "analyze: --declare maintenance: unknown state 'maintenance' (states: stopped, startup, normal, unknown)"),
                Arguments.of(List.of("--declare", "normal"), "analyze: --declare needs --policy with a plant model (states to declare)"),
                Arguments.of(List.of("--policy", noPlant, "--declare", "normal"),
                        "analyze: --declare needs --policy with a plant model (states to declare)"),
                Arguments.of(List.of("--policy", policy, "--declare", "normal@10:00"),
                        "analyze: --declare normal@10:00: FROM '10:00' is not a time (an ISO-8601 instant such as"
                                + " 2026-11-25T10:00:00Z, or an offset from the first packet such as +90s, +5m, +1h30m, +250ms)"),
                Arguments.of(List.of("--policy", policy, "--declare", "normal@+5s..+5s"),
                        "analyze: --declare normal@+5s..+5s: UNTIL (2026-11-25T20:17:15.050914Z) is not after FROM"
                                + " (2026-11-25T20:17:15.050914Z)"),
                // resolved against the first packet: +1s is 20:17:11.050914, after the absolute UNTIL
                Arguments.of(List.of("--policy", policy, "--declare", "normal@+1s..2026-11-25T20:17:11Z"),
                        "analyze: --declare normal@+1s..2026-11-25T20:17:11Z: UNTIL (2026-11-25T20:17:11Z) is not after"
                                + " FROM (2026-11-25T20:17:11.050914Z)"),
                Arguments.of(List.of("--policy", policy, "--declare", "normal@+1s..+5s", "--declare", "startup@+4s"),
                        "analyze: --declare normal@+1s..+5s and startup@+4s overlap (from 2026-11-25T20:17:14.050914Z"
                                + " to 2026-11-25T20:17:15.050914Z)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refused")
    void aBadDeclarationIsOneLineAndExitTwoBeforeAnyOutput(List<String> extra, String message) {
        Path eve = dir.resolve("eve.json");
        List<String> args = new ArrayList<>(List.of("analyze", "--modbus-port", "5020", "--eve", eve.toString()));
        args.addAll(extra);
        args.add(DIR.resolve("state-walk.pcap").toString());
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run(args.toArray(String[]::new));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(message + System.lineSeparator());
        assertThat(run.out()).isEmpty();
        assertThat(eve).doesNotExist();
    }

    @Test
    void helpDocumentsTheOption() {
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("analyze", "--help");
        assertThat(run.exit()).isZero();
        String help = Arrays.stream(run.out().split("\\R")).map(String::strip).reduce("", (a, b) -> a + " " + b);
        assertThat(help).contains("--declare=STATE[@FROM[..UNTIL]]").contains("needs --policy with a plant model")
                .contains("offsets from the first packet");
    }
}
