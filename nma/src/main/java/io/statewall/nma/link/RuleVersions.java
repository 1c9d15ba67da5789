package io.statewall.nma.link;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Which policy and baseline are in force, as the heartbeat reports them to the ASMA: the version
 * the ASMA pushed, as long as what it pushed is what is in force; otherwise the local files', as
 * {@code file:} and the first 12 hex digits of the file's SHA-256 (the operator edited the
 * policy file, or the NMA restarted on its own configuration), so the ASMA can tell whether its
 * version is the one enforced and push again if not.
 */
public final class RuleVersions {
    private final Path policyFile;
    private final LongSupplier policyGeneration;
    private final Supplier<String> baselineMode;
    private volatile String pushedPolicy;
    private volatile long pushedPolicyGeneration = -1;
    private volatile String pushedBaseline;
    private long hashedGeneration = -1;
    private String hashed;

    /**
     * @param policyFile       the policy file the NMA was started with (null: none to report)
     * @param policyGeneration the proxy's policy generation (it rises with every install)
     * @param baselineMode     the proxy's baseline mode: off, learning, detecting
     */
    public RuleVersions(Path policyFile, LongSupplier policyGeneration, Supplier<String> baselineMode) {
        this.policyFile = policyFile;
        this.policyGeneration = policyGeneration;
        this.baselineMode = baselineMode;
    }

    /** The policy file the NMA was started with, or null. */
    Path policyFile() {
        return policyFile;
    }

    /** The ASMA's policy {@code version} was just put in force. */
    void policyPushed(String version) {
        pushedPolicy = version;
        pushedPolicyGeneration = policyGeneration.getAsLong();
    }

    void baselinePushed(String version) {
        pushedBaseline = version;
    }

    public synchronized String policy() {
        long g = policyGeneration.getAsLong();
        if (pushedPolicy != null && g == pushedPolicyGeneration) {
            return pushedPolicy;
        }
        if (g != hashedGeneration) {
            hashedGeneration = g;
            hashed = fileVersion(policyFile);
        }
        return hashed;
    }

    /** The pushed baseline's version while one detects; {@code local} for one from a file or learned here; null when off. */
    public String baseline() {
        String mode = baselineMode.get();
        if (mode == null || mode.equals("off")) {
            return null;
        }
        return pushedBaseline != null && mode.equals("detecting") ? pushedBaseline : "local:" + mode;
    }

    static String fileVersion(Path file) {
        if (file == null) {
            return "unknown";
        }
        try {
            return "file:" + FileDigest.sha256Prefix(file, 6);
        } catch (IOException e) {
            return "file:unreadable";
        }
    }
}
