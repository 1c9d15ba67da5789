package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code statewall policy check} run in-process on the examples and on broken policies. */
class PolicyCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"thermal-power-unit.yaml", "modbus-bench.yaml"})
    void theExamplesAreClean(String example) {
        Path file = Path.of("..", "examples", example);
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("policy", "check", file.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains(": 0 errors");
    }

    @Test
    void aBrokenFileListsEveryProblemWithItsLineAndExitsTwo() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, """
                statewall: 1
                assets:
                  hmi: { ip: 10.0.0.1 }
                common:
                  - id: a
                    from: hmi-9
                    action: allow
                  - id: b
                    acton: block
                """);
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("policy", "check", file.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(file + ":6:").contains("hmi-9");
        assertThat(run.err()).contains(file + ":9:").contains("acton");
        assertThat(run.err()).doesNotContain("Exception");
    }

    @Test
    void aRuleThatCanNeverFireIsAnErrorWithExitTwo() throws Exception {
        Path file = dir.resolve("shadowed.yaml");
        Files.writeString(file, """
                statewall: 1
                assets:
                  hmi: { ip: 10.0.0.1 }
                  plc: { ip: 10.0.0.2 }
                common:
                  - id: all-writes
                    to: plc
                    operation: write
                    action: block
                  - id: writes-from-hmi
                    from: hmi
                    to: plc
                    operation: write
                    action: allow
                """);
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("policy", "check", file.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains("writes-from-hmi").contains("error");
    }

    @Test
    void aMissingFileIsOneLine() {
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("policy", "check", dir.resolve("none.yaml").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("no such file");
    }
}
