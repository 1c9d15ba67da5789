package io.statewall.plantsim;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A scenario under way: its outcomes so far, and a future completed after its last command. */
public interface ScenarioRun {

    Scenario scenario();

    /** Outcomes of the commands carried out so far, in order. */
    List<CommandOutcome> outcomes();

    /** Completes with every outcome once the last step's command has been carried out. */
    CompletableFuture<List<CommandOutcome>> completion();
}
