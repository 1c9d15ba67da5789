package io.statewall.plantsim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Fires a {@link Scenario}'s steps as plant time reaches them. A step's milestone is announced
 * when it falls due; its command is handed to the executor: run in place when stepping by hand
 * (so a command is done before the next step, and a run is repeatable), or queued to the
 * operator's thread in real time (so a slow or blocked write never stalls the plant's clock).
 * A command that fails is an outcome, not an exception: the crew carries on with the script.
 */
final class ScenarioRunner implements ScenarioRun {
    private final Scenario scenario;
    private final CommandSink sink;
    private final Executor executor;
    private final PlantListener listener;
    private final List<CommandOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<List<CommandOutcome>> done = new CompletableFuture<>();
    private int next;

    ScenarioRunner(Scenario scenario, CommandSink sink, Executor executor, PlantListener listener) {
        this.scenario = scenario;
        this.sink = sink;
        this.executor = executor;
        this.listener = listener;
        if (scenario.steps().isEmpty()) {
            done.complete(List.of());
        }
    }

    boolean allFired() {
        return next == scenario.steps().size();
    }

    void afterStep(double time) {
        List<Step> steps = scenario.steps();
        while (next < steps.size() && steps.get(next).at() <= time + 1e-6) {
            Step step = steps.get(next++);
            if (step.milestone() != null) {
                listener.onMilestone(new Milestone(time, step.milestone(), step.description()));
            }
            boolean last = next == steps.size();
            executor.execute(() -> {
                run(step, time);
                if (last) {
                    done.complete(List.copyOf(outcomes));
                }
            });
        }
    }

    private void run(Step step, double time) {
        CommandOutcome outcome;
        try {
            sink.execute(step.role(), step.command());
            outcome = new CommandOutcome(time, step, true, "ok", -1);
        } catch (ModbusRefusedException e) {
            outcome = new CommandOutcome(time, step, false, e.getMessage(), e.exceptionCode());
        } catch (IOException | RuntimeException e) {
            outcome = new CommandOutcome(time, step, false, String.valueOf(e.getMessage()), -1);
        }
        outcomes.add(outcome);
        listener.onCommand(outcome);
    }

    @Override
    public Scenario scenario() {
        return scenario;
    }

    @Override
    public List<CommandOutcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    @Override
    public CompletableFuture<List<CommandOutcome>> completion() {
        return done;
    }
}
