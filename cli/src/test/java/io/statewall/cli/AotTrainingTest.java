package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AOT training capture must be one the analyzer reads cleanly, or it trains the wrong paths. */
class AotTrainingTest {
    @TempDir
    Path dir;

    @Test
    void theTrainingCaptureIsCleanModbusWithTheWholeFunctionMix() throws Exception {
        Path capture = dir.resolve("training.pcap");
        AotTraining.writeCapture(capture, 20_000);
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("analyze", "--eve", "-", "--eve-types", "stats,anomaly", capture.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.ofType("anomaly")).isEmpty();
        var modbus = run.ofType("stats").get(0).path("stats").path("modbus");
        assertThat(modbus.path("transactions").asInt()).isEqualTo(10_000);
        assertThat(modbus.path("unanswered").asInt()).isZero();
        assertThat(modbus.path("exceptions").asInt()).isPositive();
        for (String fc : new String[] {"1", "2", "3", "4", "5", "6", "15", "16", "43"}) {
            assertThat(modbus.path("by_function").path(fc).asInt()).as("FC %s", fc).isPositive();
        }
    }

    @Test
    void theTrainingPolicyIsValidAndJudgesTheTrainingCapture() throws Exception {
        Path capture = dir.resolve("training.pcap");
        AotTraining.writeCapture(capture, 20_000);
        Path policy = java.nio.file.Files.writeString(dir.resolve("training.yaml"), AotTraining.TRAINING_POLICY);
        AnalyzeCommandTest.Run check = AnalyzeCommandTest.run("policy", "check", policy.toString());
        assertThat(check.exit()).as(check.out()).isZero();
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("analyze", "--policy", policy.toString(), "--eve", "-",
                "--eve-types", "stats,state", capture.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        var stats = run.ofType("stats").get(0).path("stats").path("policy");
        assertThat(stats.path("alerts").asInt()).as("the exception rule fires").isPositive();
    }
}
