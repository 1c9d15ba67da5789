package io.statewall.benchmarks.workload;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams a classic libpcap file (draft-ietf-opsawg-pcap §4, §5) through one large buffer.
 *
 * <pre>
 * File header (24 bytes, written little-endian)
 *  off len field
 *    0   4 magic 0xA1B2C3D4: microsecond timestamps, byte order of this file
 *    4   2 major version 2
 *    6   2 minor version 4
 *    8   4 reserved (was thiszone) 0
 *   12   4 reserved (was sigfigs) 0
 *   16   4 SnapLen 65535
 *   20   4 LinkType 1 (LINKTYPE_ETHERNET)
 * Packet record header (16 bytes, little-endian), then the frame
 *    0   4 timestamp, seconds since 1970-01-01 UTC
 *    4   4 timestamp, microseconds within the second
 *    8   4 captured length
 *   12   4 original length (equal: nothing is snapped)
 * </pre>
 */
final class PcapFileWriter implements AutoCloseable {
    static final int FILE_HEADER_BYTES = 24;
    static final int RECORD_HEADER_BYTES = 16;
    static final int SNAPLEN = 65_535;
    private static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;
    private static final int LINKTYPE_ETHERNET = 1;

    private final FileChannel channel;
    private final byte[] buffer;
    private final MemorySegment out;
    private int position;
    private long packets;
    private long frameBytes;
    private long fileBytes;

    PcapFileWriter(Path path, int bufferBytes) throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        buffer = new byte[bufferBytes];
        out = MemorySegment.ofArray(buffer);
        out.set(Layouts.LE32, 0, MAGIC_MICROSECONDS);
        out.set(Layouts.LE16, 4, (short) 2);
        out.set(Layouts.LE16, 6, (short) 4);
        out.set(Layouts.LE32, 8, 0);
        out.set(Layouts.LE32, 12, 0);
        out.set(Layouts.LE32, 16, SNAPLEN);
        out.set(Layouts.LE32, 20, LINKTYPE_ETHERNET);
        position = FILE_HEADER_BYTES;
    }

    void append(long timestampMicros, MemorySegment frame, long offset, int length) throws IOException {
        if (length > SNAPLEN) {
            throw new IllegalArgumentException("frame of " + length + " bytes exceeds the snap length");
        }
        if (position + RECORD_HEADER_BYTES + length > buffer.length) {
            flush();
        }
        int p = position;
        out.set(Layouts.LE32, p, (int) (timestampMicros / 1_000_000L));
        out.set(Layouts.LE32, p + 4, (int) (timestampMicros % 1_000_000L));
        out.set(Layouts.LE32, p + 8, length);
        out.set(Layouts.LE32, p + 12, length);
        MemorySegment.copy(frame, offset, out, p + RECORD_HEADER_BYTES, length);
        position = p + RECORD_HEADER_BYTES + length;
        packets++;
        frameBytes += length;
    }

    long packets() {
        return packets;
    }

    /** Sum of the frame lengths (what crossed the wire, without capture headers). */
    long frameBytes() {
        return frameBytes;
    }

    /** Size of the file once closed. */
    long fileBytes() {
        return fileBytes + position;
    }

    private void flush() throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buffer, 0, position);
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
        fileBytes += position;
        position = 0;
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
