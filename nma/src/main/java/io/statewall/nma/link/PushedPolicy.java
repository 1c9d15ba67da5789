package io.statewall.nma.link;

import io.statewall.engine.policy.Finding;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;
import io.statewall.engine.policy.PolicyVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The policy the ASMA last pushed, put in force again when the NMA restarts on the policy file it
 * was pushed over.
 *
 * <p>A push stays in force until the policy file changes; a restart alone must not undo it (an
 * NMA rebooted at night would otherwise enforce the rules the plant's security engineer replaced,
 * while the console shows the pushed version as sent). So beside {@code pushed.yaml} and
 * {@code pushed.version} the push records, in {@code pushed.over}, the policy file it replaced:
 * its SHA-256 and last-modified time. At start the pushed policy wins when the file is still
 * that one; an edited file, even one edited back to the same text, means the engineer has
 * spoken since, and the file wins. A pushed policy that no longer loads or verifies (a newer
 * program's rules) is not restored either. Every outcome is one line of the NMA's log.
 *
 * @param version the ASMA's version, as its push named it
 */
public record PushedPolicy(Policy policy, String version) {
    static final String POLICY = "pushed.yaml";
    static final String VERSION = "pushed.version";
    static final String OVER = "pushed.over";

    /**
     * Records which policy file {@code dir}'s {@code pushed.yaml} replaced; a no-op without one.
     * Written last, after the pushed policy and its version: without it nothing is restored.
     */
    static void recordOver(Path dir, Path policyFile) throws IOException {
        if (policyFile == null || !Files.isRegularFile(policyFile)) {
            return;
        }
        Files.writeString(dir.resolve(OVER), "sha256 " + FileDigest.sha256(policyFile) + "\nmodified "
                + Files.getLastModifiedTime(policyFile).toMillis() + "\n", StandardCharsets.UTF_8);
    }

    /** Forgets what the last push replaced: a push in progress, or none to restore. */
    static void forgetOver(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(OVER));
    }

    /**
     * The pushed policy of {@code dataDir} to put in force instead of {@code policyFile}'s, or
     * empty (said on {@code log} when there was a push but it does not apply).
     */
    public static Optional<PushedPolicy> restore(Path dataDir, Path policyFile, Consumer<String> log) {
        Path dir = dataDir.resolve("policy");
        Path pushed = dir.resolve(POLICY);
        if (!Files.isRegularFile(pushed) || policyFile == null) {
            return Optional.empty();
        }
        String version;
        List<String> over;
        try {
            version = Files.readString(dir.resolve(VERSION), StandardCharsets.UTF_8).strip();
            over = Files.readAllLines(dir.resolve(OVER), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            log.accept("the ASMA's last push (" + pushed + ") was not completed: the policy file is in force");
            return Optional.empty();
        } catch (IOException e) {
            log.accept("cannot read the ASMA's last push in " + dir + " (" + e.getMessage() + "): the policy file is in force");
            return Optional.empty();
        }
        try {
            String wasHash = field(over, "sha256 ");
            String wasModified = field(over, "modified ");
            if (!FileDigest.sha256(policyFile).equals(wasHash)
                    || !String.valueOf(Files.getLastModifiedTime(policyFile).toMillis()).equals(wasModified)) {
                log.accept(policyFile + " changed since the ASMA pushed policy version " + version
                        + ": the file's policy is in force");
                return Optional.empty();
            }
        } catch (IOException e) {
            log.accept("cannot read " + policyFile + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
        String source = "policy " + version + " the ASMA pushed (" + pushed + ")";
        Policy policy;
        try {
            policy = PolicyLoader.load(pushed);
        } catch (PolicyException | IOException e) {
            log.accept(source + " no longer loads (" + e.getMessage() + "): the policy file is in force");
            return Optional.empty();
        }
        List<String> errors = PolicyVerifier.verify(policy).stream()
                .filter(f -> f.severity() == Finding.Severity.ERROR).map(f -> f.format(source)).toList();
        if (!errors.isEmpty()) {
            log.accept(source + " no longer verifies (" + errors.getFirst() + "): the policy file is in force");
            return Optional.empty();
        }
        log.accept(source + " is in force again ('" + policy.name() + "'): " + policyFile
                + " is the one it was pushed over");
        return Optional.of(new PushedPolicy(policy, version));
    }

    private static String field(List<String> lines, String prefix) {
        for (String l : lines) {
            if (l.startsWith(prefix)) {
                return l.substring(prefix.length()).strip();
            }
        }
        return "";
    }
}
