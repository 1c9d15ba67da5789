package io.statewall.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code next()} and {@code decode()} allocate nothing per packet: the bytes this thread
 * allocates while reading and decoding 200,000 packets stay below one byte per packet, where a
 * single object per packet would cost at least 16.
 */
class ZeroAllocationTest {
    static final int PACKETS = 200_000;
    static final byte[][] FRAMES = {Frames.ETHERNET_IPV4_MODBUS, Frames.ETHERNET_VLAN_IPV4_UDP,
            Frames.SLL_IPV4_TCP, Frames.RAW_IPV6_EXTENSIONS_UDP};
    static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.RAW};

    static Stream<Arguments> captures() {
        CaptureBytes pcap = CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, CaptureBytes.MAGIC_NANOS, 65535, LinkType.ETHERNET);
        CaptureBytes ng = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN);
        for (int linkType : LINK_TYPES) {
            ng.interfaceBlock(linkType, 0, ng.tsresol(9));
        }
        for (int i = 0; i < PACKETS; i++) {
            int k = i % FRAMES.length;
            pcap.record(i, i, Frames.ETHERNET_IPV4_MODBUS);
            ng.enhancedPacket(k, i, FRAMES[k]);
        }
        return Stream.of(argumentSet("pcap, big-endian", pcap.bytes()), argumentSet("pcapng, four interfaces", ng.bytes()));
    }

    @ParameterizedTest
    @MethodSource("captures")
    void readingAndDecodingAllocatesNothing(byte[] capture) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counter unavailable: skipped");
        var counter = (com.sun.management.ThreadMXBean) threads;
        MemorySegment bytes = MemorySegment.ofArray(capture);
        Packet p = new Packet();
        PacketDecoder decoder = new PacketDecoder();
        long checksum = walk(bytes, p, decoder);   // warm-up: let the JIT settle first

        try (CaptureReader reader = CaptureFiles.open(bytes, "alloc")) {
            long tid = Thread.currentThread().threadId();
            long before = counter.getThreadAllocatedBytes(tid);
            long sum = 0;
            while (reader.next(p)) {
                decoder.decode(p);
                sum += p.payloadLength() + p.dstPort();
            }
            long allocated = counter.getThreadAllocatedBytes(tid) - before;
            assertThat(sum).isEqualTo(checksum);
            assertThat(reader.packetsRead()).isEqualTo(PACKETS);
            assertThat(allocated).as("bytes allocated for %d packets", PACKETS).isLessThan(PACKETS);
        }
    }

    private static long walk(MemorySegment bytes, Packet p, PacketDecoder decoder) throws Exception {
        long sum = 0;
        for (int round = 0; round < 5; round++) {
            sum = 0;
            try (CaptureReader reader = CaptureFiles.open(bytes, "warm-up")) {
                while (reader.next(p)) {
                    decoder.decode(p);
                    sum += p.payloadLength() + p.dstPort();
                }
            }
        }
        return sum;
    }
}
