package io.statewall.capture.write;

import static io.statewall.capture.write.TcpSegmentEncoderTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Recording allocates nothing per segment once warm: the bytes this thread allocates over
 * 20,000 exchanges (over 170,000 segments, IPv4 and IPv6, small and MSS-sized, through the
 * pcap buffer and its flushes) stay below one byte per exchange, where a single object per
 * segment would cost at least 16.
 */
class RecorderAllocationTest {
    private static final int EXCHANGES = 20_000;

    @Test
    void recordingSegmentsAllocatesNothing() throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counter unavailable: skipped");
        var counter = (com.sun.management.ThreadMXBean) threads;
        try (Arena arena = Arena.ofConfined();
             TcpConversationRecorder r = new TcpConversationRecorder(new PcapWriter(MemoryChannel.discarding()))) {
            MemorySegment request = arena.allocate(ModbusAdus.READ_REQUEST.length);
            MemorySegment.copy(MemorySegment.ofArray(ModbusAdus.READ_REQUEST), 0, request, 0, request.byteSize());
            MemorySegment response = MemorySegment.ofArray(ModbusAdus.READ_RESPONSE);
            MemorySegment bulk = arena.allocate(3 * 1460 + 7);
            Conversation v4 = r.open(at("10.0.0.1", 40_001), at("10.0.0.2", 502), 1);
            Conversation v6 = r.open(at("2001:db8::1", 40_002), at("2001:db8::2", 502), 1);

            exchange(v4, v6, request, response, bulk, EXCHANGES); // warm-up: let the JIT settle first
            long tid = Thread.currentThread().threadId();
            long packetsBefore = r.packets();
            long before = counter.getThreadAllocatedBytes(tid);
            exchange(v4, v6, request, response, bulk, EXCHANGES);
            long allocated = counter.getThreadAllocatedBytes(tid) - before;

            assertThat(r.packets() - packetsBefore).as("segments written").isGreaterThan(8L * EXCHANGES);
            assertThat(allocated).as("bytes allocated for %d exchanges", EXCHANGES).isLessThan(EXCHANGES);
        }
    }

    private static void exchange(Conversation v4, Conversation v6, MemorySegment request, MemorySegment response,
                                 MemorySegment bulk, int n) {
        for (int i = 0; i < n; i++) {
            long t = 1_000_000L * (i + 2);
            v4.clientData(t, request, 0, (int) request.byteSize());
            v4.serverData(t, response, 0, (int) response.byteSize());
            v6.clientData(t, request, 0, (int) request.byteSize());
            v6.serverData(t, response, 0, (int) response.byteSize());
            if (i % 16 == 0) {
                v6.serverData(t, bulk, 0, (int) bulk.byteSize());
                v4.clientData(t, bulk, 0, (int) bulk.byteSize());
            }
        }
    }
}
