package io.statewall.capture;

import static io.statewall.capture.CaptureBytes.MAGIC_MICROS;
import static io.statewall.capture.CaptureBytes.MAGIC_NANOS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PcapReaderTest {
    static final byte[] MODBUS = Frames.ETHERNET_IPV4_MODBUS;
    static final byte[] VLAN_UDP = Frames.ETHERNET_VLAN_IPV4_UDP;

    @TempDir
    Path dir;

    static Stream<Arguments> variants() {
        return Stream.of(
                argumentSet("little-endian, microseconds", ByteOrder.LITTLE_ENDIAN, MAGIC_MICROS, 123_456L, 123_456_000L),
                argumentSet("big-endian, microseconds", ByteOrder.BIG_ENDIAN, MAGIC_MICROS, 123_456L, 123_456_000L),
                argumentSet("little-endian, nanoseconds", ByteOrder.LITTLE_ENDIAN, MAGIC_NANOS, 123_456_789L, 123_456_789L),
                argumentSet("big-endian, nanoseconds", ByteOrder.BIG_ENDIAN, MAGIC_NANOS, 123_456_789L, 123_456_789L));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void readsEveryByteOrderAndResolution(ByteOrder order, int magic, long fraction, long fractionNanos) throws Exception {
        byte[] cut = Arrays.copyOf(MODBUS, 40);
        Path file = CaptureBytes.pcap(order, magic, 65535, LinkType.ETHERNET)
                .record(1_700_000_000L, fraction, MODBUS)
                .record(1_700_000_001L, 0, VLAN_UDP)
                .record(4_000_000_000L, fraction, cut, 40, MODBUS.length)  // seconds above 2^31: unsigned
                .writeTo(dir, "t.pcap");
        try (CaptureReader reader = CaptureFiles.open(file)) {
            assertThat(reader.format()).isEqualTo("pcap");
            Packet p = new Packet();

            assertThat(reader.next(p)).isTrue();
            assertFrame(p, 1, MODBUS, MODBUS.length, 1_700_000_000L * 1_000_000_000L + fractionNanos);
            assertThat(p.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(p.interfaceId()).isZero();

            assertThat(reader.next(p)).isTrue();
            assertFrame(p, 2, VLAN_UDP, VLAN_UDP.length, 1_700_000_001L * 1_000_000_000L);

            assertThat(reader.next(p)).isTrue();
            assertFrame(p, 3, cut, MODBUS.length, 4_000_000_000L * 1_000_000_000L + fractionNanos);

            assertThat(reader.next(p)).isFalse();
            assertThat(reader.next(p)).isFalse();
            assertThat(reader.packetsRead()).isEqualTo(3);
            assertThat(reader.truncated()).isFalse();
        }
    }

    @Test
    void kuznetzovRecordsCarryEightMoreBytes() throws Exception {
        byte[] bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, CaptureBytes.MAGIC_KUZNETZOV, 65535, LinkType.ETHERNET)
                .kuznetzovRecord(10, 5, MODBUS).kuznetzovRecord(11, 6, VLAN_UDP).bytes();
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(bytes), "k.pcap")) {
            assertThat(reader.next(p)).isTrue();
            assertFrame(p, 1, MODBUS, MODBUS.length, 10_000_005_000L);
            assertThat(reader.next(p)).isTrue();
            assertFrame(p, 2, VLAN_UDP, VLAN_UDP.length, 11_000_006_000L);
            assertThat(reader.next(p)).isFalse();
            assertThat(reader.truncated()).isFalse();
        }
    }

    static Stream<Arguments> linkTypeFields() {
        return Stream.of(
                // FCS len 2 words (4 bytes), P bit set: the trailing FCS is not part of the frame.
                argumentSet("Ethernet with a 4-byte FCS", 0x2400_0001, LinkType.ETHERNET, 4),
                argumentSet("raw IP with a 2-byte FCS", 0x1400_0065, LinkType.RAW, 2),
                // FCS len without the P bit means nothing; reserved bits are ignored.
                argumentSet("FCS len without the P bit", 0x2000_0001, LinkType.ETHERNET, 0),
                argumentSet("reserved bits set", 0x0012_0001, LinkType.ETHERNET, 0));
    }

    @ParameterizedTest
    @MethodSource("linkTypeFields")
    void linkTypeFieldCarriesFcsLength(int field, int linkType, int fcs) throws Exception {
        byte[] withFcs = Arrays.copyOf(MODBUS, MODBUS.length + fcs);
        byte[] bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, MAGIC_MICROS, 65535, field)
                .record(1, 0, withFcs)                                          // whole frame and FCS
                .record(2, 0, Arrays.copyOf(withFcs, 40), 40, withFcs.length)   // cut before the FCS
                .record(3, 0, Arrays.copyOf(withFcs, MODBUS.length + fcs / 2), MODBUS.length + fcs / 2,
                        withFcs.length)                                        // cut inside the FCS
                .bytes();
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(bytes), "fcs.pcap")) {
            assertThat(reader.next(p)).isTrue();
            assertThat(p.linkType()).isEqualTo(linkType);
            assertThat(p.capturedLength()).isEqualTo(MODBUS.length);
            assertThat(p.originalLength()).isEqualTo(withFcs.length);
            assertThat(reader.next(p)).isTrue();
            assertThat(p.capturedLength()).isEqualTo(40);
            assertThat(reader.next(p)).isTrue();
            assertThat(p.capturedLength()).isEqualTo(MODBUS.length);
        }
    }

    @Test
    void recordLongerThanTheRestOfTheFileEndsTheWalk() throws Exception {
        byte[] bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, MAGIC_MICROS, 65535, LinkType.ETHERNET)
                .record(1, 0, MODBUS)
                .record(2, 0, MODBUS, 1000, 1000)   // says 1000 bytes, 66 follow
                .bytes();
        assertReadsThenTruncated(bytes, 1);
    }

    @Test
    void recordLongerThanSnapLenAndLibpcapCeilingEndsTheWalk() throws Exception {
        byte[] big = new byte[300_000];
        byte[] bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, MAGIC_MICROS, 65535, LinkType.ETHERNET)
                .record(1, 0, MODBUS).record(2, 0, big).record(3, 0, MODBUS).bytes();
        assertReadsThenTruncated(bytes, 1);
    }

    @Test
    void recordAboveLibpcapCeilingIsReadWhenTheSnapLenAllowsIt() throws Exception {
        byte[] big = new byte[300_000];
        byte[] bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, MAGIC_MICROS, 1_000_000, LinkType.ETHERNET)
                .record(1, 0, big).record(2, 0, MODBUS).bytes();
        assertReadsAll(bytes, 2);
    }

    /** libpcap and Wireshark both read a record somewhat over the SnapLen; refusing it would lose the rest. */
    @Test
    void recordSomewhatOverTheSnapLenIsStillRead() throws Exception {
        byte[] bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, MAGIC_MICROS, 64, LinkType.ETHERNET)
                .record(1, 0, MODBUS).record(2, 0, VLAN_UDP).bytes();
        assertReadsAll(bytes, 2);
    }

    @Test
    void headerOnlyFileHasNoPackets() throws Exception {
        assertReadsAll(CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, MAGIC_NANOS, 65535, LinkType.RAW).bytes(), 0);
    }

    @Test
    void partialRecordHeaderAtTheEndIsTruncation() throws Exception {
        byte[] bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, MAGIC_MICROS, 65535, LinkType.ETHERNET)
                .record(1, 0, MODBUS).raw(new byte[10]).bytes();
        assertReadsThenTruncated(bytes, 1);
    }

    @Test
    void recordHeaderWithZeroLengthIsAnEmptyFrame() throws Exception {
        byte[] bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, MAGIC_MICROS, 65535, LinkType.ETHERNET)
                .record(1, 0, new byte[0]).record(2, 0, MODBUS).bytes();
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(bytes), "z.pcap")) {
            assertThat(reader.next(p)).isTrue();
            assertThat(p.capturedLength()).isZero();
            new PacketDecoder().decode(p);
            assertThat(p.issue()).isEqualTo(DecodeIssue.TRUNCATED);
            assertThat(reader.next(p)).isTrue();
            assertThat(p.capturedLength()).isEqualTo(MODBUS.length);
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    static void assertFrame(Packet p, long number, byte[] frame, int originalLength, long nanos) {
        assertThat(p.frameNumber()).isEqualTo(number);
        assertThat(p.capturedLength()).isEqualTo(frame.length);
        assertThat(p.originalLength()).isEqualTo(originalLength);
        assertThat(p.timestampNanos()).isEqualTo(nanos);
        assertThat(bytesOf(p)).isEqualTo(frame);
    }

    static byte[] bytesOf(Packet p) {
        return p.data().asSlice(p.frameOffset(), p.capturedLength()).toArray(ValueLayout.JAVA_BYTE);
    }

    static void assertReadsAll(byte[] bytes, int packets) throws Exception {
        assertReads(bytes, packets, false);
    }

    static void assertReadsThenTruncated(byte[] bytes, int packets) throws Exception {
        assertReads(bytes, packets, true);
    }

    private static void assertReads(byte[] bytes, int packets, boolean truncated) throws Exception {
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(bytes), "test")) {
            int n = 0;
            while (reader.next(p)) {
                n++;
            }
            assertThat(n).as("packets").isEqualTo(packets);
            assertThat(reader.packetsRead()).isEqualTo(packets);
            assertThat(reader.truncated()).as("truncated").isEqualTo(truncated);
            assertThat(reader.next(p)).as("stays at the end").isFalse();
        }
    }
}
