package io.statewall.plantsim;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A scenario under way: its outcomes so far, and a future completed after its last command. */
public interface ScenarioRun {

    /** The scenario as it runs: its times count from {@link #origin()}. */
    Scenario scenario();

    /** Plant time at which the run began: the scenario's time 0. */
    double origin();

    /**
     * Every step the run fires, in firing order: the scenario's own and its refreshes written out
     * at the run's refresh period ({@link Scenario#refreshPeriod}), in plant time.
     */
    List<Step> schedule();

    /**
     * Outcomes of the commands carried out so far, in order. A refresh that malware took over
     * ({@link PlantSim#takeOverRefreshes}) was not carried out by the crew and has none.
     */
    List<CommandOutcome> outcomes();

    /** Completes with every outcome once the last step's command has been carried out. */
    CompletableFuture<List<CommandOutcome>> completion();
}
