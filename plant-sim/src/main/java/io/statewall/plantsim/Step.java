package io.statewall.plantsim;

import java.util.Objects;

/**
 * One scripted action of a {@link Scenario}: at plant time {@code at}, {@code role} issues
 * {@code command}. A step that begins a phase names it as a {@code milestone} (null otherwise).
 */
public record Step(double at, Role role, Command command, String milestone, String description) {
    public Step {
        if (!(at >= 0) || Double.isInfinite(at)) {
            throw new IllegalArgumentException("a step's time is a finite non-negative plant time: " + at);
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(description, "description");
    }
}
