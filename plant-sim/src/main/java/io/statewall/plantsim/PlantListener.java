package io.statewall.plantsim;

/**
 * Progress of a run, for displays and tests. Called on the simulator's threads (the plant clock
 * for milestones, the operator's station for outcomes): keep it quick and thread-safe.
 */
public interface PlantListener {

    default void onMilestone(Milestone milestone) {
    }

    default void onCommand(CommandOutcome outcome) {
    }
}
