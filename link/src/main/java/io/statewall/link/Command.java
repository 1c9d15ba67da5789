package io.statewall.link;

import java.util.Objects;

/**
 * What the ASMA tells an NMA; each is answered with a {@link CommandResult} of the same id. Ids
 * are the ASMA's: unique among the commands in flight to one NMA.
 */
public sealed interface Command {
    long id();

    /** Forces the operating state {@code state} (it wins over the inferred one until released). */
    record DeclareState(long id, String state, String by) implements Command {
        public DeclareState {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(by, "by");
        }
    }

    /** Ends a declaration: the NMA goes back to inferring the state from the process. */
    record ReleaseState(long id, String by) implements Command {
        public ReleaseState {
            Objects.requireNonNull(by, "by");
        }
    }

    /** A policy (the YAML of docs/policy-format.md) to check and put in force. */
    record PushPolicy(long id, String version, String yaml) implements Command {
        public PushPolicy {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(yaml, "yaml");
        }
    }

    /** A learned baseline (docs/baseline.md) to check and put in force. */
    record PushBaseline(long id, String version, String yaml) implements Command {
        public PushBaseline {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(yaml, "yaml");
        }
    }
}
