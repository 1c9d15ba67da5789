package io.statewall.cli;

import io.statewall.engine.baseline.Baseline;
import io.statewall.engine.baseline.BaselineFile;
import io.statewall.engine.baseline.BaselineFormatException;
import io.statewall.engine.baseline.BaselineMonitor;
import io.statewall.engine.baseline.TransactionObserver;
import io.statewall.engine.policy.Action;
import io.statewall.engine.policy.FailMode;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.RuleSet;
import io.statewall.engine.state.InvalidStateModelException;
import io.statewall.engine.state.OperatingState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/** What {@code learn} and {@code analyze --baseline} share: reading a baseline, matching it to the policy's states. */
final class Baselines {
    private Baselines() {
    }

    /**
     * The policy of a run with a baseline but no policy: one state, {@code unknown}, no rules,
     * everything allowed. It keeps the whole capture in one analyzer, which the baseline needs
     * (points and channels span flows).
     */
    static Policy noPolicy() {
        return new Policy("", Map.of(), null, List.of(), List.of(), Map.of(),
                new RuleSet(Action.ALLOW, FailMode.OPEN, List.of()));
    }

    /** The states a policy's engine can be in, by id: the plant model's, or {@code unknown}. */
    static List<String> stateNames(Policy policy) {
        if (policy == null || policy.plant() == null) {
            return List.of("unknown");
        }
        try {
            return policy.plant().compile().states().stream().map(OperatingState::name).toList();
        } catch (InvalidStateModelException e) {
            throw new UserError("policy's plant model: " + String.join("; ", e.problems()));
        }
    }

    /**
     * Reads a baseline file; a bad one is reported as {@code file:line:column: problem} lines on
     * {@code err} (all but the first) and a user error (the first, with the count).
     */
    static Baseline read(Path file, PrintStream err) {
        return read(file, err, () -> BaselineFile.read(file));
    }

    /**
     * Starts reading a baseline file on a thread of its own, for {@link #monitors}: in a cold JVM
     * reading a big plant's baseline takes longer than all else before the analysis, and loading
     * the policy meanwhile need not wait for it.
     */
    static Future<Baseline> startReading(Path file) {
        FutureTask<Baseline> task = new FutureTask<>(() -> BaselineFile.read(file));
        Thread reader = new Thread(task, "statewall-baseline-reader");
        reader.setDaemon(true);
        reader.start();
        return task;
    }

    /** How a baseline is got: read here, or awaited from {@link #startReading}. */
    private interface Reading {
        Baseline get() throws IOException, BaselineFormatException;
    }

    private static Baseline read(Path file, PrintStream err, Reading reading) {
        try {
            return reading.get();
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        } catch (BaselineFormatException e) {
            List<String> lines = e.lines();
            lines.subList(1, lines.size()).forEach(err::println);
            throw new UserError(lines.getFirst() + (lines.size() == 1 ? "" : " (and " + (lines.size() - 1) + " more problem"
                    + (lines.size() == 2 ? "" : "s") + " above)"));
        }
    }

    /** What {@link #startReading} read, or what went wrong, as if read here. */
    private static Baseline await(Future<Baseline> started) throws IOException, BaselineFormatException {
        try {
            return started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case BaselineFormatException format -> throw format;
                case RuntimeException bug -> throw bug;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * The check of {@code analyze --baseline}: the file ({@link #startReading read}) matched to the policy's states
     * (a state it learned nothing in is named on {@code err} unless {@code quiet}, its traffic
     * is not checked), a monitor of it for the analyzer.
     */
    static TransactionObserver.Factory monitors(Path file, Future<Baseline> reading, Policy policy, boolean quiet,
                                                PrintStream err) {
        Baseline baseline = read(file, err, () -> await(reading));
        List<String> states = stateNames(policy);
        checkStates(baseline, file, states);
        List<String> unlearned = new ArrayList<>(states);
        unlearned.removeAll(baseline.stateNames());
        if (!quiet && !unlearned.isEmpty()) {
            err.println("statewall analyze: " + file + " learned nothing in state" + (unlearned.size() == 1 ? " " : "s ")
                    + String.join(", ", unlearned) + ": traffic in " + (unlearned.size() == 1 ? "it" : "them") + " is not checked");
        }
        return BaselineMonitor.factory(baseline);
    }

    /** Refuses a baseline learned in states the policy does not have (learned with another policy). */
    static void checkStates(Baseline baseline, Path file, List<String> stateNames) {
        List<String> outside = baseline.statesOutside(stateNames);
        if (!outside.isEmpty()) {
            throw new UserError(file + ": learned in state" + (outside.size() == 1 ? " " : "s ") + String.join(", ", outside)
                    + ", which the policy does not have (states: " + String.join(", ", stateNames) + ")"
                    + (baseline.policy().isEmpty() ? "" : "; it was learned with policy '" + baseline.policy() + "'"));
        }
    }
}
