package io.statewall.nma.link;

import io.statewall.engine.baseline.Baseline;
import io.statewall.engine.baseline.BaselineFile;
import io.statewall.engine.baseline.BaselineFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The baseline the ASMA last pushed, in force again when the NMA restarts with the baseline
 * configuration it was pushed over, as {@link PushedPolicy} does for policies: a push stays in
 * force until the NMA's own baseline settings change, and a restart alone does not undo it (an
 * NMA configured to learn would otherwise start learning again from nothing, blind for hours).
 *
 * <p>The configuration is recorded as one line ({@link #configuration}): {@code none}, the
 * baseline file's SHA-256 and modification time, and the learning time when it learns. A pushed
 * baseline that no longer reads is not restored; one the policy in force cannot use is refused
 * by the proxy when it is put in force, as a push would be.
 *
 * @param version the ASMA's version, as its push named it
 */
public record PushedBaseline(Baseline baseline, String version) {
    static final String BASELINE = "pushed.yaml";
    static final String VERSION = "pushed.version";
    static final String OVER = "pushed.over";

    /**
     * The NMA's baseline settings as one line: {@code file} (null: none) detected with, or learnt
     * on from for {@code learn} (null: no learning).
     */
    public static String configuration(Path file, Duration learn) {
        String f;
        if (file == null) {
            f = "no file";
        } else {
            try {
                f = "file sha256 " + FileDigest.sha256(file) + " modified " + Files.getLastModifiedTime(file).toMillis();
            } catch (IOException e) {
                f = "file unreadable";
            }
        }
        return (learn == null ? "detect, " : "learn " + learn + ", ") + f;
    }

    static void recordOver(Path dir, String configuration) throws IOException {
        if (configuration != null) {
            Files.writeString(dir.resolve(OVER), configuration + "\n", StandardCharsets.UTF_8);
        }
    }

    static void forgetOver(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(OVER));
    }

    /**
     * The pushed baseline of {@code dataDir} to put in force instead of the configured one, or
     * empty (said on {@code log} when there was a push but it does not apply).
     *
     * @param configuration the NMA's baseline settings now, as {@link #configuration} gives them
     */
    public static Optional<PushedBaseline> restore(Path dataDir, String configuration, Consumer<String> log) {
        Path dir = dataDir.resolve("baseline");
        Path pushed = dir.resolve(BASELINE);
        if (!Files.isRegularFile(pushed)) {
            return Optional.empty();
        }
        String version;
        String over;
        try {
            version = Files.readString(dir.resolve(VERSION), StandardCharsets.UTF_8).strip();
            over = Files.readString(dir.resolve(OVER), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            log.accept("the ASMA's last baseline push (" + pushed + ") was not completed: the configured baseline is in force");
            return Optional.empty();
        } catch (IOException e) {
            log.accept("cannot read the ASMA's last baseline push in " + dir + " (" + e.getMessage()
                    + "): the configured baseline is in force");
            return Optional.empty();
        }
        if (!over.equals(configuration)) {
            log.accept("the baseline settings changed since the ASMA pushed baseline " + version
                    + ": the configured baseline is in force");
            return Optional.empty();
        }
        try {
            Baseline b = BaselineFile.read(pushed);
            log.accept("baseline " + version + " the ASMA pushed (" + pushed + ") is in force again: the baseline"
                    + " settings are those it was pushed over");
            return Optional.of(new PushedBaseline(b, version));
        } catch (BaselineFormatException | IOException e) {
            log.accept("baseline " + version + " the ASMA pushed (" + pushed + ") no longer reads (" + e.getMessage()
                    + "): the configured baseline is in force");
            return Optional.empty();
        }
    }
}
