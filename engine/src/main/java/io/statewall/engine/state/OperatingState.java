package io.statewall.engine.state;

/**
 * A state of a compiled model. Instances are created once per model and compared by identity,
 * so publishing the current state is a single reference write.
 */
public final class OperatingState {
    private final int id;
    private final String name;
    private final Condition condition;
    private final int priority;
    private final long minDwellNanos;
    private final boolean overridesDwell;

    OperatingState(int id, String name, Condition condition, int priority, long minDwellNanos, boolean overridesDwell) {
        this.id = id;
        this.name = name;
        this.condition = condition;
        this.priority = priority;
        this.minDwellNanos = minDwellNanos;
        this.overridesDwell = overridesDwell;
    }

    /** Dense index 0..states-1, for per-state arrays (rule sets …). */
    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** Null for a state that is only declared or fallen back to. */
    public Condition condition() {
        return condition;
    }

    public int priority() {
        return priority;
    }

    public long minDwellNanos() {
        return minDwellNanos;
    }

    public boolean overridesDwell() {
        return overridesDwell;
    }

    @Override
    public String toString() {
        return name;
    }
}
