package io.statewall.engine.state;

/** Receives state changes synchronously on the thread that drives the {@link StateTracker}. */
@FunctionalInterface
public interface StateChangeListener {
    void onStateChange(StateChange change);
}
