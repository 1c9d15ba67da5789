package io.statewall.protocols.modbus;

import static io.statewall.protocols.modbus.Frames.adu;
import static io.statewall.protocols.modbus.Frames.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The hot path allocates nothing per frame: after warm-up, feeding 100,000 request/response
 * pairs (reads, writes, coils, an exception, a split frame) through a session whose listener
 * reads every field allocates 0 bytes on the feeding thread.
 */
class ModbusZeroAllocationTest {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int PAIRS_PER_ROUND = 100_000;

    /** Reads every accessor and sums what it reads, so nothing is optimised away. */
    static final class ReadingListener implements ModbusListener {
        long transactions;
        long anomalies;
        long checksum;

        @Override
        public void onTransaction(ModbusSession session, ModbusTransaction tx) {
            transactions++;
            long sum = tx.transactionId() + tx.unitId() + tx.functionRaw() + tx.accessType() + tx.anomalyFlags()
                    + tx.function().ordinal() + tx.category().ordinal() + tx.operation().ordinal()
                    + tx.dataArea().ordinal() + tx.exceptionCode() + tx.readAddress() + tx.readQuantity()
                    + tx.writeAddress() + tx.writeQuantity() + tx.subFunction() + tx.meiType()
                    + tx.andMask() + tx.orMask() + tx.requestTimestampNanos() + tx.responseTimestampNanos();
            for (int i = 0; i < tx.readValueCount(); i++) {
                sum += tx.readValue(i);
            }
            for (int i = 0; i < tx.writeValueCount(); i++) {
                sum += tx.writeValue(i);
            }
            if (tx.hasRequest()) {
                sum += tx.request().byteAt(1) + tx.request().lengthField();
            }
            if (tx.isException()) {
                sum += tx.response().exceptionCode();
            }
            checksum += sum;
        }

        @Override
        public void onAnomaly(ModbusSession session, ModbusAnomaly anomaly, boolean toServer,
                              long timestampNanos, int transactionId, long detail) {
            anomalies++;
        }
    }

    /** Request frames, then response frames, back to back; five exchanges. */
    static final byte[] REQUESTS = concat(
            adu(0, 1, "03 | 006B | 0003"),
            adu(0, 1, "10 | 0001 | 0002 | 04 | 000A 0102"),
            adu(0, 1, "01 | 0013 | 0013"),
            adu(0, 1, "05 | 00AC | FF00"),
            adu(0, 1, "04 | FFF0 | 0010"));
    static final byte[] RESPONSES = concat(
            adu(0, 1, "03 | 06 | 022B 0000 0064"),
            adu(0, 1, "10 | 0001 | 0002"),
            adu(0, 1, "01 | 03 | CD 6B 05"),
            adu(0, 1, "05 | 00AC | FF00"),
            adu(0, 1, "84 | 02"));
    static final int EXCHANGES = 5;

    @Test
    void feedingRequestResponsePairsAllocatesNothingAfterWarmUp() {
        java.lang.management.ThreadMXBean plain = ManagementFactory.getThreadMXBean();
        assumeTrue(plain instanceof com.sun.management.ThreadMXBean, "com.sun.management.ThreadMXBean absent: skipped");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) plain;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "thread allocation accounting unsupported: skipped");
        threads.setThreadAllocatedMemoryEnabled(true);

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment requests = arena.allocate(REQUESTS.length);
            MemorySegment.copy(REQUESTS, 0, requests, ValueLayout.JAVA_BYTE, 0, REQUESTS.length);
            MemorySegment responses = arena.allocate(RESPONSES.length);
            MemorySegment.copy(RESPONSES, 0, responses, ValueLayout.JAVA_BYTE, 0, RESPONSES.length);
            ReadingListener listener = new ReadingListener();
            ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, listener, null);
            long threadId = Thread.currentThread().threadId();
            threads.getThreadAllocatedBytes(threadId);

            long[] tid = {0};
            for (int warmUp = 0; warmUp < 5; warmUp++) {
                round(session, requests, responses, tid);
            }
            long best = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 10 && best > 0; attempt++) {
                long before = threads.getThreadAllocatedBytes(threadId);
                round(session, requests, responses, tid);
                long after = threads.getThreadAllocatedBytes(threadId);
                best = Math.min(best, after - before);
            }
            assertThat(best).as("bytes allocated while feeding %d pairs", PAIRS_PER_ROUND).isZero();
            assertThat(listener.transactions).isEqualTo(session.transactions());
            assertThat(session.transactions()).isGreaterThanOrEqualTo(6L * PAIRS_PER_ROUND);
            assertThat(listener.anomalies).isZero();
            assertThat(session.openTransactions()).isZero();
            assertThat(listener.checksum).isNotZero();
        }
    }

    /** Feeds {@link #PAIRS_PER_ROUND} pairs; the first request frame of each batch arrives in two pieces. */
    private static void round(ModbusSession session, MemorySegment requests, MemorySegment responses, long[] tid) {
        for (int batch = 0; batch < PAIRS_PER_ROUND / EXCHANGES; batch++) {
            long offset = 0;
            for (int i = 0; i < EXCHANGES; i++) {
                int length = 6 + (requests.get(U16, offset + 4) & 0xFFFF);
                requests.set(U16, offset, (short) tid[0]);
                responses.set(U16, responseOffset(responses, i), (short) tid[0]);
                tid[0]++;
                offset += length;
            }
            int first = 6 + (requests.get(U16, 4) & 0xFFFF);
            long now = batch * 1000L;
            session.onData(true, requests, 0, 5, now);
            int consumed = session.onData(true, requests, 0, (int) requests.byteSize(), now);
            if (consumed != requests.byteSize() || first <= 5) {
                throw new AssertionError("request batch not consumed: " + consumed);
            }
            if (session.onData(false, responses, 0, (int) responses.byteSize(), now + 500) != responses.byteSize()) {
                throw new AssertionError("response batch not consumed");
            }
        }
    }

    private static long responseOffset(MemorySegment responses, int index) {
        long offset = 0;
        for (int i = 0; i < index; i++) {
            offset += 6 + (responses.get(U16, offset + 4) & 0xFFFF);
        }
        return offset;
    }
}
