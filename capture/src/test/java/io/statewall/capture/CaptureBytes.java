package io.statewall.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only capture writer: builds pcap and pcapng files byte by byte, including the damaged
 * and unusual ones real writers rarely produce. Also records where each record ends, so that
 * tests can cut a file at every offset and know what a reader must still return.
 */
final class CaptureBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** File offsets at which a complete record or block ends. */
    private final List<Integer> boundaries = new ArrayList<>();
    /** For each boundary, how many packets lie before it. */
    private final List<Integer> packetsBefore = new ArrayList<>();
    private int packets;
    private ByteOrder order;

    private CaptureBytes(ByteOrder order) {
        this.order = order;
    }

    // --- classic pcap ------------------------------------------------------------------------

    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int MAGIC_KUZNETZOV = 0xA1B2CD34;

    /** A pcap file header; records follow with {@link #record}. */
    static CaptureBytes pcap(ByteOrder order, int magic, int snapLen, int linkTypeField) {
        CaptureBytes c = new CaptureBytes(order);
        c.put(buffer(order, 24).putInt(magic).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(snapLen).putInt(linkTypeField));
        c.boundary();
        return c;
    }

    CaptureBytes record(long seconds, long fraction, byte[] frame) {
        return record(seconds, fraction, frame, frame.length, frame.length);
    }

    /** A record whose header says {@code capturedLength} and {@code originalLength}, whatever the frame. */
    CaptureBytes record(long seconds, long fraction, byte[] frame, int capturedLength, int originalLength) {
        put(buffer(order, 16).putInt((int) seconds).putInt((int) fraction)
                .putInt(capturedLength).putInt(originalLength));
        out.writeBytes(frame);
        packets++;
        boundary();
        return this;
    }

    /** A Kuznetzov record: the usual 16 bytes, then ifindex, protocol, pkt_type and a pad byte. */
    CaptureBytes kuznetzovRecord(long seconds, long micros, byte[] frame) {
        put(buffer(order, 24).putInt((int) seconds).putInt((int) micros).putInt(frame.length)
                .putInt(frame.length).putInt(3).putShort((short) 0x0800).put((byte) 0).put((byte) 0));
        out.writeBytes(frame);
        packets++;
        boundary();
        return this;
    }

    // --- pcapng ------------------------------------------------------------------------------

    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int OPB = 2;
    static final int SPB = 3;
    static final int NRB = 4;
    static final int ISB = 5;
    static final int EPB = 6;
    static final int DSB = 10;

    /** A pcapng file: its first Section Header Block, version 1.0. */
    static CaptureBytes pcapng(ByteOrder order) {
        return new CaptureBytes(order).section(order);
    }

    /** A new section, in its own byte order. */
    CaptureBytes section(ByteOrder sectionOrder) {
        return section(sectionOrder, 1, 0);
    }

    CaptureBytes section(ByteOrder sectionOrder, int major, int minor) {
        this.order = sectionOrder;
        byte[] body = buffer(order, 16).putInt(0x1A2B3C4D).putShort((short) major).putShort((short) minor)
                .putLong(-1).array();
        return block(SHB, body);
    }

    /** An Interface Description Block with the given options (see {@link #option}), none if empty. */
    CaptureBytes interfaceBlock(int linkType, int snapLen, byte[]... options) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(buffer(order, 8).putShort((short) linkType).putShort((short) 0).putInt(snapLen).array());
        if (options.length > 0) {
            for (byte[] option : options) {
                body.writeBytes(option);
            }
            body.writeBytes(option(0, new byte[0]));
        }
        return block(IDB, body.toByteArray());
    }

    /** An option: code, length, value padded to 4 bytes, in the current section's byte order. */
    byte[] option(int code, byte[] value) {
        ByteBuffer b = buffer(order, 4 + pad4(value.length)).putShort((short) code).putShort((short) value.length);
        b.put(value);
        return b.array();
    }

    byte[] tsresol(int value) { return option(9, new byte[] {(byte) value}); }

    byte[] tsoffset(long seconds) { return option(14, buffer(order, 8).putLong(seconds).array()); }

    byte[] fcslen(int value) { return option(13, new byte[] {(byte) value}); }

    CaptureBytes enhancedPacket(int interfaceId, long timestampUnits, byte[] frame) {
        return enhancedPacket(interfaceId, timestampUnits, frame, frame.length, frame.length);
    }

    CaptureBytes enhancedPacket(int interfaceId, long timestampUnits, byte[] frame, int capturedLength,
                                int originalLength) {
        ByteBuffer b = buffer(order, 20 + pad4(frame.length)).putInt(interfaceId)
                .putInt((int) (timestampUnits >>> 32)).putInt((int) timestampUnits)
                .putInt(capturedLength).putInt(originalLength);
        b.put(frame);
        packets++;
        return block(EPB, b.array());
    }

    CaptureBytes obsoletePacket(int interfaceId, long timestampUnits, byte[] frame) {
        ByteBuffer b = buffer(order, 20 + pad4(frame.length)).putShort((short) interfaceId).putShort((short) 0)
                .putInt((int) (timestampUnits >>> 32)).putInt((int) timestampUnits)
                .putInt(frame.length).putInt(frame.length);
        b.put(frame);
        packets++;
        return block(OPB, b.array());
    }

    CaptureBytes simplePacket(byte[] frame, int originalLength) {
        ByteBuffer b = buffer(order, 4 + pad4(frame.length)).putInt(originalLength);
        b.put(frame);
        packets++;
        return block(SPB, b.array());
    }

    /** Any block: type, length, body (padded to 4), length. */
    CaptureBytes block(int type, byte[] body) {
        int length = 12 + pad4(body.length);
        return block(type, body, length, length);
    }

    /** A block whose header and trailer lengths are whatever the test says. */
    CaptureBytes block(int type, byte[] body, int headerLength, int trailerLength) {
        put(buffer(order, 8).putInt(type).putInt(headerLength));
        out.writeBytes(body);
        out.writeBytes(new byte[pad4(body.length) - body.length]);
        put(buffer(order, 4).putInt(trailerLength));
        boundary();
        return this;
    }

    // --- either ------------------------------------------------------------------------------

    /** Bytes appended as they are (damage, garbage). */
    CaptureBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() { return out.toByteArray(); }

    int packets() { return packets; }

    Path writeTo(Path dir, String name) throws IOException {
        return Files.write(dir.resolve(name), bytes());
    }

    /**
     * What a reader must return when the file is cut to {@code length} bytes: the packets of
     * the records that end within it; the cut is clean only on a record boundary.
     */
    int packetsWithin(int length) {
        int n = 0;
        for (int i = 0; i < boundaries.size() && boundaries.get(i) <= length; i++) {
            n = packetsBefore.get(i);
        }
        return n;
    }

    boolean isBoundary(int length) { return boundaries.contains(length); }

    /** Offset where the first record or block after the file header starts. */
    int firstBoundary() { return boundaries.getFirst(); }

    private void boundary() {
        boundaries.add(out.size());
        packetsBefore.add(packets);
    }

    private void put(ByteBuffer b) { out.writeBytes(b.array()); }

    private static ByteBuffer buffer(ByteOrder order, int size) {
        return ByteBuffer.allocate(size).order(order);
    }

    static int pad4(int n) { return (n + 3) & ~3; }

    // --- fuzz seeds --------------------------------------------------------------------------

    /**
     * Writes the seed inputs of {@link PcapReaderFuzzTest}; run by hand after test-compile, the
     * output is kept in the test resources: {@code java -cp capture/target/test-classes:capture/target/classes
     * io.statewall.capture.CaptureBytes
     * capture/src/test/resources/io/statewall/capture/PcapReaderFuzzTestInputs/readAndDecode}.
     */
    static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        byte[] tcp = Frames.ETHERNET_IPV4_MODBUS;
        pcap(ByteOrder.LITTLE_ENDIAN, MAGIC_MICROS, 65535, LinkType.ETHERNET)
                .record(1_700_000_000, 1, tcp).record(1_700_000_000, 2, Frames.ETHERNET_VLAN_IPV4_UDP)
                .writeTo(dir, "pcap-le-ethernet");
        pcap(ByteOrder.BIG_ENDIAN, MAGIC_NANOS, 65535, LinkType.LINUX_SLL)
                .record(1_700_000_000, 1, Frames.SLL_IPV4_TCP).writeTo(dir, "pcap-be-ns-sll");
        pcap(ByteOrder.LITTLE_ENDIAN, MAGIC_MICROS, 65535, LinkType.NULL)
                .record(1, 1, Frames.NULL_IPV6_TCP).writeTo(dir, "pcap-null-ipv6");
        CaptureBytes ng = pcapng(ByteOrder.LITTLE_ENDIAN);
        ng.interfaceBlock(LinkType.ETHERNET, 0).interfaceBlock(LinkType.RAW, 128, ng.tsresol(9), ng.tsoffset(5))
                .enhancedPacket(0, 1, tcp).enhancedPacket(1, 2, Frames.RAW_IPV6_EXTENSIONS_UDP)
                .simplePacket(tcp, tcp.length).block(ISB, new byte[16]).obsoletePacket(0, 3, tcp)
                .section(ByteOrder.BIG_ENDIAN).interfaceBlock(LinkType.LINUX_SLL2, 0, ng.tsresol(0x94))
                .enhancedPacket(0, 4, Frames.SLL2_IPV6_UDP);
        ng.writeTo(dir, "pcapng-two-sections");
    }
}
