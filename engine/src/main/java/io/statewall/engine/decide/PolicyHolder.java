package io.statewall.engine.decide;

import java.util.Objects;

/**
 * The policy in force, swapped atomically. One volatile field holds the current generation
 * (compiled policy and its rate counters); a {@link Decider} reads it once per decision, so a
 * message is judged wholly by one policy version, and the next message sees a new one.
 *
 * <p>Rate counters survive a swap for rules that keep their id (and have a rate in both
 * versions): with the same {@code N/window} the counts carry over whole; with a different one
 * the most recent timestamps that fit (when both are exact windows); otherwise the rule starts
 * from zero. Messages judged by the old generation while the swap copies are counted there and
 * may be lost to the new one: a rate is a heuristic, a swap is rare.
 *
 * <p>The operating state is not held here: it is passed per decision, so a state change
 * applies to the very next message.
 */
public final class PolicyHolder {
    /** One published version: never changes once visible. */
    record Generation(long number, CompiledPolicy policy, RateCounters rates) {}

    private volatile Generation current;

    public PolicyHolder(CompiledPolicy initial) {
        Objects.requireNonNull(initial, "initial");
        current = new Generation(1, initial, new RateCounters(initial));
    }

    /** Publishes {@code next}; decisions already under way finish on the previous version. */
    public synchronized void install(CompiledPolicy next) {
        Objects.requireNonNull(next, "next");
        Generation g = current;
        current = new Generation(g.number() + 1, next, RateCounters.carryOver(g.rates(), g.policy(), next));
    }

    public CompiledPolicy policy() {
        return current.policy();
    }

    /** 1 for the initial policy, +1 per {@link #install}. */
    public long generation() {
        return current.number();
    }

    Generation current() {
        return current;
    }
}
