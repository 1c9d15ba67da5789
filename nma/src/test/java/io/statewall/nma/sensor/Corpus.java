package io.statewall.nma.sensor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared third-party corpus ({@code ../shared/corpus}), never copied into the repository:
 * tests that need it are skipped, saying so, where it is absent.
 */
final class Corpus {
    private Corpus() {
    }

    /** Stands for the whole parameter list when the corpus is absent, so the skip is reported. */
    static final String ABSENT = "(third-party corpus absent)";

    static Path location() {
        String shared = System.getProperty("statewall.shared", "../shared");
        return Path.of(shared).resolve("corpus").toAbsolutePath().normalize();
    }

    static boolean present() {
        return Files.isDirectory(location());
    }

    static Path root() {
        Path corpus = location();
        assumeTrue(Files.isDirectory(corpus), "third-party corpus absent at " + corpus + ": skipped");
        return corpus;
    }

    /** Captures whose tshark oracle lists Modbus frames, as paths relative to the corpus. */
    static List<String> modbusCaptures() {
        if (!present()) {
            return List.of(ABSENT);
        }
        Path root = root();
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(root.resolve("INDEX.tsv"))) {
                String[] f = line.split("\t");
                if (f.length >= 3 && f[2].contains("modbus") && Files.exists(root.resolve("oracle-tshark").resolve(f[0] + ".tsv"))) {
                    out.add(f[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
