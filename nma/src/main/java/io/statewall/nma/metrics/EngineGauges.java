package io.statewall.nma.metrics;

import java.util.Objects;

/**
 * The NMA-wide values exposed beside the routes' metrics, read by the caller at scrape time.
 *
 * @param state                the operating state in force (e.g. {@code normal})
 * @param policyGeneration     policy versions put in force since start (1: the first)
 * @param stateChanges         operating-state changes since start
 * @param forbiddenTransitions state changes the plant's state model does not allow
 */
public record EngineGauges(String state, long policyGeneration, long stateChanges, long forbiddenTransitions) {
    public EngineGauges {
        Objects.requireNonNull(state, "state");
    }
}
