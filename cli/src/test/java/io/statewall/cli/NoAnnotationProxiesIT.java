package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line is declared without annotations because reading them costs every start:
 * the JDK defines a proxy class per annotation type read, which the AOT cache cannot keep.
 * {@code -Djdk.proxy.debug=debug} makes the JDK print a {@code PROXY:} line, naming the
 * interface, for each proxy class it defines; a fresh JVM per run, as a user starts it.
 */
class NoAnnotationProxiesIT {
    /** How the JDK names an annotation type of picocli's in its proxy report. */
    private static final String PICOCLI_ANNOTATION = "picocli.CommandLine$";

    @TempDir
    Path dir;

    private static String proxyReport(String mainOrJar, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty("statewall.jar");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Djdk.proxy.debug=debug"));
        command.addAll(mainOrJar == null ? List.of("-jar", jar) : List.of("-cp", jar, mainOrJar));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return output;
    }

    @Test
    void theProbeSeesTheProxiesOfAnAnnotatedPicocliCommand() throws Exception {
        // picocli's own AutoComplete tool, on the same class path, is declared with annotations.
        String report = proxyReport("picocli.AutoComplete", "--help");
        assertThat(report).contains("PROXY:").contains(PICOCLI_ANNOTATION + "Command").contains(PICOCLI_ANNOTATION + "Option");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "--help", "analyze --help", "help nma", "policy check --help", "analyze --workers 0 x.pcap"})
    void statewallDefinesNoProxyClassWhileParsing(String args) throws Exception {
        String report = proxyReport(null, args.split(" "));
        assertThat(report).doesNotContain("PROXY:");
    }

    @Test
    void norWhileAnalysingACapture() throws Exception {
        Path capture = dir.resolve("mix.pcap");
        AotTraining.writeCapture(capture, 200);
        Path eve = dir.resolve("eve.json");
        String report = proxyReport(null, "analyze", "--eve", eve.toString(), capture.toString());
        assertThat(report).contains("transactions 100 Modbus").doesNotContain(PICOCLI_ANNOTATION);
        assertThat(Files.size(eve)).isPositive();
    }
}
