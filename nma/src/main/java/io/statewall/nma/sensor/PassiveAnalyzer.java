package io.statewall.nma.sensor;

import io.statewall.capture.CaptureReader;
import io.statewall.capture.DecodeIssue;
import io.statewall.capture.Packet;
import io.statewall.capture.PacketDecoder;
import io.statewall.capture.flow.Flow;
import io.statewall.capture.flow.FlowEndReason;
import io.statewall.capture.flow.FlowTable;
import io.statewall.capture.flow.StreamHandler;
import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.eve.JsonOut;
import io.statewall.engine.modbus.ModbusEveRecord;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.lang.foreign.MemorySegment;

/**
 * The passive sensor: packets in, Modbus transactions, anomalies and statistics out.
 *
 * <p>capture reader → {@link PacketDecoder} → {@link FlowTable} (reassembly) →
 * {@link ModbusSession} per Modbus flow → {@link TransactionSink} and EVE records. One thread;
 * nothing is allocated per packet or per transaction except what the optional EVE output
 * writes.
 */
public final class PassiveAnalyzer implements StreamHandler, ModbusListener {
    private static final byte[] K_ANOMALY = JsonOut.key("anomaly");
    private static final byte[] K_TYPE = JsonOut.key("type");
    private static final byte[] K_EVENT = JsonOut.key("event");
    private static final byte[] K_LAYER = JsonOut.key("layer");
    private static final byte[] K_APP_PROTO = JsonOut.key("app_proto");
    private static final byte[] K_REASON = JsonOut.key("reason");
    private static final byte[] K_DIRECTION = JsonOut.key("direction");
    private static final byte[] K_TRANSACTION_ID = JsonOut.key("transaction_id");
    private static final byte[] K_BYTES = JsonOut.key("bytes");
    private static final byte[] K_FRAME = JsonOut.key("frame");
    private static final byte[] V_APPLAYER = JsonOut.quoted("applayer");
    private static final byte[] V_PROTO_PARSER = JsonOut.quoted("proto_parser");
    private static final byte[] V_MODBUS = JsonOut.quoted("modbus");
    private static final byte[] V_STREAM = JsonOut.quoted("stream");
    private static final byte[] V_DECODE = JsonOut.quoted("decode");
    private static final byte[] V_REASSEMBLY_GAP = JsonOut.quoted("REASSEMBLY_GAP");
    private static final byte[] V_TO_SERVER = JsonOut.quoted("to_server");
    private static final byte[] V_TO_CLIENT = JsonOut.quoted("to_client");
    private static final byte[][] V_ANOMALY_EVENT = new byte[ModbusAnomaly.values().length][];
    private static final byte[][] V_ANOMALY_REASON = new byte[ModbusAnomaly.values().length][];
    private static final byte[][] V_DECODE_EVENT = new byte[DecodeIssue.values().length][];

    static {
        for (ModbusAnomaly a : ModbusAnomaly.values()) {
            V_ANOMALY_EVENT[a.ordinal()] = JsonOut.quoted(a.eventName().toUpperCase(java.util.Locale.ROOT));
            V_ANOMALY_REASON[a.ordinal()] = JsonOut.quoted(a.reason());
        }
        for (DecodeIssue d : DecodeIssue.values()) {
            V_DECODE_EVENT[d.ordinal()] = JsonOut.quoted(d.name());
        }
    }

    /** Per-flow state of a Modbus flow: its session, its EVE identity, its record counter. */
    private static final class ModbusFlow {
        final Flow flow;
        /**
         * The TCP client listens on the Modbus port: the Modbus client is the TCP server. The
         * spec (messaging guide §4.2) has the server listen on 502, and Wireshark decides by
         * port too, so the port wins over who sent the SYN.
         */
        final boolean reversed;
        final FlowContext context = new FlowContext();
        ModbusSession session;
        long recordNumber;

        ModbusFlow(Flow flow, boolean reversed) {
            this.flow = flow;
            this.reversed = reversed;
            if (reversed) {
                context.set(flow.flowId(), flow.ipVersion(), flow.serverAddrHi(), flow.serverAddrLo(), flow.serverPort(),
                        flow.clientAddrHi(), flow.clientAddrLo(), flow.clientPort(), flow.protocol(), "modbus");
            } else {
                context.set(flow.flowId(), flow.ipVersion(), flow.clientAddrHi(), flow.clientAddrLo(), flow.clientPort(),
                        flow.serverAddrHi(), flow.serverAddrLo(), flow.serverPort(), flow.protocol(), "modbus");
            }
        }
    }

    /** Attachment of flows that carry nothing we dissect: their bytes are consumed unread. */
    private static final Object NOT_DISSECTED = new Object();

    private final AnalyzerConfig config;
    private final boolean[] modbusPort = new boolean[65_536];
    private final FlowTable flows;
    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet packet = new Packet();
    private final EveWriter eve;
    private final ModbusEveRecord modbusRecord = new ModbusEveRecord();
    private final TransactionSink sink;
    private final AnalysisStats stats = new AnalysisStats();
    private final int shardIndex;
    private final int shardCount;
    private PolicyJudge judge;
    private long lastTimestampNanos;

    /**
     * @param eve  EVE output, or null for none (the alert-only pipeline)
     * @param sink receives every transaction (for rules, tests); {@link TransactionSink#NONE} for none
     */
    public PassiveAnalyzer(AnalyzerConfig config, EveWriter eve, TransactionSink sink) {
        this(config, eve, sink, 0, 1);
    }

    /**
     * An analyzer that owns one shard of the flows: of every capture it reads, it handles only
     * the packets whose flow hashes to {@code shardIndex} of {@code shardCount} (packets that
     * decode to no flow belong to shard 0). Running one per core over the same capture splits
     * the work with no communication; each flow stays whole, in order, in one shard.
     */
    public PassiveAnalyzer(AnalyzerConfig config, EveWriter eve, TransactionSink sink, int shardIndex, int shardCount) {
        if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount) {
            throw new IllegalArgumentException("shard " + shardIndex + " of " + shardCount);
        }
        this.shardIndex = shardIndex;
        this.shardCount = shardCount;
        this.config = config;
        this.eve = eve;
        this.sink = sink;
        for (int p : config.modbusPorts()) {
            modbusPort[p & 0xFFFF] = true;
        }
        this.flows = new FlowTable(config.flowLimits(), this, config.modbusPorts());
    }

    public AnalysisStats stats() {
        return stats;
    }

    /**
     * Judges every transaction by a policy from now on (the plant's state is global: one shard
     * only), and by the configuration's extra judge ({@link AnalyzerConfig#observers()}), if any,
     * in the same states.
     */
    public void judgeWith(PolicyJudge judge) {
        if (shardCount > 1) {
            throw new IllegalStateException("a policy needs the whole capture in one analyzer");
        }
        this.judge = judge;
        if (config.observers() != null) {
            judge.observeWith(config.observers().open(judge.stateNames(), eve));
        }
    }

    /** Reads every packet of a capture. Flows stay open: call {@link #finish()} at the end of input. */
    public void analyze(CaptureReader reader) {
        Packet p = packet;
        AnalysisStats s = stats;
        while (reader.next(p)) {
            lastTimestampNanos = p.timestampNanos();
            decoder.decode(p);
            DecodeIssue issue = p.issue();
            if (shardCount > 1 && (issue == DecodeIssue.NONE ? shardOf(p, shardCount) : 0) != shardIndex) {
                continue;
            }
            s.packets++;
            s.bytes += p.originalLength();
            if (issue != DecodeIssue.NONE) {
                decodeIssue(p, issue);
                continue;
            }
            if (p.ipVersion() == 4) {
                s.ipv4++;
            } else {
                s.ipv6++;
            }
            if (p.vlanCount() > 0) {
                s.vlan++;
            }
            if (p.protocol() == Packet.PROTO_TCP) {
                s.tcp++;
            } else {
                s.udp++;
            }
            flows.process(p);
        }
    }

    /** Ends every flow (end of input): unanswered requests are reported, buffers flushed. */
    public void finish() {
        flows.finish(lastTimestampNanos);
        stats.absorb(flows);
        if (judge != null) {
            judge.endOfCapture(lastTimestampNanos);
            // Counters are cumulative: copy them into fresh totals each time a capture ends.
            stats.clearPolicy();
            judge.addTo(stats);
        }
        stats.sampleHeapPeak();
    }

    /**
     * The shard of a decoded packet's flow: the same for both directions (sums of the
     * endpoints are symmetric), spread by a multiplicative mix.
     */
    static int shardOf(Packet p, int shardCount) {
        long addresses = (p.srcAddrHi() + p.dstAddrHi()) * 0x9E37_79B9_7F4A_7C15L + p.srcAddrLo() + p.dstAddrLo();
        long h = (addresses * 0xC2B2_AE3D_27D4_EB4FL) ^ ((long) (p.srcPort() + p.dstPort()) << 8 | p.protocol());
        h *= 0x9E37_79B9_7F4A_7C15L;
        return (int) Long.remainderUnsigned(h ^ (h >>> 29), shardCount);
    }

    private void decodeIssue(Packet p, DecodeIssue issue) {
        stats.decodeIssues[issue.ordinal()]++;
        boolean anomaly = issue == DecodeIssue.TRUNCATED || issue == DecodeIssue.BAD_HEADER
                || issue == DecodeIssue.UNSUPPORTED_LINK_TYPE;
        if (!anomaly) {
            return;
        }
        stats.anomalies++;
        if (eve == null || !eve.wants(EventType.ANOMALY)) {
            return;
        }
        if (stats.decodeIssues[issue.ordinal()] > config.maxAnomalyRecordsPerKind()) {
            stats.anomalyRecordsSuppressed++;
            return;
        }
        JsonOut j = eve.begin(EventType.ANOMALY, p.timestampNanos(), 0L);
        j.name(K_ANOMALY).beginObject();
        j.name(K_TYPE).value(V_DECODE);
        j.name(K_EVENT).value(V_DECODE_EVENT[issue.ordinal()]);
        j.name(K_FRAME).value(p.frameNumber());
        j.endObject();
        eve.end();
    }

    // ---- StreamHandler: reassembled bytes from the flow table ----

    @Override
    public void onFlowStart(Flow flow) {
        stats.flows++;
        boolean tcp = flow.protocol() == Packet.PROTO_TCP;
        if (tcp && (modbusPort[flow.serverPort()] || modbusPort[flow.clientPort()])) {
            stats.modbusFlows++;
            boolean reversed = !modbusPort[flow.serverPort()];
            if (reversed) {
                stats.modbusReversedFlows++;
            }
            ModbusFlow mf = new ModbusFlow(flow, reversed);
            mf.session = new ModbusSession(config.modbusLimits(), this, mf);
            flow.attach(mf);
        } else {
            flow.attach(NOT_DISSECTED);
        }
    }

    @Override
    public int onData(Flow flow, boolean toServer, MemorySegment data, long offset, int length, long timestampNanos) {
        if (flow.attachment() instanceof ModbusFlow mf) {
            return mf.session.onData(toServer != mf.reversed, data, offset, length, timestampNanos);
        }
        return length;
    }

    @Override
    public void onGap(Flow flow, boolean toServer, long missingBytes, long timestampNanos) {
        stats.gaps++;
        stats.gapBytes += missingBytes;
        if (!(flow.attachment() instanceof ModbusFlow mf)) {
            return;
        }
        boolean toModbusServer = toServer != mf.reversed;
        mf.session.onGap(toModbusServer, timestampNanos);
        if (eve != null && eve.wants(EventType.ANOMALY)) {
            JsonOut j = eve.begin(EventType.ANOMALY, timestampNanos, mf.context);
            j.name(K_ANOMALY).beginObject();
            j.name(K_TYPE).value(V_STREAM);
            j.name(K_EVENT).value(V_REASSEMBLY_GAP);
            j.name(K_DIRECTION).value(toModbusServer ? V_TO_SERVER : V_TO_CLIENT);
            j.name(K_BYTES).value(missingBytes);
            j.endObject();
            eve.end();
        }
    }

    @Override
    public void onFlowEnd(Flow flow, FlowEndReason reason, long timestampNanos) {
        if (flow.attachment() instanceof ModbusFlow mf) {
            mf.session.onEnd(timestampNanos);
        }
        flow.attach(null);
    }

    // ---- ModbusListener: transactions and anomalies from the dissector ----

    @Override
    public void onTransaction(ModbusSession session, ModbusTransaction tx) {
        ModbusFlow mf = (ModbusFlow) session.attachment();
        stats.countTransaction(tx);
        mf.recordNumber++;
        sink.onTransaction(mf.context, tx);
        if (eve != null && eve.wants(EventType.MODBUS)) {
            modbusRecord.write(eve, mf.context, tx, mf.recordNumber);
        }
        if (judge != null) {
            judge.judge(mf.context, tx, mf.recordNumber);
        }
    }

    @Override
    public void onAnomaly(ModbusSession session, ModbusAnomaly anomaly, boolean toServer, long timestampNanos,
                          int transactionId, long detail) {
        stats.anomalies++;
        stats.modbusAnomalies[anomaly.ordinal()]++;
        if (eve == null || !eve.wants(EventType.ANOMALY)) {
            return;
        }
        ModbusFlow mf = (ModbusFlow) session.attachment();
        JsonOut j = eve.begin(EventType.ANOMALY, timestampNanos, mf.context);
        j.name(K_ANOMALY).beginObject();
        j.name(K_APP_PROTO).value(V_MODBUS);
        j.name(K_TYPE).value(V_APPLAYER);
        j.name(K_EVENT).value(V_ANOMALY_EVENT[anomaly.ordinal()]);
        j.name(K_LAYER).value(V_PROTO_PARSER);
        j.name(K_REASON).value(V_ANOMALY_REASON[anomaly.ordinal()]);
        j.name(K_DIRECTION).value(toServer ? V_TO_SERVER : V_TO_CLIENT);
        if (transactionId >= 0) {
            j.name(K_TRANSACTION_ID).value(transactionId);
        }
        if (anomaly == ModbusAnomaly.RESYNC) {
            j.name(K_BYTES).value(detail);
        }
        j.endObject();
        eve.end();
    }
}
