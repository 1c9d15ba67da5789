package io.statewall.engine.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code count/window}: a rule with a rate fires only on the matching messages beyond
 * {@code count} within a sliding {@code window} (so {@code 20/1s} fires on the 21st write in
 * one second, and on every further one while the window holds more than 20).
 */
public record Rate(int count, Duration window) {
    public Rate {
        Objects.requireNonNull(window, "window");
        if (count < 0) {
            throw new IllegalArgumentException("rate count must be >= 0: " + count);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("rate window must be positive: " + window);
        }
    }
}
