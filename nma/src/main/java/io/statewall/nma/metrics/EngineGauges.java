package io.statewall.nma.metrics;

import java.util.Objects;

/**
 * The NMA-wide values exposed beside the routes' metrics, read by the caller at scrape time.
 *
 * @param state                the operating state in force (e.g. {@code normal})
 * @param policyGeneration     policy versions put in force since start (1: the first)
 * @param stateChanges         operating-state changes since start
 * @param forbiddenTransitions state changes the plant's state model does not allow
 * @param baselineMode         the learned baseline: {@code off}, {@code learning} or {@code detecting}
 * @param baselineLearned      transactions learned inline so far
 * @param baselineAlerts       alerts the baseline wrote
 * @param baselineBlocked      requests the baseline blocked
 */
public record EngineGauges(String state, long policyGeneration, long stateChanges, long forbiddenTransitions,
                           String baselineMode, long baselineLearned, long baselineAlerts, long baselineBlocked) {
    public EngineGauges {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(baselineMode, "baselineMode");
    }

    /** Gauges of an NMA without a baseline. */
    public EngineGauges(String state, long policyGeneration, long stateChanges, long forbiddenTransitions) {
        this(state, policyGeneration, stateChanges, forbiddenTransitions, "off", 0, 0, 0);
    }
}
