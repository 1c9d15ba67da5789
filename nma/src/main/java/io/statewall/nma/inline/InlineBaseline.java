package io.statewall.nma.inline;

import io.statewall.engine.baseline.Baseline;
import io.statewall.engine.baseline.BaselineFile;
import io.statewall.engine.baseline.BaselineLearner;
import io.statewall.engine.baseline.BaselineMonitor;
import io.statewall.engine.baseline.TransactionObserver;
import io.statewall.engine.decide.ProtectedTraffic;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The learned baseline's part in the inline judge: either it learns, for a set time, from the
 * traffic the policy lets through, and then turns to detection with what it learned; or it
 * detects from the start with a baseline file. Detecting, a request that departs in a state the
 * baseline marks {@code block} is refused before it is forwarded (unless the policy declares it
 * protected), and answers are checked for values and timing after they are delivered.
 *
 * <p>Only what the policy forwards is learned and checked: a request the policy blocked never
 * reached the controller and is no part of normal traffic, and it already has its alert.
 *
 * <p>Owned by the proxy's event-loop thread, like the judge.
 */
final class InlineBaseline {
    /** What the baseline is doing. */
    enum Mode {
        LEARNING, DETECTING;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Baseline baseline;
    private final EveWriter eve;
    private final BaselineLearner learner;
    private long learnUntilNanos;
    private final Consumer<LearnedBaseline> whenLearned;
    private final Set<String> blockIn;
    private List<String> stateNames;
    private ProtectedTraffic protectedTraffic = ProtectedTraffic.NONE;
    private TransactionObserver learning;
    private BaselineMonitor monitor;
    // Counts of monitors this baseline has had (a policy with another plant model opens a new one).
    private long pastAlerts;
    private long pastBlocked;

    private InlineBaseline(Baseline baseline, EveWriter eve, BaselineLearner learner, long learnUntilNanos,
                           Set<String> blockIn, Consumer<LearnedBaseline> whenLearned) {
        this.blockIn = Set.copyOf(blockIn);
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.eve = eve;
        this.learner = learner;
        this.learnUntilNanos = learnUntilNanos;
        this.whenLearned = whenLearned;
    }

    /** Detects with {@code baseline} from the first message. */
    static InlineBaseline detecting(Baseline baseline, EveWriter eve) {
        return new InlineBaseline(baseline, eve, null, Long.MIN_VALUE, Set.of(), null);
    }

    /**
     * Learns into {@code start} (empty, or a baseline to go on learning) until {@code learnFor}
     * has passed from {@code nowNanos}; then marks the states of {@code blockIn} it learned
     * something in as blocking (a state learned nothing in is not checked at all, so it cannot
     * block), hands the result to {@code whenLearned}, and detects.
     */
    static InlineBaseline learning(Baseline start, Duration learnFor, Set<String> blockIn, long nowNanos, EveWriter eve,
                                   Consumer<LearnedBaseline> whenLearned) {
        if (learnFor.isNegative() || learnFor.isZero()) {
            throw new IllegalArgumentException("learning time must be positive: " + learnFor);
        }
        return new InlineBaseline(start, eve, new BaselineLearner(start), nowNanos + learnFor.toNanos(), blockIn,
                Objects.requireNonNull(whenLearned, "whenLearned"));
    }

    /**
     * Opens the baseline for the states of the policy in force (again after a policy with
     * another plant model); {@code protectedTraffic} answers whether a request may be blocked.
     */
    void open(List<String> states, ProtectedTraffic protectedTraffic) {
        this.stateNames = List.copyOf(states);
        this.protectedTraffic = protectedTraffic;
        if (mode() == Mode.LEARNING) {
            if (learning != null) {
                learning.onCaptureEnd(0); // the state ids change: nothing spans the switch
            }
            learning = learner.observer(stateNames);
        } else {
            openMonitor();
        }
    }

    private void openMonitor() {
        if (monitor != null) {
            pastAlerts += monitor.alerts();
            pastBlocked += monitor.blocked();
        }
        monitor = new BaselineMonitor(baseline, stateNames, eve);
        monitor.protectWith(protectedTraffic);
    }

    /** Learning until its time is up (a monitor exists from then on), else detecting. */
    Mode mode() {
        return learner != null && monitor == null ? Mode.LEARNING : Mode.DETECTING;
    }

    /**
     * A request the policy forwards, before it goes on.
     *
     * @return true when the baseline blocks it
     */
    boolean onRequest(FlowContext flow, ModbusTransaction requestOnly, long txNumber, int stateId, long nowNanos) {
        if (monitor == null) {
            learnedBy(nowNanos);
            if (monitor == null) {
                return false;
            }
        }
        return monitor.onRequest(flow, requestOnly, txNumber, stateId);
    }

    /** A forwarded request's transaction, answered or abandoned. */
    void onTransaction(FlowContext flow, ModbusTransaction tx, long txNumber, int stateId) {
        if (monitor != null) {
            monitor.onResponse(flow, tx, txNumber, stateId);
        } else if (learning != null) {
            learning.onTransaction(flow, tx, txNumber, stateId);
        }
    }

    /** Time passes: learning ends when its time is up, traffic or not. */
    void tick(long nowNanos) {
        if (monitor == null) {
            learnedBy(nowNanos);
        }
    }

    /** Ends learning now (an operator decides there was enough), if it is still going on. */
    void finishLearning(long nowNanos) {
        if (learner != null && monitor == null) {
            learnUntilNanos = Math.min(learnUntilNanos, nowNanos);
            learnedBy(nowNanos);
        }
    }

    private void learnedBy(long nowNanos) {
        if (learner == null || nowNanos < learnUntilNanos || stateNames == null) {
            return;
        }
        learner.recordSource("learned inline until " + java.time.Instant.ofEpochSecond(0, nowNanos));
        learning = null;
        List<String> notLearned = new ArrayList<>();
        for (String state : new TreeSet<>(blockIn)) {
            if (baseline.stateNames().contains(state)) {
                baseline.block(state, true);
            } else {
                notLearned.add(state);
            }
        }
        openMonitor();
        whenLearned.accept(new LearnedBaseline(baseline, BaselineFile.format(baseline), learner.transactions(),
                notLearned));
    }

    long alerts() {
        return pastAlerts + (monitor == null ? 0 : monitor.alerts());
    }

    long blocked() {
        return pastBlocked + (monitor == null ? 0 : monitor.blocked());
    }

    /** Transactions learned so far (this learning run). */
    long learned() {
        return learner == null ? 0 : learner.transactions();
    }
}
