package io.statewall.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Valid frames and captures damaged at random (fixed seeds, so a failure reproduces): bytes
 * overwritten, cut short, lengths set to extremes. Nothing may throw, and whatever is reported
 * must lie inside the input. The fuzz target explores further; this runs in every build.
 */
class HostileInputTest {
    static final byte[][] FRAMES = {Frames.ETHERNET_IPV4_MODBUS, Frames.ETHERNET_VLAN_IPV4_UDP, Frames.SLL_IPV4_TCP,
            Frames.SLL2_IPV6_UDP, Frames.NULL_IPV6_TCP, Frames.RAW_IPV6_EXTENSIONS_UDP};
    static final int[] LINK_TYPES = {LinkType.NULL, LinkType.ETHERNET, LinkType.RAW_12, LinkType.RAW_14, LinkType.RAW,
            LinkType.LOOP, LinkType.LINUX_SLL, LinkType.IPV4, LinkType.IPV6, LinkType.LINUX_SLL2};
    /** Values that sit on the edges of length and type fields. */
    static final int[] EDGES = {0x00, 0x01, 0x05, 0x06, 0x08, 0x0f, 0x11, 0x2c, 0x3c, 0x45, 0x4f, 0x60, 0x7f, 0x80,
            0x81, 0x86, 0x88, 0xa8, 0xdd, 0xf0, 0xfe, 0xff};

    @Test
    void damagedFramesNeverThrow() {
        Random random = new Random(0x5747_4C4CL);
        PacketDecoder decoder = new PacketDecoder();
        Packet p = new Packet();
        for (int i = 0; i < 200_000; i++) {
            byte[] frame = FRAMES[random.nextInt(FRAMES.length)].clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                frame[random.nextInt(frame.length)] = (byte) (random.nextBoolean()
                        ? EDGES[random.nextInt(EDGES.length)] : random.nextInt(256));
            }
            int captured = random.nextInt(4) == 0 ? random.nextInt(frame.length + 1) : frame.length;
            int linkType = LINK_TYPES[random.nextInt(LINK_TYPES.length)];
            p.setFrame(MemorySegment.ofArray(frame), 0, captured, frame.length, 0, 0, linkType, i + 1);
            decoder.decode(p);
            if (p.issue() == DecodeIssue.NONE) {
                assertThat(p.protocol()).isIn(Packet.PROTO_TCP, Packet.PROTO_UDP);
                assertThat(p.payloadOffset()).isBetween(0L, (long) captured);
                assertThat(p.payloadOffset() + p.payloadLength()).isLessThanOrEqualTo(captured);
            } else {
                assertThat(p.protocol()).isZero();
                assertThat(p.payloadLength()).isZero();
            }
        }
    }

    @Test
    void damagedCapturesNeverThrow() throws Exception {
        CaptureBytes ng = CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN);
        ng.interfaceBlock(LinkType.ETHERNET, 0, ng.tsresol(9)).interfaceBlock(LinkType.RAW, 64)
                .enhancedPacket(0, 1, Frames.ETHERNET_IPV4_MODBUS).simplePacket(Frames.ETHERNET_VLAN_IPV4_UDP, 60)
                .enhancedPacket(1, 2, Frames.RAW_IPV6_EXTENSIONS_UDP).obsoletePacket(0, 3, Frames.ETHERNET_IPV4_MODBUS)
                .section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(LinkType.NULL, 0)
                .enhancedPacket(0, 4, Frames.NULL_IPV6_TCP);
        byte[][] captures = {ng.bytes(),
                CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, CaptureBytes.MAGIC_NANOS, 65535, LinkType.ETHERNET)
                        .record(1, 2, Frames.ETHERNET_IPV4_MODBUS).record(3, 4, Frames.ETHERNET_VLAN_IPV4_UDP)
                        .record(5, 6, Frames.ETHERNET_IPV4_MODBUS).bytes()};
        Random random = new Random(0x4E47L);
        PacketDecoder decoder = new PacketDecoder();
        Packet p = new Packet();
        for (int i = 0; i < 50_000; i++) {
            byte[] capture = captures[i % captures.length].clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                capture[random.nextInt(capture.length)] = (byte) (random.nextBoolean()
                        ? EDGES[random.nextInt(EDGES.length)] : random.nextInt(256));
            }
            CaptureReader reader;
            try {
                reader = CaptureFiles.open(MemorySegment.ofArray(capture), "damaged");
            } catch (CaptureFormatException e) {
                continue;   // the damage hit the file header: a one-line refusal is the right answer
            }
            try (reader) {
                long n = 0;
                while (reader.next(p)) {
                    n++;
                    assertThat(p.frameOffset() + p.capturedLength()).isLessThanOrEqualTo(capture.length);
                    decoder.decode(p);
                }
                assertThat(reader.packetsRead()).isEqualTo(n);
            }
        }
    }
}
