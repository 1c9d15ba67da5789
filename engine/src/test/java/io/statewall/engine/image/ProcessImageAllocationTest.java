package io.statewall.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusLimits;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Once its points exist, feeding the image allocates nothing: 100,000 transactions (reads of
 * 10 registers whose values alternate, so every one reports changes, and confirmed FC 16 and
 * FC 22 writes) through session and image, best of five rounds.
 */
class ProcessImageAllocationTest {
    private static final int TRANSACTIONS = 100_000;

    private static final class Counting implements ModbusListener, PointListener {
        final ProcessImage image = new ProcessImage(ImageLimits.DEFAULT, this);
        final FlowContext flow = new FlowContext().set(1, 4, 0, 0x0A00_0001L, 40_000, 0, 0x0A00_0002L, 502, 6, "modbus");
        long changes;
        long heard;

        @Override
        public void onTransaction(ModbusSession session, ModbusTransaction tx) {
            changes += image.apply(flow, tx);
        }

        @Override
        public void onAnomaly(ModbusSession s, ModbusAnomaly a, boolean toServer, long ts, int id, long detail) {
        }

        @Override
        public void onUpdate(int pointId, long timestampNanos) {
            heard++;
        }
    }

    @Test
    void warmApplyAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counter absent: skipped");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counter unsupported: skipped");
        threads.setThreadAllocatedMemoryEnabled(true);

        Counting counting = new Counting();
        ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, counting, null);
        MemorySegment[] requests = {
            segment(ImageFeed.adu(1, 1, "03 0000 000A")),
            segment(ImageFeed.adu(2, 1, "10 0020 0002 04 1234 5678")),
            segment(ImageFeed.adu(3, 1, "16 0020 00F2 0025")),
        };
        MemorySegment[] responses = {
            segment(ImageFeed.adu(1, 1, "03 14 0001 0002 0003 0004 0005 0006 0007 0008 0009 000A")),
            segment(ImageFeed.adu(1, 1, "03 14 000A 0009 0008 0007 0006 0005 0004 0003 0002 0001")),
            segment(ImageFeed.adu(2, 1, "10 0020 0002")),
            segment(ImageFeed.adu(3, 1, "16 0020 00F2 0025")),
        };

        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            run(session, requests, responses, round);
            best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(counting.changes).as("the loop really changes points").isGreaterThan(5L * TRANSACTIONS);
        assertThat(counting.heard).isEqualTo(counting.changes);
        assertThat(counting.image.size()).isEqualTo(12);
        assertThat(best).as("bytes allocated by %d warm transactions", TRANSACTIONS).isLessThan(1024);
    }

    private static void run(ModbusSession session, MemorySegment[] requests, MemorySegment[] responses, int round) {
        long ts = round * 10L * TRANSACTIONS;
        for (int i = 0; i < TRANSACTIONS; i++) {
            int kind = i % 4; // read, read (other values), FC 16, FC 22
            MemorySegment request = requests[kind < 2 ? 0 : kind - 1];
            MemorySegment response = responses[kind];
            session.onData(true, request, 0, (int) request.byteSize(), ts);
            session.onData(false, response, 0, (int) response.byteSize(), ts + 5);
            ts += 10;
        }
    }

    private static MemorySegment segment(byte[] bytes) {
        return MemorySegment.ofArray(bytes);
    }
}
