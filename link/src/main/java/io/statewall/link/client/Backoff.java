package io.statewall.link.client;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between connection attempts: {@code initial}, doubling up to {@code max}; each wait is
 * shortened by up to a fifth at random, so that a hundred NMAs cut off by one ASMA restart do
 * not all come back in the same millisecond.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private long current;

    Backoff(long initialNanos, long maxNanos) {
        this.initialNanos = initialNanos;
        this.maxNanos = maxNanos;
    }

    long nextNanos() {
        current = current == 0 ? initialNanos : Math.min(maxNanos, current * 2);
        return (long) (current * (0.8 + 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    void reset() {
        current = 0;
    }
}
