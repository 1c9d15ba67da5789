package io.statewall.capture;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Classic libpcap files (IETF draft-ietf-opsawg-pcap, "PCAP Capture File Format"). Every
 * field is in the writer's byte order, which the magic tells.
 *
 * <pre>
 * File Header (§4), 24 bytes
 *  off len field
 *    0  4  magic              a1b2c3d4 µs, a1b23c4d ns, a1b2cd34 Kuznetzov µs
 *    4  2  major version      2
 *    6  2  minor version      4
 *    8  4  reserved1          once "thiszone"; readers must ignore it
 *   12  4  reserved2          once "sigfigs"; ignored
 *   16  4  SnapLen
 *   20  4  LinkType and additional information:
 *          bits 31-28 FCS len (16-bit words), bit 27 R, bit 26 P (FCS len present),
 *          bits 25-16 reserved, bits 15-0 LinkType
 *
 * Packet Record (§5), 16 bytes + data (24 in Kuznetzov's variant: + ifindex 4, protocol 2,
 * pkt_type 1, pad 1, all ignored)
 *    0  4  timestamp seconds (unsigned)
 *    4  4  timestamp microseconds or nanoseconds
 *    8  4  captured packet length
 *   12  4  original packet length
 *   16  …  packet data, captured length bytes, no padding
 * </pre>
 *
 * <p>A record whose captured length runs past the end of the file, or exceeds both the
 * SnapLen and libpcap's 256 KiB ceiling, cannot be trusted, and neither can anything after
 * it: the walk stops there and the reader reports {@link #truncated()}. (libpcap and
 * Wireshark both still read a record a little longer than the SnapLen; so do we.)
 */
final class PcapReader implements CaptureReader {
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int MAGIC_KUZNETZOV = 0xA1B2CD34;
    static final int FILE_HEADER_LENGTH = 24;
    /** libpcap's MAXIMUM_SNAPLEN: the most any record may hold whatever the SnapLen says. */
    static final int MAXIMUM_SNAPLEN = 262_144;

    private static final int FCS_PRESENT = 0x0400_0000;
    private static final long U32 = 0xFFFF_FFFFL;

    private final MemorySegment data;
    private final Arena owner;
    private final boolean swapped;
    private final int recordHeaderLength;
    private final long fractionToNanos;
    private final long maxCapturedLength;
    private final int linkType;
    private final int fcsBytes;
    private long limit;
    private long position = FILE_HEADER_LENGTH;
    private long packets;
    private boolean truncated;

    private PcapReader(MemorySegment data, Arena owner, boolean swapped, int recordHeaderLength,
                       long fractionToNanos, long snapLen, int linkTypeField) {
        this.data = data;
        this.owner = owner;
        this.limit = data.byteSize();
        this.swapped = swapped;
        this.recordHeaderLength = recordHeaderLength;
        this.fractionToNanos = fractionToNanos;
        this.maxCapturedLength = Math.max(snapLen, MAXIMUM_SNAPLEN);
        this.linkType = linkTypeField & 0xFFFF;
        this.fcsBytes = (linkTypeField & FCS_PRESENT) != 0 ? (linkTypeField >>> 28) * 2 : 0;
    }

    static boolean isMagic(int bigEndianMagic) {
        int m = bigEndianMagic;
        int r = Integer.reverseBytes(m);
        return m == MAGIC_MICROS || m == MAGIC_NANOS || m == MAGIC_KUZNETZOV
                || r == MAGIC_MICROS || r == MAGIC_NANOS || r == MAGIC_KUZNETZOV;
    }

    static PcapReader open(MemorySegment data, String name, Arena owner, int bigEndianMagic)
            throws CaptureFormatException {
        if (data.byteSize() < FILE_HEADER_LENGTH) {
            throw new CaptureFormatException(name,
                    "pcap file header truncated (" + data.byteSize() + " of " + FILE_HEADER_LENGTH + " bytes)");
        }
        // Read little-endian throughout: the magic then reads as the constant when the file is LE.
        int leMagic = Integer.reverseBytes(bigEndianMagic);
        boolean swapped = !(leMagic == MAGIC_MICROS || leMagic == MAGIC_NANOS || leMagic == MAGIC_KUZNETZOV);
        int magic = swapped ? bigEndianMagic : leMagic;
        int snapLen = get32(data, 16, swapped);
        int linkTypeField = get32(data, 20, swapped);
        return new PcapReader(data, owner, swapped,
                magic == MAGIC_KUZNETZOV ? 24 : 16,
                magic == MAGIC_NANOS ? 1 : 1_000,
                Math.min(snapLen & U32, Integer.MAX_VALUE),
                linkTypeField);
    }

    private static int get32(MemorySegment data, long offset, boolean swapped) {
        int v = data.get(ByteLayouts.LE32, offset);
        return swapped ? Integer.reverseBytes(v) : v;
    }

    @Override
    public boolean next(Packet p) {
        long at = position;
        long room = limit - at - recordHeaderLength;
        if (room < 0) {
            truncated |= at < limit;
            position = limit;
            return false;
        }
        long seconds = get32(data, at, swapped) & U32;
        long fraction = get32(data, at + 4, swapped) & U32;
        long captured = get32(data, at + 8, swapped) & U32;
        long original = get32(data, at + 12, swapped) & U32;
        if (captured > room || captured > maxCapturedLength) {
            truncated = true;
            position = limit;
            return false;
        }
        int kept = (int) captured;
        if (fcsBytes != 0) {
            // The FCS trails the original frame: drop it only where it was actually captured.
            kept = (int) Math.min(captured, Math.max(0, original - fcsBytes));
        }
        long frame = at + recordHeaderLength;
        position = frame + captured;
        p.setFrame(data, frame, kept, (int) Math.min(original, Integer.MAX_VALUE), seconds * ByteLayouts.NANOS_PER_SECOND + fraction * fractionToNanos,
                0, linkType, ++packets);
        return true;
    }

    @Override public boolean truncated() { return truncated; }
    @Override public long packetsRead() { return packets; }
    @Override public String format() { return "pcap"; }

    @Override
    public void close() {
        limit = position;
        if (owner != null && owner.scope().isAlive()) {
            owner.close();
        }
    }
}
