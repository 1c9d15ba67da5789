package io.statewall.capture.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole frames against vectors whose checksums were computed by a separate implementation (and
 * which tshark reports as good), then against the reference checksum.
 */
class TcpSegmentEncoderTest {
    private static final int SYN = TcpSegmentEncoder.SYN;
    private static final int ACK = TcpSegmentEncoder.ACK;
    private static final int PSH_ACK = TcpSegmentEncoder.PSH | TcpSegmentEncoder.ACK;

    static InetSocketAddress at(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Stream<Arguments> frames() {
        return Stream.of(
                argumentSet("IPv4 SYN offering MSS 1460",
                        at("192.168.1.10", 50_000), at("192.168.1.20", 502), 0x1234,
                        0xFEDC_BA98L, 0L, SYN, "02 04 05 b4", "", """
                        02 00 c0 a8 01 14  02 00 c0 a8 01 0a  08 00   # MACs of .20 and .10; IPv4
                        45 00 00 2c        # version 4, IHL 5; total length 44 = 20 + 24
                        12 34 40 00        # identification 0x1234; DF, offset 0
                        40 06 a5 29        # TTL 64, TCP; header checksum
                        c0 a8 01 0a        # 192.168.1.10
                        c0 a8 01 14        # 192.168.1.20
                        c3 50 01 f6        # 50000 → 502
                        fe dc ba 98        # sequence number
                        00 00 00 00        # a bare SYN acknowledges nothing
                        60 02 fa f0        # data offset 6 words (24 bytes); SYN; window 64240
                        9b 0a 00 00        # checksum; urgent pointer
                        02 04 05 b4        # MSS option: kind 2, length 4, 1460
                        """),
                argumentSet("IPv6 PSH+ACK carrying a Modbus request",
                        at("2001:db8::1", 50_000), at("2001:db8::2", 502), 0,
                        0x8000_0000L, 0x100L, PSH_ACK, "", "00 01 00 00 00 06 01 03 00 00 00 0a", """
                        06 00 00 00 00 02  06 00 00 00 00 01  86 dd   # MACs from the addresses' last 5 octets; IPv6
                        60 00 00 00        # version 6, traffic class 0, flow label 0
                        00 20 06 40        # payload length 32 = 20 + 12; next header TCP; hop limit 64
                        20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 01   # 2001:db8::1
                        20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 02   # 2001:db8::2
                        c3 50 01 f6  80 00 00 00  00 00 01 00              # ports, seq, ack
                        50 18 fa f0        # data offset 5; PSH ACK; window 64240
                        12 00 00 00        # checksum over the IPv6 pseudo-header; urgent pointer
                        00 01 00 00 00 06  01 03 00 00 00 0a               # MBAP; unit 1, FC 3, 0, 10
                        """),
                argumentSet("IPv4 client of an IPv6 server: written IPv4-mapped",
                        at("10.0.0.1", 40_000), at("2001:db8::2", 502), 7,
                        1L, 2L, ACK, "", "", """
                        06 00 00 00 00 02  02 00 0a 00 00 01  86 dd   # the client keeps its IPv4 MAC
                        60 00 00 00  00 14 06 40                      # payload length 20: a bare header
                        00 00 00 00 00 00 00 00  00 00 ff ff 0a 00 00 01   # ::ffff:10.0.0.1
                        20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 02   # 2001:db8::2
                        9c 40 01 f6  00 00 00 01  00 00 00 02  50 10 fa f0  de ee 00 00
                        """),
                argumentSet("IPv4, one payload byte: the odd byte is summed padded",
                        at("10.0.0.2", 502), at("10.0.0.1", 40_000), 0xFFFF,
                        7L, 9L, PSH_ACK, "", "ab", """
                        02 00 0a 00 00 01  02 00 0a 00 00 02  08 00
                        45 00 00 29  ff ff 40 00  40 06 26 cd      # total length 41; identification ffff
                        0a 00 00 02  0a 00 00 01
                        01 f6 9c 40  00 00 00 07  00 00 00 09  50 18 fa f0  57 91 00 00
                        ab
                        """));
    }

    @ParameterizedTest
    @MethodSource("frames")
    void writesTheWholeFrame(InetSocketAddress src, InetSocketAddress dst, int ipId, long seq, long ack, int flags,
                             String options, String payload, String expected) {
        TcpSegmentEncoder e = new TcpSegmentEncoder(src, dst, ipId);
        byte[] opts = Hex.bytes(options);
        byte[] data = Hex.bytes(payload);
        byte[] want = Hex.bytes(expected);
        byte[] frame = new byte[want.length + 20];
        Arrays.fill(frame, (byte) 0xEE);
        int length = e.encode(MemorySegment.ofArray(frame), 10, seq, ack, flags, 64_240,
                MemorySegment.ofArray(opts), 0, opts.length, MemorySegment.ofArray(data), 0, data.length);
        assertThat(length).isEqualTo(want.length).isEqualTo(e.frameLength(opts.length, data.length));
        assertThat(Hex.of(Arrays.copyOfRange(frame, 10, 10 + length))).isEqualTo(Hex.of(want));
        assertThat(frame[9]).as("nothing before the frame").isEqualTo((byte) 0xEE);
        assertThat(frame[10 + length]).as("nothing after the frame").isEqualTo((byte) 0xEE);
        assertChecksumsVerify(Arrays.copyOfRange(frame, 10, 10 + length));
    }

    /** Independent check: each checksummed region, checksum included, sums to ffff. */
    static void assertChecksumsVerify(byte[] f) {
        int type = ((f[12] & 0xFF) << 8) | (f[13] & 0xFF);
        if (type == 0x0800) {
            assertThat(NaiveChecksum.sum(0, f, 14, 34)).as("IPv4 header").isEqualTo(0xFFFF);
            int tcpLength = f.length - 34;
            int pseudo = NaiveChecksum.sum(0, f, 26, 34);
            pseudo = NaiveChecksum.sum(pseudo, new byte[] {0, 6, (byte) (tcpLength >>> 8), (byte) tcpLength}, 0, 4);
            assertThat(NaiveChecksum.sum(pseudo, f, 34, f.length)).as("TCP over IPv4").isEqualTo(0xFFFF);
        } else {
            int tcpLength = f.length - 54;
            int pseudo = NaiveChecksum.sum(0, f, 22, 54);
            pseudo = NaiveChecksum.sum(pseudo, new byte[] {0, 0, (byte) (tcpLength >>> 8), (byte) tcpLength, 0, 0, 0, 6}, 0, 8);
            assertThat(NaiveChecksum.sum(pseudo, f, 54, f.length)).as("TCP over IPv6").isEqualTo(0xFFFF);
        }
    }

    @Test
    void ipv4IdentificationCountsUpPerFrameAndWraps() {
        TcpSegmentEncoder e = new TcpSegmentEncoder(at("10.0.0.1", 1), at("10.0.0.2", 2), 0xFFFE);
        byte[] frame = new byte[64];
        int[] ids = new int[3];
        for (int i = 0; i < ids.length; i++) {
            assertThat(e.nextIpId()).isEqualTo((0xFFFE + i) & 0xFFFF);
            e.encode(MemorySegment.ofArray(frame), 0, i, 0, ACK, 1000, null, 0, 0, null, 0, 0);
            ids[i] = ((frame[18] & 0xFF) << 8) | (frame[19] & 0xFF);
            assertChecksumsVerify(Arrays.copyOf(frame, 54));
        }
        assertThat(ids).containsExactly(0xFFFE, 0xFFFF, 0x0000);
    }

    @Test
    void fullSizedSegmentsAndEveryChecksumVerify() {
        byte[] payload = new byte[1460];
        new java.util.SplittableRandom(3).nextBytes(payload);
        for (String[] pair : new String[][] {{"10.1.2.3", "10.3.2.1"}, {"fe80::1", "fe80::2:3"}}) {
            TcpSegmentEncoder e = new TcpSegmentEncoder(at(pair[0], 65_535), at(pair[1], 0), 0);
            byte[] frame = new byte[2048];
            for (int len = 0; len <= payload.length; len += 97) {
                int n = e.encode(MemorySegment.ofArray(frame), 0, 0xFFFF_FFFFL, len, PSH_ACK, 0xFFFF, null, 0, 0,
                        MemorySegment.ofArray(payload), 0, len);
                assertChecksumsVerify(Arrays.copyOf(frame, n));
            }
        }
    }

    static Stream<Arguments> macs() {
        return Stream.of(
                argumentSet("IPv4: 02 00 and the address", "192.168.1.10", 0x0200_C0A8_010AL),
                argumentSet("IPv4 loopback", "127.0.0.1", 0x0200_7F00_0001L),
                argumentSet("IPv6: 06 and the last five octets", "2001:db8::aa:bbcc:ddee:ff01", 0x06CC_DDEE_FF01L),
                argumentSet("IPv6 loopback", "::1", 0x0600_0000_0001L),
                argumentSet("IPv4-mapped IPv6 is the IPv4 host", "::ffff:10.0.0.1", 0x0200_0A00_0001L));
    }

    @ParameterizedTest
    @MethodSource("macs")
    void macAddressesAreDerivedFromTheIpAddress(String address, long mac) throws UnknownHostException {
        long derived = MacAddresses.derive(InetAddress.getByName(address));
        assertThat(derived).isEqualTo(mac);
        assertThat(derived >>> 40 & 0x02).as("locally administered").isEqualTo(0x02);
        assertThat(derived >>> 40 & 0x01).as("unicast").isZero();
    }

    @Test
    void explicitMacsAndHopLimitAreWritten() {
        TcpSegmentEncoder e = new TcpSegmentEncoder(at("10.0.0.1", 1), 0x0011_2233_4455L, at("10.0.0.2", 2),
                0x00AA_BBCC_DDEEL, 255, 0);
        byte[] frame = new byte[54];
        e.encode(MemorySegment.ofArray(frame), 0, 0, 0, SYN, 0, null, 0, 0, null, 0, 0);
        assertThat(Hex.of(Arrays.copyOf(frame, 12))).isEqualTo("00aabbccddee" + "001122334455");
        assertThat(frame[22] & 0xFF).as("TTL").isEqualTo(255);
        assertChecksumsVerify(frame);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                argumentSet("options not in 4-byte words", 3, 0, 0, 100, 0, IllegalArgumentException.class),
                argumentSet("options past 40 bytes", 44, 0, 0, 100, 0, IllegalArgumentException.class),
                argumentSet("window beyond 16 bits", 0, 0, 0x1_0000, 100, 0, IllegalArgumentException.class),
                argumentSet("flags beyond 8 bits", 0, 0, 0, 100, 0x100, IllegalArgumentException.class),
                argumentSet("negative payload length", 0, -1, 0, 100, 0, IllegalArgumentException.class),
                argumentSet("IP packet over 65535 bytes", 0, 65_535 - 40 + 1, 0, 70_000, 0, IllegalArgumentException.class),
                argumentSet("frame buffer too short", 0, 10, 0, 63, 0, IndexOutOfBoundsException.class),
                argumentSet("payload beyond its segment", 0, 200, 0, 300, 0, IndexOutOfBoundsException.class));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void programmingErrorsAreRejectedBeforeAnythingIsWritten(int optionsLength, int payloadLength, int window,
                                                              int frameBytes, int extraFlags, Class<? extends Throwable> error) {
        TcpSegmentEncoder e = new TcpSegmentEncoder(at("10.0.0.1", 1), at("10.0.0.2", 2), 5);
        byte[] frame = new byte[frameBytes];
        MemorySegment options = MemorySegment.ofArray(new byte[44]);
        MemorySegment payload = MemorySegment.ofArray(new byte[100]);
        assertThatThrownBy(() -> e.encode(MemorySegment.ofArray(frame), 0, 0, 0, ACK | extraFlags, window,
                options, 0, optionsLength, payload, 0, payloadLength)).isInstanceOf(error);
        assertThat(frame).as("untouched").containsOnly(0);
        assertThat(e.nextIpId()).as("no identification used").isEqualTo(5);
    }

    @Test
    void unresolvedAddressesAreRejected() {
        assertThatThrownBy(() -> new TcpSegmentEncoder(InetSocketAddress.createUnresolved("plc.invalid", 502),
                at("10.0.0.1", 1), 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unresolved");
    }
}
