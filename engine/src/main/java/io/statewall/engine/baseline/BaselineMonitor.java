package io.statewall.engine.baseline;

import io.statewall.engine.alert.Alert;
import io.statewall.engine.alert.AlertEveRecord;
import io.statewall.engine.decide.ProtectedTraffic;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.modbus.ModbusEveRecord;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A sensor's baseline check: runs a {@link BaselineDetector} on every transaction and turns
 * its deviations into EVE {@code alert} records, aggregated: the first occurrence of a
 * deviation is an alert (with the message that caused it); repeats are counted, and a summary
 * alert with the {@code count} follows at the end of the capture, or after {@value
 * #SUMMARY_INTERVAL_SECONDS} s of capture time while they go on. A request that departs in a
 * state whose action is {@code block} is blocked (offline: reported as {@code blocked}), each
 * time, alerted or not, when its deviation is one that blocks ({@link Check#blocks}) — unless
 * the policy declares it protected ({@link #protectWith}): then it is alerted with a note naming
 * the protected entry, and passes.
 */
public final class BaselineMonitor implements TransactionObserver, BaselineDetector.Sink {
    /** Suricata's {@code alert.category} of every baseline alert. */
    public static final String CATEGORY = "ICS baseline deviation";
    static final long SUMMARY_INTERVAL_SECONDS = 600;
    private static final long SUMMARY_INTERVAL_NANOS = SUMMARY_INTERVAL_SECONDS * 1_000_000_000L;
    /** Distinct deviations alerted on; more are only counted (see {@link #suppressed()}). */
    public static final int MAX_DISTINCT_DEVIATIONS = 4096;

    private final BaselineDetector detector;
    private final EveWriter eve;
    /** Null without EVE output (made only then: it is costly to set up in a cold JVM). */
    private final AlertEveRecord record;
    private final AlertAggregator aggregator = new AlertAggregator(MAX_DISTINCT_DEVIATIONS);
    private final long[] deviations = new long[Check.values().length];
    private long alerts;
    private long blocked;
    private long suppressed;
    // The transaction being checked, for the sink.
    private long txNumber;
    private boolean requestPhase;
    private boolean blockState;
    private String protectedId;
    // A deviation of the request being checked that blocks (in a block state, see Check#blocks).
    private boolean requestBlocks;
    private ProtectedTraffic protectedTraffic = ProtectedTraffic.NONE;

    /**
     * @param stateNames the sensor's states by id
     * @param eve        where alerts go, or null to count only
     */
    public BaselineMonitor(Baseline baseline, List<String> stateNames, EveWriter eve) {
        this.detector = new BaselineDetector(baseline, stateNames, this);
        this.eve = eve;
        this.record = eve == null ? null : new AlertEveRecord(new ModbusEveRecord());
    }

    /** Opens a monitor of {@code baseline} for each sensor. */
    public static TransactionObserver.Factory factory(Baseline baseline) {
        return (stateNames, eve) -> new BaselineMonitor(baseline, stateNames, eve);
    }

    @Override
    public void protectWith(ProtectedTraffic protectedTraffic) {
        this.protectedTraffic = Objects.requireNonNull(protectedTraffic, "protectedTraffic");
    }

    public BaselineDetector detector() {
        return detector;
    }

    @Override
    public void onTransaction(FlowContext flow, ModbusTransaction tx, long txNumber, int stateId) {
        onRequest(flow, tx, txNumber, stateId);
        onResponse(flow, tx, txNumber, stateId);
    }

    /**
     * The request phase, for an inline sensor before it forwards the request (a passive one
     * calls {@link #onTransaction}).
     *
     * @return true when the request is to be blocked: it departs from the baseline in a state
     *     whose action is {@code block}
     */
    public boolean onRequest(FlowContext flow, ModbusTransaction tx, long txNumber, int stateId) {
        this.txNumber = txNumber;
        requestPhase = true;
        blockState = detector.blocks(stateId);
        protectedId = null;
        if (blockState && tx.hasRequest()) {
            // Asked before the check, so that the alert written during it already says so.
            protectedId = protectedTraffic.protectedBy(flow, tx);
            blockState = protectedId == null;
        }
        requestBlocks = false;
        boolean block = detector.checkRequest(flow, tx, stateId) && requestBlocks && tx.hasRequest();
        if (block) {
            blocked++;
        }
        requestPhase = false;
        protectedId = null;
        return block;
    }

    /** The response phase: the answer's delay and values (in the state the request was judged in). */
    public void onResponse(FlowContext flow, ModbusTransaction tx, long txNumber, int stateId) {
        this.txNumber = txNumber;
        detector.checkResponse(flow, tx, stateId);
    }

    @Override
    public void onDeviation(Deviation d) {
        deviations[d.check().ordinal()]++;
        boolean block = requestPhase && blockState && d.check().blocks(d.write()) && d.transaction().hasRequest();
        requestBlocks |= block;
        long at = d.timestampNanos();
        AlertAggregator.Entry e = aggregator.find(d.key1(), d.key2());
        if (e != null) {
            e.count++;
            e.lastAtNanos = at;
            if (at - e.reportedAtNanos >= SUMMARY_INTERVAL_NANOS) {
                summarise(e, at);
            }
            return;
        }
        if (aggregator.full()) {
            suppressed++;
            return;
        }
        Check c = d.check();
        String note = requestPhase && protectedId != null
                ? d.subject() + "; protected traffic ('" + protectedId + "'): alerted instead of blocked" : d.subject();
        Alert alert = new Alert(block, c.signature(), CATEGORY, c.severity(), d.state(), c.rule(), c.detector(),
                c.attack(d.write()), note, d.expected(), d.seen(), 1);
        FlowContext f = d.flow();
        FlowContext copy = new FlowContext().set(f.flowId, f.ipVersion, f.srcAddrHi, f.srcAddrLo, f.srcPort, f.destAddrHi,
                f.destAddrLo, f.destPort, f.transport, f.appProto);
        aggregator.add(d.key1(), d.key2(), new AlertAggregator.Entry(alert, copy, at));
        alerts++;
        if (eve != null) {
            record.write(eve, at, f, alert, d.transaction(), txNumber);
        }
    }

    /** The end of a capture: the detector starts afresh and repeats not yet reported are summarised. */
    @Override
    public void onCaptureEnd(long timestampNanos) {
        detector.endOfCapture();
        for (AlertAggregator.Entry e : aggregator.entries()) {
            if (e.count > e.reported) {
                summarise(e, e.lastAtNanos);
            }
        }
    }

    private void summarise(AlertAggregator.Entry e, long at) {
        Alert f = e.first;
        String note = f.note() + "; seen " + e.count + " times from " + Instant.ofEpochSecond(0, e.firstAtNanos) + " to "
                + Instant.ofEpochSecond(0, e.lastAtNanos);
        Alert summary = new Alert(f.blocked(), f.signature(), f.category(), f.severity(), f.state(), f.rule(), f.detector(),
                f.attack(), note, f.expected(), f.seen(), e.count);
        e.reported = e.count;
        e.reportedAtNanos = at;
        alerts++;
        if (eve != null) {
            record.write(eve, at, e.flow, summary, null, 0);
        }
    }

    @Override
    public long alerts() {
        return alerts;
    }

    @Override
    public long blocked() {
        return blocked;
    }

    /** Deviations beyond {@link #MAX_DISTINCT_DEVIATIONS} distinct ones: counted, not alerted. */
    public long suppressed() {
        return suppressed;
    }

    @Override
    public Map<String, Long> deviationsByDetector() {
        Map<String, Long> out = new TreeMap<>();
        for (Check c : Check.values()) {
            if (deviations[c.ordinal()] != 0) {
                out.merge(c.detector(), deviations[c.ordinal()], Long::sum);
            }
        }
        return out;
    }

    /** Deviations found by one check, repeats included. */
    public long deviations(Check check) {
        return deviations[check.ordinal()];
    }
}
