package io.statewall.capture;

import static io.statewall.capture.PcapReaderTest.assertReadsAll;
import static io.statewall.capture.PcapReaderTest.assertReadsThenTruncated;
import static io.statewall.capture.PcapReaderTest.bytesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PcapngReaderTest {
    static final byte[] MODBUS = Frames.ETHERNET_IPV4_MODBUS;
    static final long T0 = 1_700_000_000L;
    static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    enum Order {
        LITTLE(ByteOrder.LITTLE_ENDIAN), BIG(ByteOrder.BIG_ENDIAN);
        final ByteOrder order;
        Order(ByteOrder order) { this.order = order; }
    }

    /**
     * Three interfaces of different link types and clocks: microseconds by default,
     * nanoseconds with an offset of 100 s, and 2^-10 s.
     */
    @ParameterizedTest
    @EnumSource(Order.class)
    void interfacesOfDifferentLinkTypesAndResolutions(Order order) throws Exception {
        CaptureBytes c = CaptureBytes.pcapng(order.order);
        c.interfaceBlock(LinkType.ETHERNET, 0)
                .interfaceBlock(LinkType.RAW, 65535, c.tsresol(9), c.tsoffset(100))
                .interfaceBlock(LinkType.LINUX_SLL2, 262144, c.tsresol(0x8A))
                .enhancedPacket(0, T0 * 1_000_000 + 123_456, MODBUS)
                .enhancedPacket(1, T0 * SECOND + 123_456_789, Frames.RAW_IPV6_EXTENSIONS_UDP)
                .enhancedPacket(2, T0 * 1024 + 512, Frames.SLL2_IPV6_UDP)
                .enhancedPacket(0, T0 * 1_000_000 + 999_999, Frames.ETHERNET_VLAN_IPV4_UDP);
        Path file = c.writeTo(dir, "three.pcapng");
        PacketDecoder decoder = new PacketDecoder();
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(file)) {
            assertThat(reader.format()).isEqualTo("pcapng");

            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 1, 0, LinkType.ETHERNET, T0 * SECOND + 123_456_000, MODBUS);
            decoder.decode(p);
            assertThat(p.dstPort()).isEqualTo(502);

            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 2, 1, LinkType.RAW, (T0 + 100) * SECOND + 123_456_789, Frames.RAW_IPV6_EXTENSIONS_UDP);
            decoder.decode(p);
            assertThat(p.dstPort()).isEqualTo(5001);

            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 3, 2, LinkType.LINUX_SLL2, T0 * SECOND + SECOND / 2, Frames.SLL2_IPV6_UDP);
            decoder.decode(p);
            assertThat(p.dstPort()).isEqualTo(20001);

            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 4, 0, LinkType.ETHERNET, T0 * SECOND + 999_999_000, Frames.ETHERNET_VLAN_IPV4_UDP);
            decoder.decode(p);
            assertThat(p.outerVlanId()).isEqualTo(100);

            assertThat(reader.next(p)).isFalse();
            assertThat(reader.truncated()).isFalse();
            assertThat(reader.packetsRead()).isEqualTo(4);
        }
    }

    /** Each section has its own byte order and its own interface numbering. */
    @Test
    void sectionsOfDifferentByteOrders() throws Exception {
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN);
        c.interfaceBlock(LinkType.ETHERNET, 0).enhancedPacket(0, 1, MODBUS);
        c.section(ByteOrder.BIG_ENDIAN);
        c.interfaceBlock(LinkType.RAW, 0, c.tsresol(9)).enhancedPacket(0, 2, Frames.RAW_IPV6_EXTENSIONS_UDP);
        c.section(ByteOrder.LITTLE_ENDIAN).enhancedPacket(0, 3, MODBUS);   // no interface described
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(c.bytes()), "s.pcapng")) {
            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 1, 0, LinkType.ETHERNET, 1_000, MODBUS);
            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 2, 1, LinkType.RAW, 2, Frames.RAW_IPV6_EXTENSIONS_UDP);
            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 3, -1, LinkType.UNKNOWN, 3_000, MODBUS);
            assertThat(reader.next(p)).isFalse();
            assertThat(reader.truncated()).isFalse();
        }
    }

    @Test
    void simplePacketBlocks() throws Exception {
        byte[] eleven = Arrays.copyOf(MODBUS, 11);
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN);
        c.interfaceBlock(LinkType.ETHERNET, 40)
                .simplePacket(MODBUS, MODBUS.length)       // before any timestamp: time 0; cut to SnapLen 40
                .enhancedPacket(0, 5_000_000, MODBUS)
                .simplePacket(eleven, 11)                  // 11 bytes, padded to 12: the padding is not data
                .simplePacket(MODBUS, 1500);               // original 1500: block holds 66, SnapLen keeps 40
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(c.bytes()), "spb.pcapng")) {
            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 1, 0, LinkType.ETHERNET, 0, Arrays.copyOf(MODBUS, 40));
            assertThat(p.originalLength()).isEqualTo(MODBUS.length);
            assertThat(reader.next(p)).isTrue();
            assertThat(p.timestampNanos()).isEqualTo(5 * SECOND);
            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 3, 0, LinkType.ETHERNET, 5 * SECOND, eleven);   // the previous packet's time
            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 4, 0, LinkType.ETHERNET, 5 * SECOND, Arrays.copyOf(MODBUS, 40));
            assertThat(p.originalLength()).isEqualTo(1500);
            assertThat(reader.next(p)).isFalse();
        }
    }

    /**
     * A block holding less than min(original length, SnapLen) gives what it holds. (Its padding
     * cannot be told from data then, so the frame here is a multiple of 4 bytes long.)
     */
    @Test
    void simplePacketWithUnlimitedSnapLenKeepsWhatTheBlockHolds() throws Exception {
        byte[] frame = Arrays.copyOf(MODBUS, 64);
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN);
        c.interfaceBlock(LinkType.ETHERNET, 0).simplePacket(frame, 9000);
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(c.bytes()), "spb.pcapng")) {
            assertThat(reader.next(p)).isTrue();
            assertThat(bytesOf(p)).isEqualTo(frame);
            assertThat(p.originalLength()).isEqualTo(9000);
        }
    }

    @Test
    void simplePacketWithoutInterfaceIsStillAFrame() throws Exception {
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).simplePacket(MODBUS, MODBUS.length);
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(c.bytes()), "spb.pcapng")) {
            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 1, -1, LinkType.UNKNOWN, 0, MODBUS);
        }
    }

    @Test
    void obsoletePacketBlock() throws Exception {
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN);
        c.interfaceBlock(LinkType.NULL, 0).interfaceBlock(LinkType.ETHERNET, 0, c.tsresol(3))
                .obsoletePacket(1, 42, MODBUS);
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(c.bytes()), "opb.pcapng")) {
            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 1, 1, LinkType.ETHERNET, 42_000_000, MODBUS);
            assertThat(reader.next(p)).isFalse();
            assertThat(reader.truncated()).isFalse();
        }
    }

    @Test
    void otherBlocksAreSkippedByTheirLength() throws Exception {
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN);
        c.interfaceBlock(LinkType.ETHERNET, 0)
                .block(CaptureBytes.NRB, Hex.bytes("01 00 08 00 0a 00 00 01 70 6c 63 00  00 00 00 00"))  // plc = 10.0.0.1
                .enhancedPacket(0, 1, MODBUS)
                .block(CaptureBytes.ISB, new byte[12])
                .block(CaptureBytes.DSB, Hex.bytes("4b 53 4c 54  00 00 00 00"))   // TLS key log, empty
                .block(0x0000_0BAD, Hex.bytes("00 00 7e 00  01 02 03"))           // custom block, PEN 32256
                .block(0x4000_0BAD, new byte[0])                                   // custom, not to be copied
                .block(0x0123_4567, new byte[100])                                 // unknown type
                .enhancedPacket(0, 2, MODBUS);
        assertReadsAll(c.bytes(), 2);
    }

    @Test
    void enhancedPacketNamingAnUnknownInterface() throws Exception {
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN);
        c.interfaceBlock(LinkType.ETHERNET, 0, c.tsresol(9)).enhancedPacket(7, 5, MODBUS).enhancedPacket(0, 6, MODBUS);
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(c.bytes()), "x.pcapng")) {
            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 1, -1, LinkType.UNKNOWN, 5_000, MODBUS);   // microseconds, the default
            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 2, 0, LinkType.ETHERNET, 6, MODBUS);
        }
    }

    @Test
    void brokenOptionListKeepsTheInterface() throws Exception {
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN);
        // if_tsresol 9, then an option claiming 200 bytes in a block that has 4 left.
        byte[] bad = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 2).putShort((short) 200)
                .putInt(0).array();
        c.interfaceBlock(LinkType.RAW, 0, c.tsresol(9), bad).enhancedPacket(0, 77, MODBUS);
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(c.bytes()), "o.pcapng")) {
            assertThat(reader.next(p)).isTrue();
            assertPacket(p, 1, 0, LinkType.RAW, 77, MODBUS);
            assertThat(reader.truncated()).isFalse();
        }
    }

    /** if_fcslen is written in bytes by some, in bits by others: both mean a 4-byte FCS here. */
    @ParameterizedTest
    @ValueSource(ints = {4, 32})
    void fcsLengthOption(int value) throws Exception {
        byte[] withFcs = Arrays.copyOf(MODBUS, MODBUS.length + 4);
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN);
        c.interfaceBlock(LinkType.ETHERNET, 0, c.fcslen(value)).enhancedPacket(0, 1, withFcs);
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(c.bytes()), "f.pcapng")) {
            assertThat(reader.next(p)).isTrue();
            assertThat(p.capturedLength()).isEqualTo(MODBUS.length);
            assertThat(p.originalLength()).isEqualTo(withFcs.length);
        }
    }

    @Test
    void interfaceTableStopsGrowingAtItsLimit() throws Exception {
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < PcapngInterfaces.MAX_INTERFACES + 10; i++) {
            c.interfaceBlock(LinkType.ETHERNET, 0);
        }
        c.enhancedPacket(PcapngInterfaces.MAX_INTERFACES - 1, 1, MODBUS)
                .enhancedPacket(PcapngInterfaces.MAX_INTERFACES + 5, 1, MODBUS);
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(c.bytes()), "many.pcapng")) {
            assertThat(reader.next(p)).isTrue();
            assertThat(p.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(reader.next(p)).isTrue();
            assertThat(p.linkType()).isEqualTo(LinkType.UNKNOWN);
        }
    }

    // --- damage ------------------------------------------------------------------------------

    static Stream<Arguments> damage() {
        return Stream.<Arguments>of(
                damaged("block length 13, not a multiple of 4", c -> c.block(0x0123_4567, new byte[4], 13, 13)),
                damaged("block length 8, below the minimum of 12", c -> c.block(0x0123_4567, new byte[0], 8, 8)),
                damaged("block length past the end of the file", c -> c.block(0x0123_4567, new byte[4], 4096, 16)),
                damaged("trailer length differs from header", c -> c.block(0x0123_4567, new byte[4], 16, 20)),
                damaged("block length 0", c -> c.block(0x0123_4567, new byte[4], 0, 0)),
                damaged("EPB captured length past its block", c -> c.enhancedPacket(0, 1, MODBUS, 200, 200)),
                damaged("EPB shorter than its fixed fields", c -> c.block(CaptureBytes.EPB, new byte[12])),
                damaged("OPB shorter than its fixed fields", c -> c.block(CaptureBytes.OPB, new byte[4])),
                damaged("SPB without its length field", c -> c.block(CaptureBytes.SPB, new byte[0])),
                damaged("IDB shorter than its fixed fields", c -> c.block(CaptureBytes.IDB, new byte[4])),
                damaged("SHB of an unknown major version", c -> c.section(ByteOrder.LITTLE_ENDIAN, 2, 0)),
                damaged("SHB with a bad byte-order magic", c -> c.raw(Hex.bytes("""
                        0a 0d 0d 0a  1c 00 00 00  de ad be ef  01 00 00 00  ff ff ff ff ff ff ff ff  1c 00 00 00
                        """))),
                damaged("SHB block too short for its fields", c -> c.raw(Hex.bytes("""
                        0a 0d 0d 0a  10 00 00 00  4d 3c 2b 1a  10 00 00 00
                        """))),
                damaged("8 bytes of junk at the end", c -> c.raw(new byte[8])));
    }

    static Arguments damaged(String name, Consumer<CaptureBytes> damage) {
        return argumentSet(name, damage);
    }

    /** One good packet, then damage: the good packet is returned and the walk stops there. */
    @ParameterizedTest
    @MethodSource("damage")
    void damageEndsTheWalkAfterTheGoodPackets(Consumer<CaptureBytes> damage) throws Exception {
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN);
        c.interfaceBlock(LinkType.ETHERNET, 0).enhancedPacket(0, 1, MODBUS);
        damage.accept(c);
        c.enhancedPacket(0, 2, MODBUS);   // never reached
        assertReadsThenTruncated(c.bytes(), 1);
    }

    // --- helpers -----------------------------------------------------------------------------

    static void assertPacket(Packet p, long number, int interfaceId, int linkType, long nanos, byte[] frame) {
        assertThat(p.frameNumber()).as("frameNumber").isEqualTo(number);
        assertThat(p.interfaceId()).as("interfaceId").isEqualTo(interfaceId);
        assertThat(p.linkType()).as("linkType").isEqualTo(linkType);
        assertThat(p.timestampNanos()).as("timestampNanos").isEqualTo(nanos);
        assertThat(bytesOf(p)).as("frame").isEqualTo(frame);
    }
}
