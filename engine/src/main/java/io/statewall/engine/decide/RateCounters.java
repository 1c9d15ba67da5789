package io.statewall.engine.decide;

/**
 * The rate windows of one policy generation, by rule index (null for rules without rate).
 * Lives beside the immutable {@link CompiledPolicy}, not in it, so that a swap can hand the
 * counts of surviving rules to the next generation.
 */
final class RateCounters {
    private final RateWindow[] windows;

    RateCounters(CompiledPolicy policy) {
        windows = new RateWindow[policy.ruleCount()];
        for (int i = 0; i < windows.length; i++) {
            CompiledRule r = policy.rule(i);
            if (r.hasRate()) {
                windows[i] = new RateWindow(r.rateCount(), r.rateWindowNanos());
            }
        }
    }

    /**
     * Windows for {@code next}, carrying over the counts of {@code previous}'s rules that keep
     * their id and have a rate in both (see {@link RateWindow#carryFrom}).
     */
    static RateCounters carryOver(RateCounters previousCounts, CompiledPolicy previous, CompiledPolicy next) {
        RateCounters c = new RateCounters(next);
        if (previousCounts == null) {
            return c;
        }
        for (int i = 0; i < c.windows.length; i++) {
            if (c.windows[i] == null) {
                continue;
            }
            int old = previous.ruleIndex(next.rule(i).id());
            if (old >= 0 && previousCounts.windows[old] != null) {
                c.windows[i].carryFrom(previousCounts.windows[old]);
            }
        }
        return c;
    }

    boolean hit(int rule, long nowNanos) {
        return windows[rule].hit(nowNanos);
    }
}
