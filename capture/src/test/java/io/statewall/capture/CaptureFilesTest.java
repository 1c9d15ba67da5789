package io.statewall.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CaptureFilesTest {
    static final byte[] MODBUS = Frames.ETHERNET_IPV4_MODBUS;

    @TempDir
    Path dir;

    // --- what is not a capture ---------------------------------------------------------------

    static Stream<Arguments> notCaptures() {
        return Stream.of(
                argumentSet("HTML page", "<html><body>nope</body></html>".getBytes(),
                        "not a pcap or pcapng file (magic 0x3c68746d)"),
                argumentSet("empty file", new byte[0], "empty file"),
                argumentSet("three bytes", Hex.bytes("d4 c3 b2"), "not a pcap or pcapng file (only 3 bytes)"),
                argumentSet("gzip-compressed capture", Hex.bytes("1f 8b 08 00 00 00 00 00"),
                        "gzip-compressed (magic 0x1f8b0800): decompress it first"),
                argumentSet("zstd-compressed capture", Hex.bytes("28 b5 2f fd 00 00"),
                        "zstd-compressed (magic 0x28b52ffd): decompress it first"),
                argumentSet("pcap magic, header cut at 10 bytes", Hex.bytes("d4 c3 b2 a1 02 00 04 00 00 00"),
                        "pcap file header truncated (10 of 24 bytes)"),
                argumentSet("pcapng magic, header cut at 20 bytes", Hex.bytes("""
                        0a 0d 0d 0a  1c 00 00 00  4d 3c 2b 1a  01 00 00 00  ff ff ff ff
                        """), "pcapng section header truncated (20 of 28 bytes)"),
                argumentSet("pcapng with a bad byte-order magic", Hex.bytes("""
                        0a 0d 0d 0a  1c 00 00 00  1a 2b 3c 1a  01 00 00 00  ff ff ff ff ff ff ff ff  1c 00 00 00
                        """), "pcapng section header has a bad byte-order magic (0x1a3c2b1a)"),
                argumentSet("pcapng version 2.0", Hex.bytes("""
                        0a 0d 0d 0a  1c 00 00 00  4d 3c 2b 1a  02 00 00 00  ff ff ff ff ff ff ff ff  1c 00 00 00
                        """), "unsupported pcapng version 2.0"),
                argumentSet("pcapng section header length 30", Hex.bytes("""
                        0a 0d 0d 0a  1e 00 00 00  4d 3c 2b 1a  01 00 00 00  ff ff ff ff ff ff ff ff  1e 00 00 00
                        """), "pcapng section header has a bad block length (30)"),
                argumentSet("pcapng section header longer than the file", Hex.bytes("""
                        0a 0d 0d 0a  00 01 00 00  4d 3c 2b 1a  01 00 00 00  ff ff ff ff ff ff ff ff  00 01 00 00
                        """), "pcapng section header truncated (28 of 256 bytes)"));
    }

    @ParameterizedTest
    @MethodSource("notCaptures")
    void notACaptureIsOneLineNamingTheFile(byte[] content, String reason) throws IOException {
        Path file = Files.write(dir.resolve("input.bin"), content);
        assertThatThrownBy(() -> CaptureFiles.open(file))
                .isInstanceOfSatisfying(CaptureFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(file + ": " + reason).doesNotContain("\n");
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.source()).isEqualTo(file.toString());
                });
    }

    @ParameterizedTest
    @MethodSource("notCaptures")
    void sameVerdictFromMemory(byte[] content, String reason) {
        assertThatThrownBy(() -> CaptureFiles.open(MemorySegment.ofArray(content), "mem"))
                .isInstanceOf(CaptureFormatException.class).hasMessage("mem: " + reason);
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.pcap");
        assertThatThrownBy(() -> CaptureFiles.open(file)).isInstanceOf(CaptureFormatException.class)
                .hasMessage(file + ": no such file");
    }

    @Test
    void directory() {
        assertThatThrownBy(() -> CaptureFiles.open(dir)).isInstanceOf(CaptureFormatException.class)
                .hasMessage(dir + ": is a directory");
    }

    // --- cut at every byte -------------------------------------------------------------------

    static Stream<Arguments> smallCaptures() {
        CaptureBytes ng = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN);
        ng.interfaceBlock(LinkType.ETHERNET, 0, ng.tsresol(9)).enhancedPacket(0, 1, MODBUS)
                .block(CaptureBytes.ISB, new byte[12]).simplePacket(Frames.ETHERNET_VLAN_IPV4_UDP, 60)
                .section(ByteOrder.BIG_ENDIAN).interfaceBlock(LinkType.RAW, 0)
                .obsoletePacket(0, 2, Frames.RAW_IPV6_EXTENSIONS_UDP);
        return Stream.of(
                argumentSet("pcap", CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, CaptureBytes.MAGIC_MICROS, 65535, 1)
                        .record(1, 0, MODBUS).record(2, 0, Frames.ETHERNET_VLAN_IPV4_UDP).record(3, 0, MODBUS)),
                argumentSet("pcapng, two sections", ng));
    }

    /**
     * A capture cut at every byte, as a capture still being written or a copy that failed: the
     * file header must be whole, and then every complete packet comes back, and the cut is
     * reported unless it falls between records.
     */
    @ParameterizedTest
    @MethodSource("smallCaptures")
    void cutAtEveryByte(CaptureBytes capture) throws Exception {
        byte[] whole = capture.bytes();
        byte[][] frames = framesOf(whole);
        Packet p = new Packet();
        for (int cut = 0; cut <= whole.length; cut++) {
            Path file = Files.write(dir.resolve("cut-" + cut), Arrays.copyOf(whole, cut));
            if (cut < capture.firstBoundary()) {
                assertThatThrownBy(() -> CaptureFiles.open(file)).as("cut at " + cut)
                        .isInstanceOf(CaptureFormatException.class);
                continue;
            }
            try (CaptureReader reader = CaptureFiles.open(file)) {
                int n = 0;
                while (reader.next(p)) {
                    assertThat(PcapReaderTest.bytesOf(p)).as("cut at %d, packet %d", cut, n).isEqualTo(frames[n]);
                    n++;
                }
                assertThat(n).as("packets when cut at " + cut).isEqualTo(capture.packetsWithin(cut));
                assertThat(reader.truncated()).as("truncated when cut at " + cut).isEqualTo(!capture.isBoundary(cut));
            }
            Files.delete(file);
        }
    }

    private static byte[][] framesOf(byte[] capture) throws CaptureFormatException {
        try (CaptureReader reader = CaptureFiles.open(MemorySegment.ofArray(capture), "whole")) {
            Packet p = new Packet();
            java.util.List<byte[]> frames = new java.util.ArrayList<>();
            while (reader.next(p)) {
                frames.add(PcapReaderTest.bytesOf(p));
            }
            return frames.toArray(byte[][]::new);
        }
    }

    // --- lifecycle and size ------------------------------------------------------------------

    @Test
    void closedReaderReturnsNoMorePackets() throws Exception {
        Path file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, CaptureBytes.MAGIC_MICROS, 65535, 1)
                .record(1, 0, MODBUS).record(2, 0, MODBUS).writeTo(dir, "c.pcap");
        CaptureReader reader = CaptureFiles.open(file);
        Packet p = new Packet();
        assertThat(reader.next(p)).isTrue();
        reader.close();
        assertThat(reader.next(p)).isFalse();
        assertThat(reader.truncated()).isFalse();
        reader.close();
    }

    /** Offsets past 2^31 must work: a skipped pcapng block of 2 GiB, then a packet. */
    @Test
    void pcapngOver2GiB() throws Exception {
        CaptureBytes head = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN);
        head.interfaceBlock(LinkType.ETHERNET, 0).enhancedPacket(0, 1, MODBUS);
        CaptureBytes tail = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).enhancedPacket(0, 2, MODBUS);
        byte[] epb = Arrays.copyOfRange(tail.bytes(), 28, tail.bytes().length);   // without its SHB
        long skipLength = (1L << 31) + 64;
        Path file = dir.resolve("big.pcapng");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            byte[] h = head.bytes();
            write(ch, 0, ByteBuffer.wrap(h));
            ByteBuffer lengths = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0x0123_4567).putInt((int) skipLength).flip();
            write(ch, h.length, lengths);
            write(ch, h.length + skipLength - 4,
                    ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) skipLength).flip());
            write(ch, h.length + skipLength, ByteBuffer.wrap(epb));
        }
        assertThat(Files.size(file)).isGreaterThan(1L << 31);
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(file)) {
            assertThat(reader.next(p)).isTrue();
            assertThat(reader.next(p)).isTrue();
            assertThat(p.frameOffset()).isGreaterThan(1L << 31);
            assertThat(p.timestampNanos()).isEqualTo(2_000);
            assertThat(PcapReaderTest.bytesOf(p)).isEqualTo(MODBUS);
            new PacketDecoder().decode(p);
            assertThat(p.payloadOffset()).isGreaterThan(1L << 31);
            assertThat(p.dstPort()).isEqualTo(502);
            assertThat(reader.next(p)).isFalse();
            assertThat(reader.truncated()).isFalse();
        }
    }

    /** The same for classic pcap: two records of 1 GiB (the SnapLen allows them), then a small one. */
    @Test
    void pcapOver2GiB() throws Exception {
        int gib = 1 << 30;
        byte[] head = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, CaptureBytes.MAGIC_MICROS, Integer.MAX_VALUE, 1)
                .bytes();
        Path file = dir.resolve("big.pcap");
        long third = 24 + 2 * (16 + (long) gib);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            write(ch, 0, ByteBuffer.wrap(head));
            write(ch, 24, recordHeader(1, gib));
            write(ch, 24 + 16 + gib, recordHeader(2, gib));
            write(ch, third, recordHeader(3, MODBUS.length));
            write(ch, third + 16, ByteBuffer.wrap(MODBUS));
        }
        Packet p = new Packet();
        try (CaptureReader reader = CaptureFiles.open(file)) {
            assertThat(reader.next(p)).isTrue();
            assertThat(p.capturedLength()).isEqualTo(gib);
            assertThat(reader.next(p)).isTrue();
            assertThat(reader.next(p)).isTrue();
            assertThat(p.frameOffset()).isEqualTo(third + 16).isGreaterThan(1L << 31);
            assertThat(p.timestampNanos()).isEqualTo(3_000_000_000L);
            assertThat(PcapReaderTest.bytesOf(p)).isEqualTo(MODBUS);
            assertThat(reader.next(p)).isFalse();
            assertThat(reader.truncated()).isFalse();
        }
    }

    private static ByteBuffer recordHeader(int seconds, int length) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(seconds).putInt(0).putInt(length).putInt(length).flip();
    }

    private static void write(FileChannel ch, long position, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            position += ch.write(bytes, position);
        }
    }
}
