package io.statewall.engine.baseline;

import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.DataArea;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Learns a {@link Baseline} from transactions, each with the operating state it was sent in.
 * Incremental and deterministic: the same transactions in the same order make the same
 * baseline, and a baseline read back from its file goes on learning exactly as if it had never
 * been written, because the file holds every count and extreme the learner keeps.
 *
 * <p>What spans consecutive messages (the gap since a kind's last request, the request before
 * this one on its channel, a point's previous value) is measured only within one <em>epoch</em>:
 * an epoch ends when the state changes and when a capture ends ({@link #endOfCapture()}). So
 * learning captures A and B is the same as learning A, writing, reading and resuming on B; and
 * the first message after a state change is not measured against the last one before it.
 *
 * <p>Steady state allocates nothing per transaction: ids are interned once per new channel,
 * kind and point; a rate is rounded (allocating) only when it is a new maximum.
 */
public final class BaselineLearner {
    private final Baseline baseline;
    private final Directory dir;
    private final PointMemory memory = new PointMemory();
    private final ReadValues values = new ReadValues();
    private int epoch = 1;
    private int segment = 1;
    private StateBaseline lastState;
    private long transactions;
    private long transactionsSinceSource;

    public BaselineLearner(Baseline baseline) {
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.dir = baseline.directory;
    }

    public Baseline baseline() {
        return baseline;
    }

    /** Transactions learned by this learner. */
    public long transactions() {
        return transactions;
    }

    /** Learns one transaction sent in {@code state}. */
    public void learn(FlowContext flow, ModbusTransaction tx, String state) {
        learn(flow, tx, baseline.internState(state));
    }

    /**
     * Ends a capture: nothing that spans messages carries over to the next one. Call it between
     * captures that are not one continuous recording.
     */
    public void endOfCapture() {
        epoch++;
        segment++;
        lastState = null;
    }

    /**
     * Notes in the baseline that a capture was learned, with the transactions learned since the
     * last note (or since this learner began), and ends the capture.
     */
    public void recordSource(String capture) {
        baseline.addSource(new Baseline.Source(capture, transactionsSinceSource));
        transactionsSinceSource = 0;
        endOfCapture();
    }

    /** An observer feeding this learner, for a sensor whose states are {@code stateNames}. */
    public TransactionObserver observer(List<String> stateNames) {
        StateBaseline[] byId = new StateBaseline[stateNames.size()];
        return new TransactionObserver() {
            @Override
            public void onTransaction(FlowContext flow, ModbusTransaction tx, long txNumber, int stateId) {
                if (stateId < 0 || stateId >= byId.length) {
                    // A state the sensor did not name: a bug upstream; learn nothing rather than guess.
                    return;
                }
                StateBaseline s = byId[stateId];
                if (s == null) {
                    s = baseline.internState(stateNames.get(stateId));
                    byId[stateId] = s;
                }
                learn(flow, tx, s);
            }

            @Override
            public void onCaptureEnd(long timestampNanos) {
                endOfCapture();
            }
        };
    }

    /** A {@link TransactionObserver.Factory} for sensors: every observer it opens feeds this learner. */
    public TransactionObserver.Factory factory() {
        return (List<String> stateNames, EveWriter eve) -> observer(stateNames);
    }

    private void learn(FlowContext flow, ModbusTransaction tx, StateBaseline s) {
        if (s != lastState) {
            epoch++;
            lastState = s;
        }
        transactions++;
        transactionsSinceSource++;
        int unit = tx.unitId();
        ChannelBaseline ch = s.internChannel(dir.internChannel(flow, unit));
        ch.transactions++;
        FunctionUse fu = ch.internFunction(tx.functionRaw());
        fu.seen++;
        if (!tx.hasRequest()) {
            // A response without its request: the function was used, nothing else is known.
            return;
        }
        DataArea area = tx.dataArea();
        int readStart = Spans.readStart(tx, area);
        if (readStart >= 0) {
            fu.reads.add(readStart, Spans.end(readStart, tx.readQuantity()));
        }
        int writeStart = Spans.writeStart(tx, area);
        if (writeStart >= 0) {
            fu.writes.add(writeStart, Spans.end(writeStart, tx.writeQuantity()));
        }
        KindStats k = learnKind(ch, tx);
        if (Spans.pointArea(area)) {
            int unitId = dir.internUnit(flow, unit);
            if (writeStart >= 0) {
                learnWrites(s, tx, unitId, area, writeStart);
            }
            if (readStart >= 0 && Spans.readValuesCount(tx)) {
                learnReads(s, tx, unitId, area, readStart, k);
            }
        }
    }

    private KindStats learnKind(ChannelBaseline ch, ModbusTransaction tx) {
        long kind = RequestKind.of(tx);
        KindStats k = ch.internKind(kind);
        k.seen++;
        long sent = tx.requestTimestampNanos();
        if (k.lastEpoch == epoch) {
            k.intervals.add((sent - k.lastAtNanos) / 1_000);
        }
        k.lastAtNanos = sent;
        k.lastEpoch = epoch;
        if (tx.hasResponse()) {
            k.response((tx.responseTimestampNanos() - sent) / 1_000);
        }
        if (ch.previousEpoch == epoch) {
            k.after(ch.previousKind);
        }
        ch.previousKind = kind;
        ch.previousEpoch = epoch;
        return k;
    }

    /** Commands: the values and how far each moved its point from the value known then (MB-AP §6.5, 6.6, 6.11, 6.12, 6.17). */
    private void learnWrites(StateBaseline s, ModbusTransaction tx, int unitId, DataArea area, int start) {
        int n = tx.writeValueCount();
        boolean confirmed = Spans.writeConfirmed(tx);
        for (int i = 0; i < n && start + i <= 0xFFFF; i++) {
            int v = tx.writeValue(i);
            int point = dir.internPoint(unitId, area.ordinal(), start + i);
            ValueStats w = s.internPoint(point).internWritten();
            w.observe(v);
            if (memory.known(point, segment)) {
                w.move(v, memory.value(point));
            }
            if (confirmed) {
                memory.set(point, v, segment);
            }
        }
    }

    /**
     * Reported values (MB-AP §6.1–6.4, 6.17): the envelope of each point, and the step and rate
     * from the same item of this kind's previous answer in the same epoch (one poll to the next).
     */
    private void learnReads(StateBaseline s, ModbusTransaction tx, int unitId, DataArea area, int start, KindStats k) {
        int n = values.read(tx);
        long at = tx.responseTimestampNanos();
        boolean stepped = k.previousEpoch == epoch;
        long dt = at - k.previousAtNanos;
        if (k.previousValues.length < n) {
            k.previousValues = Arrays.copyOf(k.previousValues, n);
        }
        int[] previous = k.previousValues;
        for (int i = 0; i < n && start + i <= 0xFFFF; i++) {
            int v = values.value(i);
            int point = dir.internPoint(unitId, area.ordinal(), start + i);
            ValueStats r = s.internPoint(point).read;
            r.observe(v);
            if (stepped && i < k.previousCount) {
                r.step(v, previous[i], dt);
            }
            previous[i] = v;
            memory.set(point, v, segment);
        }
        k.previousCount = n;
        k.previousAtNanos = at;
        k.previousEpoch = epoch;
    }
}
