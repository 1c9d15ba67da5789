package io.statewall.benchmarks.workload;

import java.util.Collections;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a generated capture contains, counted while it was written.
 *
 * @param packets          records in the file
 * @param frameBytes       sum of the frame lengths (Ethernet header to end of TCP payload)
 * @param fileBytes        size of the pcap file
 * @param firstMicros      timestamp of the first packet, µs since the epoch
 * @param lastMicros       timestamp of the last packet
 * @param pairs            SCADA-master/PLC pairs simulated
 * @param connections      TCP connections opened (handshake to FIN), reconnects included
 * @param transactions     Modbus request/response exchanges; one request ADU each
 * @param byFunction       transactions by request function code
 * @param exceptions       exception responses
 * @param exceptionsByCode exception responses by exception code
 * @param gatewayAcks      pure ACKs a serial gateway sent before its late answer
 * @param delayedAcks      pure ACKs the SCADA masters sent after the last answer of a cycle
 */
public record WorkloadSummary(long packets, long frameBytes, long fileBytes, long firstMicros, long lastMicros,
                              int pairs, long connections, long transactions, SortedMap<Integer, Long> byFunction,
                              long exceptions, SortedMap<Integer, Long> exceptionsByCode, long gatewayAcks,
                              long delayedAcks) {
    public WorkloadSummary {
        byFunction = Collections.unmodifiableSortedMap(new TreeMap<>(byFunction));
        exceptionsByCode = Collections.unmodifiableSortedMap(new TreeMap<>(exceptionsByCode));
    }

    static WorkloadSummary of(WorkloadStats s, long packets, long frameBytes, long fileBytes, long firstMicros,
                              long lastMicros, int pairs) {
        return new WorkloadSummary(packets, frameBytes, fileBytes, firstMicros, lastMicros, pairs, s.connections,
                s.transactions, nonZero(s.byFunction), s.exceptions, nonZero(s.exceptionsByCode), s.gatewayAcks,
                s.delayedAcks);
    }

    private static SortedMap<Integer, Long> nonZero(long[] counts) {
        SortedMap<Integer, Long> m = new TreeMap<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                m.put(i, counts[i]);
            }
        }
        return m;
    }

    /** Transactions whose request had this function code. */
    public long transactions(int functionCode) {
        return byFunction.getOrDefault(functionCode, 0L);
    }

    /** Write requests: FC 5, 6, 15 and 16. */
    public long writes() {
        return transactions(ModbusAdu.WRITE_SINGLE_COIL) + transactions(ModbusAdu.WRITE_SINGLE_REGISTER)
                + transactions(ModbusAdu.WRITE_MULTIPLE_COILS) + transactions(ModbusAdu.WRITE_MULTIPLE_REGISTERS);
    }

    /** Seconds of traffic from the first packet to the last. */
    public double durationSeconds() {
        return (lastMicros - firstMicros) / 1e6;
    }

    /** A few lines for a person. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "packets      %,d (%,d frame bytes, %,d file bytes), %.1f s of traffic%n",
                packets, frameBytes, fileBytes, durationSeconds()));
        b.append(String.format(Locale.ROOT, "connections  %,d over %d pairs%n", connections, pairs));
        b.append(String.format(Locale.ROOT, "transactions %,d Modbus: writes %,d, exceptions %,d, device identification %,d%n",
                transactions, writes(), exceptions, transactions(ModbusAdu.ENCAPSULATED_INTERFACE_TRANSPORT)));
        b.append("  by function ");
        byFunction.forEach((fc, n) -> b.append(String.format(Locale.ROOT, " %d: %,d;", fc, n)));
        b.setLength(b.length() - 1);
        b.append(String.format("%n"));
        if (!exceptionsByCode.isEmpty()) {
            b.append("  exceptions  ");
            exceptionsByCode.forEach((code, n) -> b.append(String.format(Locale.ROOT, " %02X: %,d;", code, n)));
            b.setLength(b.length() - 1);
            b.append(String.format("%n"));
        }
        b.append(String.format(Locale.ROOT, "pure ACKs    %,d delayed (masters), %,d early (serial gateways)%n",
                delayedAcks, gatewayAcks));
        return b.toString();
    }
}
