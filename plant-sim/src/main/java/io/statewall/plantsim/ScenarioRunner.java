package io.statewall.plantsim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Fires a {@link Scenario}'s steps, and its refreshes written out at the run's period, as plant
 * time reaches them. A step's milestone is announced when it falls due; its command is handed to
 * the executor: run in place when stepping by hand (so a command is done before the next step, and
 * a run is repeatable), or queued to the operator's thread in real time (so a slow or blocked write
 * never stalls the plant's clock). A command that fails is an outcome, not an exception: the crew
 * carries on with the script. A refresh that malware took over goes to it and has no outcome.
 */
final class ScenarioRunner implements ScenarioRun {
    private final Scenario scenario;
    private final double origin;
    private final List<Step> schedule;
    /** The refresh steps of {@link #schedule}, by identity. */
    private final Map<Step, Boolean> refreshes = new IdentityHashMap<>();
    private final CommandSink sink;
    private final Executor executor;
    private final PlantListener listener;
    private final RefreshTakeovers takeovers;
    private final List<CommandOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<List<CommandOutcome>> done = new CompletableFuture<>();
    private int next;

    /**
     * @param scenario      already shifted to start at {@code origin}
     * @param refreshPeriod plant seconds between two writes of a refresh
     */
    ScenarioRunner(Scenario scenario, double origin, double refreshPeriod, CommandSink sink, Executor executor,
                   PlantListener listener, RefreshTakeovers takeovers) {
        this.scenario = scenario;
        this.origin = origin;
        this.sink = sink;
        this.executor = executor;
        this.listener = listener;
        this.takeovers = takeovers;
        List<Step> all = new ArrayList<>(scenario.steps());
        for (Step r : scenario.refreshSteps(refreshPeriod)) {
            refreshes.put(r, Boolean.TRUE);
            all.add(r);
        }
        all.sort(Comparator.comparingDouble(Step::at)); // stable: a scripted step before a refresh at its time
        this.schedule = List.copyOf(all);
        if (schedule.isEmpty()) {
            done.complete(List.of());
        }
    }

    boolean allFired() {
        return next == schedule.size();
    }

    void afterStep(double time) {
        while (next < schedule.size() && schedule.get(next).at() <= time + 1e-6) {
            Step step = schedule.get(next++);
            if (step.milestone() != null) {
                listener.onMilestone(new Milestone(time, step.milestone(), step.description()));
            }
            boolean last = next == schedule.size();
            boolean refresh = refreshes.containsKey(step);
            executor.execute(() -> {
                if (!refresh || !takeovers.intercept(step)) {
                    run(step, time);
                }
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
    public double origin() {
        return origin;
    }

    @Override
    public List<Step> schedule() {
        return schedule;
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
