package io.statewall.nma.inline;

import io.statewall.engine.baseline.Baseline;
import java.util.List;

/**
 * A baseline the NMA finished learning inline ({@link InlineProxy#learnBaseline}).
 *
 * @param baseline     what was learned; the proxy detects with it from now on (do not change it)
 * @param fileText     its file form, made on the proxy's loop where the baseline is consistent,
 *                     so that writing it to disk can happen elsewhere and the proxy never waits
 * @param transactions transactions learned in this run
 * @param notLearned   states asked to block in which nothing was learned: not checked at all
 */
public record LearnedBaseline(Baseline baseline, String fileText, long transactions, List<String> notLearned) {
    public LearnedBaseline {
        notLearned = List.copyOf(notLearned);
    }
}
