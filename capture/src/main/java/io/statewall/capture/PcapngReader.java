package io.statewall.capture;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * pcapng files (IETF draft-ietf-opsawg-pcapng, "PCAP Next Generation (pcapng) Capture File
 * Format"). The file is a run of blocks; each section starts with a Section Header Block
 * whose byte-order magic sets the byte order of every block up to the next section.
 *
 * <pre>
 * General Block Structure (§3.1)
 *  off len field
 *    0  4  Block Type
 *    4  4  Block Total Length (multiple of 4, at least 12, header and trailer included)
 *    8  …  Block Body
 *   -4  4  Block Total Length again
 *
 * Section Header Block, type 0x0A0D0D0A (§4.1)    Interface Description Block, type 1 (§4.2)
 *    8  4  Byte-Order Magic 0x1A2B3C4D               8  2  LinkType
 *   12  2  Major Version (1)                        10  2  reserved
 *   14  2  Minor Version                            12  4  SnapLen (0 = unlimited)
 *   16  8  Section Length (not trusted)             16  …  options: if_tsresol (9),
 *   24  …  options                                           if_fcslen (13), if_tsoffset (14)
 *
 * Enhanced Packet Block, type 6 (§4.3)            Packet Block, type 2 (obsolete; appendix)
 *    8  4  Interface ID                              8  2  Interface ID
 *   12  4  Timestamp (upper 32 bits)                10  2  Drops Count
 *   16  4  Timestamp (lower 32 bits)                12  8  Timestamp (upper, lower)
 *   20  4  Captured Packet Length                   20  4  Captured Packet Length
 *   24  4  Original Packet Length                   24  4  Original Packet Length
 *   28  …  Packet Data, padded to 4; options        28  …  Packet Data, padded; options
 *
 * Simple Packet Block, type 3 (§4.4): interface 0, no timestamp
 *    8  4  Original Packet Length
 *   12  …  Packet Data: min(Original Packet Length, SnapLen, what the block holds)
 *
 * Options (§3.5): Option Code 2, Option Length 2, value padded to 4; code 0 ends the list.
 * </pre>
 *
 * <p>Every other block type (Name Resolution, Interface Statistics, Decryption Secrets,
 * custom …) is skipped by its length. A block length that is too small, not a multiple of
 * 4, past the end of the file or different in the trailer, a packet longer than its block,
 * or a section of an unknown major version ends the walk: the reader reports
 * {@link #truncated()}. A packet naming an interface that was never described is still
 * returned, with {@link LinkType#UNKNOWN}, so that frame numbers stay those of other tools.
 */
final class PcapngReader implements CaptureReader {
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int OPB = 2;
    static final int SPB = 3;
    static final int EPB = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    private static final int SHB_MIN_LENGTH = 28;
    private static final int IDB_MIN_LENGTH = 20;
    private static final int EPB_MIN_LENGTH = 32;
    private static final int SPB_MIN_LENGTH = 16;
    private static final int OPT_ENDOFOPT = 0;
    private static final int IF_TSRESOL = 9;
    private static final int IF_FCSLEN = 13;
    private static final int IF_TSOFFSET = 14;
    private static final long U32 = 0xFFFF_FFFFL;

    private final MemorySegment data;
    private final Arena owner;
    private final PcapngInterfaces interfaces = new PcapngInterfaces();
    private boolean swapped;
    private long limit;
    private long position;
    private long packets;
    private long lastTimestamp;
    private boolean truncated;

    private PcapngReader(MemorySegment data, Arena owner) {
        this.data = data;
        this.owner = owner;
        this.limit = data.byteSize();
    }

    /** Checks the first Section Header Block, which is what makes the bytes a pcapng file. */
    static PcapngReader open(MemorySegment data, String name, Arena owner) throws CaptureFormatException {
        long size = data.byteSize();
        if (size < SHB_MIN_LENGTH) {
            throw new CaptureFormatException(name,
                    "pcapng section header truncated (" + size + " of " + SHB_MIN_LENGTH + " bytes)");
        }
        int magic = data.get(ByteLayouts.LE32, 8);
        if (magic != BYTE_ORDER_MAGIC && Integer.reverseBytes(magic) != BYTE_ORDER_MAGIC) {
            throw new CaptureFormatException(name,
                    String.format("pcapng section header has a bad byte-order magic (0x%08x)", magic));
        }
        boolean swapped = magic != BYTE_ORDER_MAGIC;
        long length = get32(data, 4, swapped) & U32;
        if (length < SHB_MIN_LENGTH || (length & 3) != 0) {
            throw new CaptureFormatException(name, "pcapng section header has a bad block length (" + length + ")");
        }
        if (length > size) {
            throw new CaptureFormatException(name,
                    "pcapng section header truncated (" + size + " of " + length + " bytes)");
        }
        int major = get16(data, 12, swapped);
        if (major != 1) {
            throw new CaptureFormatException(name,
                    "unsupported pcapng version " + major + "." + get16(data, 14, swapped));
        }
        return new PcapngReader(data, owner);
    }

    private static int get32(MemorySegment data, long offset, boolean swapped) {
        int v = data.get(ByteLayouts.LE32, offset);
        return swapped ? Integer.reverseBytes(v) : v;
    }

    private static int get16(MemorySegment data, long offset, boolean swapped) {
        short v = data.get(ByteLayouts.LE16, offset);
        return (swapped ? Short.reverseBytes(v) : v) & 0xFFFF;
    }

    private int u32(long offset) { return get32(data, offset, swapped); }

    @Override
    public boolean next(Packet p) {
        while (true) {
            long at = position;
            long room = limit - at;
            if (room < 12) {
                truncated |= room > 0;
                position = limit;
                return false;
            }
            int type = u32(at);
            if (type == SHB && !readByteOrder(at)) {
                return stop();
            }
            long length = u32(at + 4) & U32;
            if (length < 12 || (length & 3) != 0 || length > room || u32(at + length - 4) != (int) length) {
                return stop();
            }
            position = at + length;
            switch (type) {
                case EPB, OPB -> {
                    return packetBlock(p, at, length, type == EPB) || stop();
                }
                case SPB -> {
                    return simplePacketBlock(p, at, length) || stop();
                }
                case IDB -> {
                    if (!interfaceDescription(at, length)) {
                        return stop();
                    }
                }
                case SHB -> {
                    if (!sectionHeader(at, length)) {
                        return stop();
                    }
                }
                default -> { } // not ours: skipped by its length
            }
        }
    }

    private boolean stop() {
        truncated = true;
        position = limit;
        return false;
    }

    /** A Section Header Block sets the byte order of everything up to the next one. */
    private boolean readByteOrder(long at) {
        int magic = data.get(ByteLayouts.LE32, at + 8);
        if (magic == BYTE_ORDER_MAGIC) {
            swapped = false;
            return true;
        }
        if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            swapped = true;
            return true;
        }
        return false;
    }

    private boolean sectionHeader(long at, long length) {
        if (length < SHB_MIN_LENGTH || get16(data, at + 12, swapped) != 1) {
            return false;
        }
        interfaces.newSection();
        return true;
    }

    private boolean interfaceDescription(long at, long length) {
        if (length < IDB_MIN_LENGTH) {
            return false;
        }
        int linkType = get16(data, at + 8, swapped);
        int snapLen = (int) Math.min(u32(at + 12) & U32, Integer.MAX_VALUE);
        int tsresol = PcapngTimestamps.DEFAULT_TSRESOL;
        long tsOffset = 0;
        int fcsBytes = 0;
        long option = at + 16;
        long end = at + length - 4;
        // A damaged option list only costs us the options: the interface itself is still good.
        while (end - option >= 4) {
            int code = get16(data, option, swapped);
            int optionLength = get16(data, option + 2, swapped);
            long value = option + 4;
            if (code == OPT_ENDOFOPT || optionLength > end - value) {
                break;
            }
            if (code == IF_TSRESOL && optionLength >= 1) {
                tsresol = data.get(ByteLayouts.U8, value) & 0xFF;
            } else if (code == IF_TSOFFSET && optionLength >= 8) {
                long v = data.get(ByteLayouts.LE64, value);
                tsOffset = swapped ? Long.reverseBytes(v) : v;
            } else if (code == IF_FCSLEN && optionLength >= 1) {
                fcsBytes = fcsBytes(data.get(ByteLayouts.U8, value) & 0xFF);
            }
            option = value + ((optionLength + 3) & ~3);
        }
        interfaces.add(linkType, snapLen, tsresol, tsOffset, fcsBytes);
        return true;
    }

    /**
     * The draft gives if_fcslen in bits, Wireshark reads it in bytes, and writers are rare
     * enough that both may be met. Real FCSs are 2 or 4 bytes: 16 or more can only be bits.
     */
    private static int fcsBytes(int value) {
        return value >= 16 ? value / 8 : value;
    }

    private boolean packetBlock(Packet p, long at, long length, boolean enhanced) {
        if (length < EPB_MIN_LENGTH) {
            return false;
        }
        long id = enhanced ? u32(at + 8) & U32 : get16(data, at + 8, swapped);
        long units = ((u32(at + 12) & U32) << 32) | (u32(at + 16) & U32);
        long captured = u32(at + 20) & U32;
        long original = u32(at + 24) & U32;
        if (captured > length - EPB_MIN_LENGTH || captured > Integer.MAX_VALUE) {
            return false;
        }
        long frame = at + 28;
        if (!interfaces.known(id)) {
            lastTimestamp = PcapngTimestamps.toNanos(units, PcapngTimestamps.DEFAULT_TSRESOL);
            p.setFrame(data, frame, (int) captured, clamp(original), lastTimestamp, -1, LinkType.UNKNOWN, ++packets);
            return true;
        }
        int i = (int) id;
        lastTimestamp = interfaces.toNanos(i, units);
        p.setFrame(data, frame, withoutFcs(i, captured, original), clamp(original), lastTimestamp,
                interfaces.globalId(i), interfaces.linkType(i), ++packets);
        return true;
    }

    private boolean simplePacketBlock(Packet p, long at, long length) {
        if (length < SPB_MIN_LENGTH) {
            return false;
        }
        long original = u32(at + 8) & U32;
        long captured = Math.min(Math.min(original, length - SPB_MIN_LENGTH), Integer.MAX_VALUE);
        long frame = at + 12;
        if (!interfaces.known(0)) {
            p.setFrame(data, frame, (int) captured, clamp(original), lastTimestamp, -1, LinkType.UNKNOWN, ++packets);
            return true;
        }
        int snapLen = interfaces.snapLen(0);
        if (snapLen != 0) {
            captured = Math.min(captured, snapLen);
        }
        p.setFrame(data, frame, withoutFcs(0, captured, original), clamp(original), lastTimestamp,
                interfaces.globalId(0), interfaces.linkType(0), ++packets);
        return true;
    }

    /** The FCS trails the original frame: drop it only where it was actually captured. */
    private int withoutFcs(int id, long captured, long original) {
        int fcs = interfaces.fcsBytes(id);
        return (int) (fcs == 0 ? captured : Math.min(captured, Math.max(0, original - fcs)));
    }

    private static int clamp(long unsigned32) {
        return (int) Math.min(unsigned32, Integer.MAX_VALUE);
    }

    @Override public boolean truncated() { return truncated; }
    @Override public long packetsRead() { return packets; }
    @Override public String format() { return "pcapng"; }

    @Override
    public void close() {
        limit = position;
        if (owner != null && owner.scope().isAlive()) {
            owner.close();
        }
    }
}
