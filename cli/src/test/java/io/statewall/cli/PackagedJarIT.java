package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as the launcher starts it: {@code java -jar statewall.jar} with the class
 * path of its manifest. Catches what in-process tests cannot, such as a runtime dependency
 * missing from {@code lib/}.
 */
class PackagedJarIT {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    private static Result java(String... args) throws Exception {
        String jar = System.getProperty("statewall.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        int exit = p.waitFor();
        return new Result(exit, new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void checksTheExamplePolicy() throws Exception {
        Result r = java("policy", "check", Path.of("..", "examples", "thermal-power-unit.yaml").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("0 errors");
    }

    @Test
    void analysesACapture() throws Exception {
        Path capture = dir.resolve("mix.pcap");
        AotTraining.writeCapture(capture, 2_000);
        Result r = java("analyze", "--eve", "-", "--eve-types", "stats", capture.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"event_type\":\"stats\"").contains("\"transactions\":1000");
        assertThat(r.err()).contains("transactions 1,000 Modbus");
    }

    @Test
    void aUserErrorIsOneLineWithoutAStackTrace() throws Exception {
        Result r = java("analyze", dir.resolve("missing.pcap").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception");
    }
}
