package io.statewall.engine.baseline;

import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.image.LongIntMap;
import io.statewall.protocols.DataArea;
import io.statewall.protocols.Operation;
import io.statewall.protocols.modbus.FunctionCode;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Checks transactions against a {@link Baseline} in the operating state they were sent in,
 * and hands every departure to a {@link Sink} (docs/baseline.md, "Detectors"):
 * <ul>
 *   <li>request phase ({@link #checkRequest}): a channel, function, data area or address the
 *       state never saw; the gap since the same kind of request, when it is periodic; its place
 *       in the channel's scan cycle; a command's value and how far it moves its point;</li>
 *   <li>response phase ({@link #checkResponse}): the answer's delay; each reported value
 *       against its point's envelope (set or range, then step and rate).</li>
 * </ul>
 * An inline sensor calls the first before forwarding (its result says whether the request
 * departed, which a state with {@code action: block} stops), a passive one calls both.
 *
 * <p>Compiled once from the baseline into per-state tables indexed by the baseline's dense
 * ids; a conforming transaction costs a channel lookup (cached per flow), a bit test, one
 * comparison of its request's bytes with the kind that came next last cycle (a hash probe when
 * it is another; the kind's learned spans stand for the address check), a check of its answer's
 * shape, and one branch-free pass over its values ({@link PollItems}), and allocates nothing. What spans messages (a kind's last time and
 * last answer, a channel's last request) is measured within one epoch, as {@link
 * BaselineLearner} learned it: an epoch ends with a state change and with {@link
 * #endOfCapture()}. One detector per thread.
 */
public final class BaselineDetector {
    /** Receives each deviation; the view is valid during the call only. */
    @FunctionalInterface
    public interface Sink {
        void onDeviation(Deviation d);
    }

    private static final int CHANNEL_CACHE = 256;
    /** A span start the request phase did not get to. */
    private static final int NOT_YET = -2;

    private final Baseline baseline;
    private final Directory dir;
    private final List<String> stateNames;
    private final Sink sink;
    /** Per state id: per learned channel id its check, or the whole row null when nothing was learned in the state. */
    private final ChannelCheck[][] byState;
    private final boolean[] blocks;
    /** (state id << 32 | point id) → index into {@link #envelopes}. */
    private final LongIntMap envelopeIndex = new LongIntMap(16);
    private Envelope[] envelopes = new Envelope[64];
    private int envelopeCount;
    private final int learnedChannels;
    /** Points commanded in some state: only their current values are kept (a command's move is measured from them). */
    private boolean[] commandedPoints = new boolean[0];
    private final TupleTable unknownChannels = new TupleTable();
    /** Clients and servers of new channels, whatever the unit: what a new-channel alert stands for. */
    private final TupleTable newPairs = new TupleTable();
    private final PointMemory memory = new PointMemory();
    private long[] previousKind = new long[64];
    private int[] previousEpoch = new int[64];
    private final Deviation deviation = new Deviation(this);
    private final ReadValues values = new ReadValues();

    private int epoch = 1;
    private int segment = 1;
    private int lastState = -1;

    // The channels of recent flows and units, direct-mapped by flow id: the flows of a capture
    // interleave, and each is looked up with every transaction.
    private final FlowContext[] cachedFlows = new FlowContext[CHANNEL_CACHE];
    private final long[] cachedFlowIds = new long[CHANNEL_CACHE];
    private final int[] cachedUnits = new int[CHANNEL_CACHE];
    private final int[] cachedChannels = new int[CHANNEL_CACHE];
    // What the request phase found, for the response phase of the same transaction.
    private ModbusTransaction phaseTx;
    private long phaseSequence = -1;
    private ChannelCheck phaseChannel;
    private KindCheck phaseKind;
    private int phaseReadStart;
    private int phaseWriteStart;

    private long checked;
    private long unlearnedState;

    /**
     * @param stateNames the sensor's states by id (the policy's, or {@code [unknown]} without one);
     *                   a state the baseline never learned is not checked
     */
    public BaselineDetector(Baseline baseline, List<String> stateNames, Sink sink) {
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.dir = baseline.directory;
        this.stateNames = List.copyOf(stateNames);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.learnedChannels = dir.channelCount();
        Tolerances t = baseline.tolerances();
        byState = new ChannelCheck[this.stateNames.size()][];
        blocks = new boolean[this.stateNames.size()];
        StateBaseline[] learned = new StateBaseline[byState.length];
        for (int s = 0; s < byState.length; s++) {
            learned[s] = baseline.state(this.stateNames.get(s));
            if (learned[s] != null) {
                blocks[s] = learned[s].block;
                envelopes(s, learned[s], t);
            }
        }
        // Channels second: their polls' items need every state's envelopes and commanded points.
        for (int s = 0; s < byState.length; s++) {
            if (learned[s] != null) {
                byState[s] = compile(s, learned[s], t);
            }
        }
    }

    private void envelopes(int state, StateBaseline learned, Tolerances t) {
        for (PointBaseline p : learned.points()) {
            if (p.written != null) {
                if (p.point >= commandedPoints.length) {
                    commandedPoints = Arrays.copyOf(commandedPoints, Math.max(p.point + 1, commandedPoints.length * 2));
                }
                commandedPoints[p.point] = true;
            }
            if (envelopeCount == envelopes.length) {
                envelopes = Arrays.copyOf(envelopes, envelopeCount * 2);
            }
            envelopes[envelopeCount] = new Envelope(p.point, p, Spans.bitArea(dir.pointArea(p.point)), t);
            envelopeIndex.put((long) state << 32 | p.point, envelopeCount++);
        }
    }

    private ChannelCheck[] compile(int state, StateBaseline learned, Tolerances t) {
        ChannelCheck[] row = new ChannelCheck[learnedChannels];
        for (ChannelBaseline c : learned.channels()) {
            ChannelCheck cc = new ChannelCheck(c.channel, c);
            ChannelKey key = dir.channel(c.channel);
            UnitAddress unit = key.server();
            for (KindStats k : c.kinds()) {
                cc.add(compileKind(k, cc, state, unit, t));
            }
            row[c.channel] = cc;
        }
        return row;
    }

    /** A learned kind, with the points (and their envelopes in {@code state}) its spans address. */
    private KindCheck compileKind(KindStats k, ChannelCheck cc, int state, UnitAddress unit, Tolerances t) {
        int function = RequestKind.function(k.kind);
        DataArea area = FunctionCode.of(function).dataArea();
        boolean command = FunctionCode.of(function).operation() != Operation.READ;
        boolean bits = Spans.bitArea(area);
        boolean placed = Spans.pointArea(area) && !RequestKind.malformed(k.kind);
        int unitId = placed ? findUnit(unit) : -1;
        boolean reads = placed && (function >= 1 && function <= 4 || function == 23);
        boolean writes = placed && (function == 5 || function == 6 || function == 15 || function == 16 || function == 23);
        int n = reads ? RequestKind.aQuantity(k.kind) : 0;
        int[] readPoints = new int[n];
        Envelope[] readEnvelopes = new Envelope[n];
        fill(readPoints, readEnvelopes, state, unitId, area, RequestKind.a(k.kind));
        KindCheck kc = new KindCheck(k.kind, k, cc, t, command, readPoints, readEnvelopes, commandedPoints, bits);
        int w = !writes ? 0 : function == 23 ? RequestKind.bQuantity(k.kind) : RequestKind.aQuantity(k.kind);
        kc.writePoints = new int[w];
        kc.writeEnvelopes = new Envelope[w];
        fill(kc.writePoints, kc.writeEnvelopes, state, unitId, area, function == 23 ? RequestKind.b(k.kind) : RequestKind.a(k.kind));
        return kc;
    }

    private int findUnit(UnitAddress u) {
        FlowContext f = new FlowContext().set(0, u.ipVersion(), 0, 0, 0, u.hi(), u.lo(), u.port(), 6, null);
        return dir.findUnit(f, u.unit());
    }

    private void fill(int[] points, Envelope[] envs, int state, int unitId, DataArea area, int start) {
        for (int i = 0; i < points.length; i++) {
            int p = start + i > 0xFFFF ? -1 : dir.findPoint(unitId, area.ordinal(), start + i);
            points[i] = p;
            envs[i] = envelope(state, p);
        }
    }

    private Envelope envelope(int state, int point) {
        if (point < 0) {
            return null;
        }
        int i = envelopeIndex.get((long) state << 32 | point);
        return i < 0 ? null : envelopes[i];
    }

    public Baseline baseline() {
        return baseline;
    }

    public List<String> stateNames() {
        return stateNames;
    }

    /** True when a deviation in state {@code stateId} is to be blocked ({@code action: block}). */
    public boolean blocks(int stateId) {
        return stateId >= 0 && stateId < blocks.length && blocks[stateId];
    }

    /** True when the baseline learned something in state {@code stateId}: only then is it checked. */
    public boolean learned(int stateId) {
        return stateId >= 0 && stateId < byState.length && byState[stateId] != null;
    }

    /** Transactions checked (their request phase). */
    public long checked() {
        return checked;
    }

    /** Transactions in a state the baseline learned nothing of: not checked. */
    public long unlearnedState() {
        return unlearnedState;
    }

    /** Nothing spans a capture's end: gaps, order and value changes start again. */
    public void endOfCapture() {
        epoch++;
        segment++;
        lastState = -1;
        Arrays.fill(cachedFlows, null);
        phaseTx = null;
    }

    private void enter(int stateId) {
        if (stateId != lastState) {
            epoch++;
            lastState = stateId;
        }
    }

    /**
     * The request phase. For a response without its request only the function is checked.
     *
     * @return true when the request departs from the baseline (a block state stops it)
     */
    public boolean checkRequest(FlowContext flow, ModbusTransaction tx, int stateId) {
        enter(stateId);
        phaseTx = tx;
        phaseSequence = tx.sequence();
        phaseChannel = null;
        phaseKind = null;
        phaseReadStart = NOT_YET;
        phaseWriteStart = NOT_YET;
        ChannelCheck[] row = stateId >= 0 && stateId < byState.length ? byState[stateId] : null;
        if (row == null) {
            unlearnedState++;
            return false;
        }
        checked++;
        long now = tx.hasRequest() ? tx.requestTimestampNanos() : tx.responseTimestampNanos();
        int channel = channel(flow, tx.unitId());
        ChannelCheck cc = channel < row.length ? row[channel] : null;
        if (cc == null) {
            forgetPrevious(channel);
            Deviation d = begin(Check.NEW_CHANNEL, stateId, flow, tx, now, channel);
            d.pair = newPairs.intern((long) flow.ipVersion << 24 | (long) flow.destPort << 8, flow.srcAddrHi, flow.srcAddrLo,
                    flow.destAddrHi, flow.destAddrLo);
            sink.onDeviation(d);
            return true;
        }
        phaseChannel = cc;
        int function = tx.functionRaw();
        DataArea area = tx.dataArea();
        if (!cc.usesFunction(function)) {
            forgetPrevious(channel);
            Check check = area != DataArea.NONE && !cc.usesArea(area) ? Check.NEW_DATA_AREA : Check.NEW_FUNCTION;
            return report(check, stateId, flow, tx, now, channel, cc);
        }
        if (!tx.hasRequest()) {
            return false;
        }
        KindCheck k = cc.next(tx);
        long kind = k != null ? k.kind : RequestKind.of(tx);
        phaseKind = k;
        // A learned kind says where it reads and writes: no need to decode the request again.
        boolean known = k != null && !RequestKind.malformed(kind);
        int writeStart = known ? k.writeStart : Spans.writeStart(tx, area);
        int readStart = known ? k.readStart : Spans.readStart(tx, area);
        phaseWriteStart = writeStart;
        phaseReadStart = readStart;
        if (k == null || !k.covered) {
            if (readStart >= 0) {
                int end = Spans.end(readStart, tx.readQuantity());
                if (!cc.readCovers(function, readStart, end)) {
                    forgetPrevious(channel);
                    return reportSpan(stateId, flow, tx, now, channel, cc, readStart, end, false);
                }
            }
            if (writeStart >= 0) {
                int end = Spans.end(writeStart, tx.writeQuantity());
                if (!cc.writeCovers(function, writeStart, end)) {
                    forgetPrevious(channel);
                    return reportSpan(stateId, flow, tx, now, channel, cc, writeStart, end, true);
                }
            }
        }
        boolean departed = false;
        if (k == null) {
            if (cc.cyclic) {
                departed = report(Check.UNKNOWN_REQUEST, stateId, flow, tx, now, channel, cc);
                forgetPrevious(channel);
            } else {
                remember(channel, kind);
            }
        } else {
            if (k.acceptedGaps != null && k.lastEpoch == epoch) {
                // as learned: a capture's clock may step back (mirror ports reorder), a gap is never below 0
                long gap = Math.max(0, now - k.lastAtNanos);
                if (!k.gapAccepted(gap)) {
                    departed = reportKind(gap < k.mainLo ? Check.PERIOD_EARLY : Check.PERIOD_LATE, stateId, flow, tx, now,
                            channel, k, gap);
                }
            }
            k.lastAtNanos = now;
            k.lastEpoch = epoch;
            if (cc.cyclic && k.predecessors != null && previousEpoch[channel] == epoch
                    && !k.mayFollow(previousKind[channel])) {
                departed |= reportKind(k.command ? Check.CYCLE_POSITION : Check.ORDER, stateId, flow, tx, now, channel, k,
                        0);
                forgetPrevious(channel);
            } else {
                remember(channel, kind);
            }
        }
        if (writeStart >= 0 && Spans.pointArea(area)) {
            departed |= checkCommands(stateId, flow, tx, now, channel, k, area, writeStart);
        }
        return departed;
    }

    /** The response phase: delay and reported values; confirmed writes become the points' values. */
    public void checkResponse(FlowContext flow, ModbusTransaction tx, int stateId) {
        if (!tx.hasResponse() || !tx.hasRequest()) {
            return;
        }
        if (tx != phaseTx || tx.sequence() != phaseSequence) {
            // Not after checkRequest of the same transaction: find channel and kind again, quietly.
            enter(stateId);
            ChannelCheck[] row = stateId >= 0 && stateId < byState.length ? byState[stateId] : null;
            int channel = row == null ? -1 : dir.findChannel(flow, tx.unitId());
            phaseChannel = channel >= 0 && channel < row.length ? row[channel] : null;
            phaseKind = phaseChannel == null ? null : phaseChannel.kind(RequestKind.of(tx));
            phaseWriteStart = NOT_YET;
        }
        if (phaseWriteStart == NOT_YET) {
            phaseWriteStart = Spans.writeStart(tx, tx.dataArea());
            phaseReadStart = Spans.readStart(tx, tx.dataArea());
        }
        ChannelCheck cc = phaseChannel;
        phaseTx = null;
        if (cc == null) {
            return;
        }
        KindCheck k = phaseKind;
        long at = tx.responseTimestampNanos();
        if (k != null && k.responseLimit != Long.MAX_VALUE) {
            long delay = at - tx.requestTimestampNanos();
            if (delay > k.responseLimit) {
                reportKind(Check.RESPONSE_TIME, stateId, flow, tx, at, cc.channel, k, delay);
            }
        }
        if (k != null && k.count > 0 && phaseWriteStart < 0 && Spans.agrees(tx)) {
            // A learned poll answered in full, as nearly every answer is: no need to work out
            // what the answer holds, it is the kind's span.
            int n = values.readAnswer(tx.response(), k.function, k.count, k.bits);
            if (n > 0) {
                checkPoll(stateId, flow, tx, at, k, n);
                return;
            }
        }
        DataArea area = tx.dataArea();
        if (!Spans.pointArea(area)) {
            return;
        }
        int writeStart = phaseWriteStart;
        if (writeStart >= 0 && Spans.writeConfirmed(tx)) {
            int n = tx.writeValueCount();
            int unitId = -2;
            for (int i = 0; i < n && writeStart + i <= 0xFFFF; i++) {
                int p;
                if (k != null && i < k.writePoints.length) {
                    p = k.writePoints[i];
                } else {
                    unitId = unitId == -2 ? dir.findUnit(flow, tx.unitId()) : unitId;
                    p = dir.findPoint(unitId, area.ordinal(), writeStart + i);
                }
                if (p >= 0) {
                    memory.set(p, tx.writeValue(i), segment);
                }
            }
        }
        int readStart = phaseReadStart;
        if (readStart >= 0 && Spans.readValuesCount(tx)) {
            checkReports(stateId, flow, tx, at, k, area, readStart);
        }
    }

    private void checkReports(int stateId, FlowContext flow, ModbusTransaction tx, long at, KindCheck k, DataArea area,
                              int start) {
        int n = values.read(tx);
        if (k != null && n <= k.count) {
            checkPoll(stateId, flow, tx, at, k, n);
            return;
        }
        // A request not learned (or an answer longer than it asked for): each point looked up, no steps.
        int unitId = dir.findUnit(flow, tx.unitId());
        for (int i = 0; i < n && start + i <= 0xFFFF; i++) {
            int p = dir.findPoint(unitId, area.ordinal(), start + i);
            if (p < 0) {
                continue;
            }
            int v = values.value(i);
            Envelope e = envelope(stateId, p);
            if (e != null && e.readOutside(v)) {
                reportValue(e.readMode == Envelope.SET ? Check.VALUE_SET : Check.VALUE_RANGE, stateId, flow, tx, at, e, v, 0, 0);
            } else if (p < commandedPoints.length && commandedPoints[p]) {
                memory.set(p, v, segment);
            }
        }
    }

    /**
     * The answer to a learned poll: each item against its point's envelope, and its step from
     * the last answer. One fast test says whether anything may be off (a range left, a step too
     * large); only then are the items looked at one by one.
     */
    private void checkPoll(int stateId, FlowContext flow, ModbusTransaction tx, long at, PollItems p, int n) {
        if (!p.anyChecked) {
            p.previousCount = 0;
            return;
        }
        int steppable = p.previousEpoch == epoch ? Math.min(n, p.previousCount) : 0;
        if (p.suspect(values, n, steppable)) {
            closerLook(stateId, flow, tx, at, p, n, steppable, at - p.previousAtNanos);
        } else {
            p.keep(values.decoded(), n);
        }
        int[] commanded = p.commandedItems;
        if (commanded != null) {
            for (int i : commanded) {
                if (i < n) {
                    memory.set(p.points[i], values.value(i), segment);
                }
            }
        }
        p.previousCount = n;
        p.previousAtNanos = at;
        p.previousEpoch = epoch;
    }

    /** Each item of a poll's answer on its own: the deviations, and what the next answer is measured from. */
    private void closerLook(int stateId, FlowContext flow, ModbusTransaction tx, long at, PollItems p, int n, int steppable,
                            long dt) {
        int[] cur = values.decoded();
        boolean unknown = false;
        for (int i = 0; i < n; i++) {
            int v = cur[i];
            int before = p.previous(i);
            p.setPrevious(i, v);
            if (p.outside(i, v)) {
                Envelope e = p.envelopes[i];
                reportValue(e.readMode == Envelope.SET ? Check.VALUE_SET : Check.VALUE_RANGE, stateId, flow, tx, at, e, v, 0, 0);
                // Not the process's value, most likely: the next is not measured from it.
                p.setPrevious(i, PollItems.UNKNOWN);
                unknown = true;
                continue;
            }
            if (i < steppable && before != PollItems.UNKNOWN && p.stepMax(i) != Integer.MAX_VALUE) {
                int step = ValueStats.distance(v, before);
                if (step > p.stepMax(i) && ValueStats.rate(step, dt) > p.rateMax(i)) {
                    reportValue(Check.VALUE_RATE, stateId, flow, tx, at, p.envelopes[i], v, before, dt);
                }
            }
        }
        p.previousUnknown = unknown;
    }

    private boolean checkCommands(int stateId, FlowContext flow, ModbusTransaction tx, long now, int channel, KindCheck k,
                                  DataArea area, int start) {
        boolean departed = false;
        // A periodic write repeats the same values: any other is suspect. A sporadic command is an
        // operator's choice: only how far it moves its point is judged.
        boolean periodic = k != null && k.acceptedGaps != null;
        int n = tx.writeValueCount();
        int unitId = -2;
        for (int i = 0; i < n && start + i <= 0xFFFF; i++) {
            int p;
            Envelope e;
            if (k != null && i < k.writePoints.length) {
                p = k.writePoints[i];
                e = k.writeEnvelopes[i];
            } else {
                unitId = unitId == -2 ? dir.findUnit(flow, tx.unitId()) : unitId;
                p = dir.findPoint(unitId, area.ordinal(), start + i);
                e = envelope(stateId, p);
            }
            if (e == null) {
                continue;
            }
            int v = tx.writeValue(i);
            if (periodic && e.writeOutside(v)) {
                departed |= reportValue(Check.COMMAND_VALUE, stateId, flow, tx, now, e, v, 0, 0);
            } else if (e.moveLimit >= 0 && memory.known(p, segment)) {
                int current = memory.value(p);
                if (ValueStats.distance(v, current) > e.moveLimit) {
                    departed |= reportValue(Check.COMMAND_MOVE, stateId, flow, tx, now, e, v, current, 0);
                }
            }
        }
        return departed;
    }

    /** The detector's id of the flow's channel: learned ids first, then channels met here. */
    private int channel(FlowContext flow, int unit) {
        int slot = (int) ((flow.flowId * 0x9E37_79B9_7F4A_7C15L) >>> 56 ^ unit) & (CHANNEL_CACHE - 1);
        if (cachedFlows[slot] == flow && cachedFlowIds[slot] == flow.flowId && cachedUnits[slot] == unit) {
            return cachedChannels[slot];
        }
        int id = dir.findChannel(flow, unit);
        if (id < 0 || id >= learnedChannels) {
            id = learnedChannels + unknownChannels.intern((long) flow.ipVersion << 24 | (long) flow.destPort << 8 | unit,
                    flow.srcAddrHi, flow.srcAddrLo, flow.destAddrHi, flow.destAddrLo);
        }
        cachedFlows[slot] = flow;
        cachedFlowIds[slot] = flow.flowId;
        cachedUnits[slot] = unit;
        cachedChannels[slot] = id;
        return id;
    }

    private void remember(int channel, long kind) {
        ensureChannel(channel);
        previousKind[channel] = kind;
        previousEpoch[channel] = epoch;
    }

    /** After a deviation the next request is not judged by its place after this one. */
    private void forgetPrevious(int channel) {
        ensureChannel(channel);
        previousEpoch[channel] = 0;
    }

    private void ensureChannel(int channel) {
        if (channel >= previousKind.length) {
            int n = Math.max(channel + 1, previousKind.length * 2);
            previousKind = Arrays.copyOf(previousKind, n);
            previousEpoch = Arrays.copyOf(previousEpoch, n);
        }
    }

    /** A channel's key, learned or met here (allocates: for alerts). */
    ChannelKey channelKey(int channel) {
        if (channel < learnedChannels) {
            return dir.channel(channel);
        }
        int id = channel - learnedChannels;
        long head = unknownChannels.field(id, 0);
        return new ChannelKey((int) (head >>> 24), unknownChannels.field(id, 1), unknownChannels.field(id, 2),
                unknownChannels.field(id, 3), unknownChannels.field(id, 4), (int) (head >>> 8) & 0xFFFF, (int) head & 0xFF);
    }

    Directory directory() {
        return dir;
    }

    /** The learned channels of a server unit in a state, for a new channel's alert (allocates). */
    List<ChannelKey> learnedClientsOf(int stateId, ChannelKey channel) {
        ChannelCheck[] row = byState[stateId];
        List<ChannelKey> out = new java.util.ArrayList<>();
        for (ChannelCheck c : row) {
            if (c != null) {
                ChannelKey k = dir.channel(c.channel);
                if (k.server().equals(channel.server())) {
                    out.add(k);
                }
            }
        }
        out.sort(null);
        return out;
    }

    // ---- reporting: fill the reused view, hand it over ----

    private Deviation begin(Check check, int stateId, FlowContext flow, ModbusTransaction tx, long at, int channel) {
        Deviation d = deviation;
        d.check = check;
        d.state = stateId;
        d.stateName = stateNames.get(stateId);
        d.flow = flow;
        d.tx = tx;
        d.timestampNanos = at;
        d.channel = channel;
        d.function = tx.functionRaw();
        d.kind = 0;
        d.previousKind = channel >= 0 && channel < previousKind.length && previousEpoch[channel] == epoch
                ? previousKind[channel] : -1;
        d.learnedKind = null;
        d.learnedChannel = null;
        d.envelope = null;
        d.point = -1;
        d.value = 0;
        d.previousValue = 0;
        d.nanos = 0;
        d.spanLo = -1;
        d.spanHi = -1;
        Operation op = tx.operation();
        d.write = op != Operation.READ && op != Operation.IDENTIFICATION && op != Operation.DIAGNOSTIC;
        return d;
    }

    private boolean report(Check check, int stateId, FlowContext flow, ModbusTransaction tx, long at, int channel,
                           ChannelCheck cc) {
        Deviation d = begin(check, stateId, flow, tx, at, channel);
        d.learnedChannel = cc;
        if (check == Check.UNKNOWN_REQUEST) {
            d.kind = RequestKind.of(tx);
        }
        sink.onDeviation(d);
        return true;
    }

    private boolean reportSpan(int stateId, FlowContext flow, ModbusTransaction tx, long at, int channel, ChannelCheck cc,
                               int lo, int hi, boolean write) {
        Deviation d = begin(Check.NEW_ADDRESS, stateId, flow, tx, at, channel);
        d.learnedChannel = cc;
        d.spanLo = lo;
        d.spanHi = hi;
        d.write = write;
        sink.onDeviation(d);
        return true;
    }

    private boolean reportKind(Check check, int stateId, FlowContext flow, ModbusTransaction tx, long at, int channel,
                               KindCheck k, long nanos) {
        Deviation d = begin(check, stateId, flow, tx, at, channel);
        d.learnedChannel = k.channel;
        d.learnedKind = k;
        d.kind = k.kind;
        d.nanos = nanos;
        sink.onDeviation(d);
        return true;
    }

    private boolean reportValue(Check check, int stateId, FlowContext flow, ModbusTransaction tx, long at, Envelope e,
                                int value, int previous, long nanos) {
        Deviation d = begin(check, stateId, flow, tx, at, -1);
        d.envelope = e;
        d.point = e.point;
        d.value = value;
        d.previousValue = previous;
        d.nanos = nanos;
        d.kind = RequestKind.of(tx);
        sink.onDeviation(d);
        return true;
    }
}
