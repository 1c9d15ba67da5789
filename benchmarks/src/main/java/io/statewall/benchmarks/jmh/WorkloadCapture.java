package io.statewall.benchmarks.jmh;

import io.statewall.benchmarks.workload.ModbusWorkloadGenerator;
import io.statewall.benchmarks.workload.WorkloadOptions;
import io.statewall.benchmarks.workload.WorkloadSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The capture the file-level benchmarks read: the workload generator's default plant (20
 * SCADA-master/PLC pairs, seed 502) asked for 200,000 packets, written once per trial into a
 * temporary file and deleted afterwards.
 *
 * @param file    the pcap file
 * @param summary what the generator wrote into it
 */
record WorkloadCapture(Path file, WorkloadSummary summary) {
    static final long TARGET_PACKETS = 200_000;
    /**
     * Packets the generator actually writes for that target (it finishes the exchange under
     * way): the operations of one pass, a compile-time constant for {@code
     * OperationsPerInvocation}. Checked on every trial, so a changed generator cannot silently
     * skew the per-packet figures.
     */
    static final int PACKETS = 200_009;

    static WorkloadCapture create() {
        try {
            Path file = Files.createTempFile("statewall-jmh-", ".pcap");
            WorkloadSummary summary;
            try {
                summary = ModbusWorkloadGenerator.write(file, WorkloadOptions.DEFAULT.withPackets(TARGET_PACKETS));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            if (summary.packets() != PACKETS) {
                Files.deleteIfExists(file);
                throw new IllegalStateException("the workload generator wrote " + summary.packets()
                        + " packets, not " + PACKETS + ": update WorkloadCapture.PACKETS");
            }
            return new WorkloadCapture(file, summary);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the benchmark capture", e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + file, e);
        }
    }
}
