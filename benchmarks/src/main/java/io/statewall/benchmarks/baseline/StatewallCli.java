package io.statewall.benchmarks.baseline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built {@code statewall} command, run as a user runs it: {@code java -jar statewall.jar ...}
 * in a process of its own, standard output and error kept in a log file.
 *
 * @param java the JDK 25 {@code java} launcher
 * @param jar  {@code cli/target/statewall.jar} (its {@code lib/} beside it)
 */
record StatewallCli(Path java, Path jar) {
    /** Longer than any command here takes: a demo runs about 2 min 15 s. */
    private static final long TIMEOUT_MINUTES = 30;

    /** Runs {@code statewall args...}; fails with the log's last lines unless it exits 0. */
    void run(Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("statewall " + args[0] + " did not finish in " + TIMEOUT_MINUTES + " min: see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IOException("statewall " + String.join(" ", args) + " exited with " + p.exitValue() + ": "
                    + tail(log));
        }
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
