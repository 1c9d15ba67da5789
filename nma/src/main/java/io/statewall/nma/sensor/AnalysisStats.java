package io.statewall.nma.sensor;

import io.statewall.capture.DecodeIssue;
import io.statewall.capture.flow.FlowTable;
import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.JsonOut;
import io.statewall.protocols.modbus.FunctionCode;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Counters of one analysis run: plain fields bumped on the analyzer's thread, written once as
 * the EVE {@code stats} record and as the human summary.
 */
public final class AnalysisStats {
    public long packets;
    public long bytes;
    public long ipv4;
    public long ipv6;
    public long tcp;
    public long udp;
    public long vlan;
    public final long[] decodeIssues = new long[DecodeIssue.values().length];
    public long flows;
    public long modbusFlows;
    /** Modbus flows whose TCP connection was opened from the Modbus port's side. */
    public long modbusReversedFlows;
    public long gaps;
    public long gapBytes;
    public long transactions;
    public long requests;
    public long responses;
    public long exceptions;
    public long unanswered;
    /** Transactions per request function code (raw byte, exception bit cleared). */
    public final long[] transactionsByFunction = new long[128];
    public final long[] modbusAnomalies = new long[ModbusAnomaly.values().length];
    public long anomalies;
    public long anomalyRecordsSuppressed;
    // Copied from the flow table when its analyzer finishes.
    public long flowsTimedOut;
    public long flowsEvicted;
    public long outOfOrderSegments;
    public long retransmittedBytes;
    public long overlapBytes;
    // Policy verdicts (zero without --policy).
    public long alerts;
    public long blocked;
    public long defaultAlerts;
    public long stateChanges;
    public long forbiddenTransitions;
    public final java.util.Map<String, Long> alertsByRule = new java.util.TreeMap<>();
    public String finalState;
    /** Largest heap in use seen by the end of the run, in bytes (all heap pools' peaks). */
    public long heapPeakBytes;

    void absorb(FlowTable table) {
        flowsTimedOut = table.flowsTimedOut();
        flowsEvicted = table.flowsEvicted();
        outOfOrderSegments = table.outOfOrderSegments();
        retransmittedBytes = table.retransmittedBytes();
        overlapBytes = table.overlapBytes();
    }

    void clearPolicy() {
        alerts = 0;
        blocked = 0;
        defaultAlerts = 0;
        stateChanges = 0;
        forbiddenTransitions = 0;
        alertsByRule.clear();
    }

    /** Adds another shard's counters to these. */
    public void add(AnalysisStats o) {
        packets += o.packets;
        bytes += o.bytes;
        ipv4 += o.ipv4;
        ipv6 += o.ipv6;
        tcp += o.tcp;
        udp += o.udp;
        vlan += o.vlan;
        for (int i = 0; i < decodeIssues.length; i++) {
            decodeIssues[i] += o.decodeIssues[i];
        }
        flows += o.flows;
        modbusFlows += o.modbusFlows;
        modbusReversedFlows += o.modbusReversedFlows;
        gaps += o.gaps;
        gapBytes += o.gapBytes;
        transactions += o.transactions;
        requests += o.requests;
        responses += o.responses;
        exceptions += o.exceptions;
        unanswered += o.unanswered;
        for (int i = 0; i < transactionsByFunction.length; i++) {
            transactionsByFunction[i] += o.transactionsByFunction[i];
        }
        for (int i = 0; i < modbusAnomalies.length; i++) {
            modbusAnomalies[i] += o.modbusAnomalies[i];
        }
        anomalies += o.anomalies;
        anomalyRecordsSuppressed += o.anomalyRecordsSuppressed;
        flowsTimedOut += o.flowsTimedOut;
        flowsEvicted += o.flowsEvicted;
        outOfOrderSegments += o.outOfOrderSegments;
        retransmittedBytes += o.retransmittedBytes;
        overlapBytes += o.overlapBytes;
        heapPeakBytes = Math.max(heapPeakBytes, o.heapPeakBytes);
        alerts += o.alerts;
        blocked += o.blocked;
        defaultAlerts += o.defaultAlerts;
        stateChanges += o.stateChanges;
        forbiddenTransitions += o.forbiddenTransitions;
        o.alertsByRule.forEach((k, v) -> alertsByRule.merge(k, v, Long::sum));
        if (o.finalState != null) {
            finalState = o.finalState;
        }
    }

    /** Records the heap's peak use so far (the sum of every heap pool's peak). */
    public void sampleHeapPeak() {
        long sum = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        heapPeakBytes = Math.max(heapPeakBytes, sum);
    }

    void countTransaction(ModbusTransaction tx) {
        transactions++;
        transactionsByFunction[tx.functionRaw() & 0x7F]++;
        if (tx.hasRequest()) {
            requests++;
        }
        if (tx.hasResponse()) {
            responses++;
            if (tx.isException()) {
                exceptions++;
            }
        } else {
            unanswered++;
        }
    }

    /** The closing EVE {@code stats} record (Suricata's shape where it has one). */
    public void writeEve(EveWriter eve, long timestampNanos, double elapsedSeconds) {
        if (!eve.wants(EventType.STATS)) {
            return;
        }
        JsonOut j = eve.begin(EventType.STATS, timestampNanos, 0L);
        j.name(JsonOut.key("stats")).beginObject();
        field(j, "uptime_s", elapsedSeconds);
        j.name(JsonOut.key("decoder")).beginObject();
        field(j, "pkts", packets);
        field(j, "bytes", bytes);
        j.name(JsonOut.key("ipv4")).value(ipv4);
        j.name(JsonOut.key("ipv6")).value(ipv6);
        field(j, "tcp", tcp);
        field(j, "udp", udp);
        field(j, "vlan", vlan);
        for (DecodeIssue d : DecodeIssue.values()) {
            if (d != DecodeIssue.NONE) {
                j.name(JsonOut.key(d.name().toLowerCase(Locale.ROOT))).value(decodeIssues[d.ordinal()]);
            }
        }
        j.endObject();
        j.name(JsonOut.key("flow")).beginObject();
        field(j, "total", flows);
        field(j, "modbus", modbusFlows);
        field(j, "modbus_reversed", modbusReversedFlows);
        field(j, "timed_out", flowsTimedOut);
        field(j, "evicted", flowsEvicted);
        j.endObject();
        j.name(JsonOut.key("tcp")).beginObject();
        field(j, "reassembly_gap", gaps);
        field(j, "gap_bytes", gapBytes);
        field(j, "out_of_order_segments", outOfOrderSegments);
        field(j, "retransmitted_bytes", retransmittedBytes);
        field(j, "overlap_bytes", overlapBytes);
        j.endObject();
        j.name(JsonOut.key("app_layer")).beginObject();
        j.name(JsonOut.key("tx")).beginObject();
        field(j, "modbus", transactions);
        j.endObject();
        j.endObject();
        j.name(JsonOut.key("modbus")).beginObject();
        field(j, "transactions", transactions);
        field(j, "requests", requests);
        field(j, "responses", responses);
        field(j, "exceptions", exceptions);
        field(j, "unanswered", unanswered);
        j.name(JsonOut.key("by_function")).beginObject();
        for (int fc = 0; fc < transactionsByFunction.length; fc++) {
            if (transactionsByFunction[fc] != 0) {
                j.name(JsonOut.key(Integer.toString(fc))).value(transactionsByFunction[fc]);
            }
        }
        j.endObject();
        j.name(JsonOut.key("anomalies")).beginObject();
        for (ModbusAnomaly a : ModbusAnomaly.values()) {
            if (modbusAnomalies[a.ordinal()] != 0) {
                j.name(JsonOut.key(a.eventName())).value(modbusAnomalies[a.ordinal()]);
            }
        }
        j.endObject();
        j.endObject();
        field(j, "anomalies", anomalies);
        field(j, "anomaly_records_suppressed", anomalyRecordsSuppressed);
        if (finalState != null) {
            j.name(JsonOut.key("policy")).beginObject();
            field(j, "alerts", alerts);
            field(j, "blocked", blocked);
            field(j, "default_verdicts", defaultAlerts);
            field(j, "state_changes", stateChanges);
            field(j, "forbidden_transitions", forbiddenTransitions);
            field(j, "state", finalState);
            j.name(JsonOut.key("by_rule")).beginObject();
            alertsByRule.forEach((rule, n) -> j.name(JsonOut.key(rule)).value(n));
            j.endObject();
            j.endObject();
        }
        j.name(JsonOut.key("memory")).beginObject();
        field(j, "heap_peak_bytes", heapPeakBytes);
        j.endObject();
        j.endObject();
        eve.end();
    }

    private static void field(JsonOut j, String name, long value) {
        j.name(JsonOut.key(name)).value(value);
    }

    private static void field(JsonOut j, String name, double value) {
        j.name(JsonOut.key(name)).value(value);
    }

    private static void field(JsonOut j, String name, String value) {
        j.name(JsonOut.key(name)).value(value);
    }

    /** A few lines for a person, on stderr. */
    public void printSummary(PrintStream err, double elapsedSeconds) {
        err.printf(Locale.ROOT, "packets      %,d (%,d bytes) in %.3f s: %,.0f packets/s%n",
                packets, bytes, elapsedSeconds, elapsedSeconds > 0 ? packets / elapsedSeconds : 0.0);
        err.printf(Locale.ROOT, "flows        %,d (%,d Modbus/TCP), %,d evicted, %,d timed out; %,d reassembly gaps (%,d bytes)%n",
                flows, modbusFlows, flowsEvicted, flowsTimedOut, gaps, gapBytes);
        err.printf(Locale.ROOT, "transactions %,d Modbus (%,d exceptions, %,d unanswered requests, %,d responses without request)%n",
                transactions, exceptions, unanswered, transactions - requests);
        StringBuilder byFunction = new StringBuilder();
        for (int fc = 0; fc < transactionsByFunction.length; fc++) {
            if (transactionsByFunction[fc] != 0) {
                byFunction.append(byFunction.isEmpty() ? "" : ", ")
                        .append(fc).append(' ').append(FunctionCode.of(fc).suricataName())
                        .append(": ").append(String.format(Locale.ROOT, "%,d", transactionsByFunction[fc]));
            }
        }
        if (!byFunction.isEmpty()) {
            err.println("  by function  " + byFunction);
        }
        StringBuilder kinds = new StringBuilder();
        for (ModbusAnomaly a : ModbusAnomaly.values()) {
            if (modbusAnomalies[a.ordinal()] != 0) {
                kinds.append(kinds.isEmpty() ? "" : ", ").append(a.eventName()).append(' ').append(modbusAnomalies[a.ordinal()]);
            }
        }
        for (DecodeIssue d : DecodeIssue.values()) {
            if ((d == DecodeIssue.TRUNCATED || d == DecodeIssue.BAD_HEADER || d == DecodeIssue.UNSUPPORTED_LINK_TYPE)
                    && decodeIssues[d.ordinal()] != 0) {
                kinds.append(kinds.isEmpty() ? "" : ", ").append("decode ").append(d.name().toLowerCase(Locale.ROOT))
                        .append(' ').append(decodeIssues[d.ordinal()]);
            }
        }
        err.printf(Locale.ROOT, "anomalies    %,d%s%n", anomalies, kinds.isEmpty() ? "" : " (" + kinds + ")");
        if (finalState != null) {
            StringBuilder byRule = new StringBuilder();
            alertsByRule.forEach((rule, n) -> byRule.append(byRule.isEmpty() ? "" : ", ").append(rule).append(' ').append(n));
            err.printf(Locale.ROOT, "verdicts     %,d alerts, %,d would have been blocked, %,d state changes (%,d forbidden); state now %s%n",
                    alerts, blocked, stateChanges, forbiddenTransitions, finalState);
            if (!byRule.isEmpty()) {
                err.println("  by rule      " + byRule);
            }
        }
        err.printf(Locale.ROOT, "memory       heap peak %,.1f MiB%n", heapPeakBytes / 1048576.0);
    }
}
