package io.statewall.engine.decide;

import io.statewall.engine.policy.Action;
import io.statewall.engine.policy.Rule;
import java.util.List;

/**
 * One policy rule ready for the engine: its matcher and what a verdict reports when it fires.
 * Immutable; {@link #index()} is its position in {@link CompiledPolicy#rule(int)}.
 */
public final class CompiledRule {
    private final int index;
    private final Rule source;
    private final CompiledMatch match;
    private final long rateWindowNanos;

    CompiledRule(int index, Rule source) {
        this.index = index;
        this.source = source;
        this.match = new CompiledMatch(source.match());
        this.rateWindowNanos = source.rate() == null ? 0 : saturatedNanos(source.rate().window());
    }

    private static long saturatedNanos(java.time.Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    public int index() {
        return index;
    }

    public String id() {
        return source.id();
    }

    public Action action() {
        return source.action();
    }

    /** 1 (high) … 4 (low). */
    public int severity() {
        return source.severity();
    }

    /** Alert text, or null. */
    public String message() {
        return source.message();
    }

    /** MITRE ATT&amp;CK for ICS technique ids, immutable. */
    public List<String> attack() {
        return source.attack();
    }

    /** True for a rule with {@code rate:}. */
    public boolean hasRate() {
        return rateWindowNanos > 0;
    }

    /** The rate's count N, or -1 without rate. */
    public int rateCount() {
        return source.rate() == null ? -1 : source.rate().count();
    }

    /** The rate's window in nanoseconds, or 0 without rate. */
    public long rateWindowNanos() {
        return rateWindowNanos;
    }

    /** True for a rule with {@code response:}: judged by {@link Decider#decideResponse}. */
    public boolean hasResponse() {
        return match.hasResponse();
    }

    /** The rule as loaded. */
    public Rule source() {
        return source;
    }

    CompiledMatch match() {
        return match;
    }

    @Override
    public String toString() {
        return source.id();
    }
}
