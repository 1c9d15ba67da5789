package io.statewall.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class TcpSegmentEncoderTest {
    private static final Host MASTER = new Host(Host.ipv4(10, 10, 1, 10), 0x02005A000000L, 64);
    private static final Host PLC = new Host(Host.ipv4(10, 10, 2, 10), 0x02005C000000L, 60);

    /** Checksums computed independently (Python, RFC 1071 over the same bytes). */
    private static final String READ_REQUEST_FRAME = """
            02 00 5c 00 00 00 | 02 00 5a 00 00 00 | 08 00          // Ethernet: dst PLC, src master, IPv4
            45 00 | 00 34 | 12 34 | 40 00 | 40 | 06 | 11 69        // IPv4: len 52, id 0x1234, DF, TTL 64, TCP, checksum
            0a 0a 01 0a | 0a 0a 02 0a                              // 10.10.1.10 -> 10.10.2.10
            9c 40 | 01 f6 | 01 02 03 04 | a0 b0 c0 d0              // TCP: 40000 -> 502, seq, ack
            50 | 18 | fa f0 | 98 72 | 00 00                        // offset 5 words, PSH|ACK, window 64240, checksum, urg
            00 01 | 00 00 | 00 06 | 01                             // MBAP: tid 1, proto 0, length 6, unit 1
            03 | 00 6b | 00 03                                     // FC 3: registers 108..110
            """;

    @Test
    void writesEthernetIpv4TcpWithBothChecksums() {
        FrameQueue q = new FrameQueue(256);
        MemorySegment payload = Bytes.segment("00 01 00 00 00 06 01 03 00 6b 00 03");
        TcpSegmentEncoder.write(q, 1_000_000L, MASTER, PLC, 0x1234, 40_000, 502, 0x01020304L, 0xA0B0C0D0L,
                TcpSegmentEncoder.PSH | TcpSegmentEncoder.ACK, 64_240, TcpSegmentEncoder.NONE, 0, payload, 12);
        assertThat(q.size()).isEqualTo(1);
        assertThat(Bytes.hex(q.segment(), 0, 66)).isEqualTo(java.util.HexFormat.of().formatHex(Bytes.hex(READ_REQUEST_FRAME)));
    }

    @Test
    void sequenceNumbersAreTakenModulo2To32() {
        FrameQueue q = new FrameQueue(256);
        TcpSegmentEncoder.write(q, 0, MASTER, PLC, 0, 1, 2, 0x1_0000_0005L, 0xFFFF_FFFFL, TcpSegmentEncoder.ACK, 100,
                TcpSegmentEncoder.NONE, 0, TcpSegmentEncoder.NONE, 0);
        assertThat(Bytes.hex(q.segment(), 38, 8)).isEqualTo("00000005ffffffff");
    }

    @Test
    void optionsGrowTheDataOffsetAndPrecedeThePayload() {
        FrameQueue q = new FrameQueue(256);
        MemorySegment mss = Bytes.segment("02 04 05 b4");
        TcpSegmentEncoder.write(q, 0, MASTER, PLC, 0, 502, 40_000, 7, 8, TcpSegmentEncoder.SYN | TcpSegmentEncoder.ACK,
                4096, mss, 4, Bytes.segment("aa"), 1);
        MemorySegment f = q.segment();
        assertThat(Bytes.hex(f, 16, 2)).as("IPv4 total length 20 + 24 + 1").isEqualTo("002d");
        assertThat(Bytes.hex(f, 46, 2)).as("6 words, SYN|ACK").isEqualTo("6012");
        assertThat(Bytes.hex(f, 54, 5)).isEqualTo("020405b4aa");
        // The TCP checksum over pseudo-header + segment verifies to zero, the odd byte padded.
        long sum = InternetChecksum.addInt(InternetChecksum.addInt(0, MASTER.ipv4()), PLC.ipv4()) + 6 + 25;
        assertThat(InternetChecksum.finish(InternetChecksum.add(sum, f, 34, 25))).isZero();
        assertThat(InternetChecksum.finish(InternetChecksum.add(0, f, 14, 20))).isZero();
    }

    @Test
    void unalignedOptionsAreAProgrammingError() {
        FrameQueue q = new FrameQueue(256);
        assertThatThrownBy(() -> TcpSegmentEncoder.write(q, 0, MASTER, PLC, 0, 1, 2, 0, 0, 0, 0,
                Bytes.segment("01 01 01"), 3, TcpSegmentEncoder.NONE, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
