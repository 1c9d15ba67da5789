package io.statewall.capture.write;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes a classic libpcap file (draft-ietf-opsawg-pcap §4, §5) of Ethernet frames with
 * nanosecond timestamps, through one reused buffer: a packet costs two copies and no
 * allocation. Bytes reach the channel when the buffer fills, on {@link #flush()} and on
 * {@link #close()}.
 *
 * <pre>
 * File Header (§4), 24 bytes, little-endian like every field of this file
 *  off len field
 *    0   4 magic 0xA1B23C4D: nanosecond timestamps (on disk 4d 3c b2 a1: little-endian)
 *    4   2 major version 2
 *    6   2 minor version 4
 *    8   4 reserved1 (once thiszone) 0
 *   12   4 reserved2 (once sigfigs) 0
 *   16   4 SnapLen 262144 (libpcap's MAXIMUM_SNAPLEN)
 *   20   4 LinkType 1 (LINKTYPE_ETHERNET), no FCS announced (bits 31..26 zero)
 *
 * Packet Record (§5), 16 bytes, then the captured bytes, no padding
 *    0   4 timestamp, seconds since 1970-01-01 00:00:00 UTC (unsigned: up to 2106)
 *    4   4 timestamp, nanoseconds within the second
 *    8   4 captured packet length: the frame, cut at the SnapLen
 *   12   4 original packet length: the frame
 * </pre>
 *
 * <p>Not thread-safe. After an {@link IOException} the file's content is undefined: close it.
 */
public final class PcapWriter implements AutoCloseable {
    public static final int FILE_HEADER_BYTES = 24;
    public static final int RECORD_HEADER_BYTES = 16;
    public static final int SNAPLEN = 262_144;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int DEFAULT_BUFFER_BYTES = 1 << 20;
    /** Room for one record of a full SnapLen. */
    public static final int MIN_BUFFER_BYTES = RECORD_HEADER_BYTES + SNAPLEN;
    /** The last instant a record can hold (the seconds field is unsigned 32-bit): early 2106. */
    public static final long MAX_EPOCH_NANOS = 0xFFFF_FFFFL * 1_000_000_000L + 999_999_999L;

    private static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final WritableByteChannel channel;
    private final MemorySegment out;
    private final ByteBuffer view;
    private int position;
    private long packets;
    private long frameBytes;
    private long flushedBytes;
    private boolean closed;

    /** Creates or replaces {@code file}. */
    public static PcapWriter create(Path file) throws IOException {
        return new PcapWriter(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE));
    }

    /** Writes to {@code channel}, which must be blocking; the writer owns it and closes it. */
    public PcapWriter(WritableByteChannel channel) {
        this(channel, DEFAULT_BUFFER_BYTES);
    }

    /**
     * @param bufferBytes at least {@link #MIN_BUFFER_BYTES}
     */
    public PcapWriter(WritableByteChannel channel, int bufferBytes) {
        this.channel = Objects.requireNonNull(channel, "channel");
        if (bufferBytes < MIN_BUFFER_BYTES) {
            throw new IllegalArgumentException("buffer of " + bufferBytes + " bytes is below " + MIN_BUFFER_BYTES);
        }
        byte[] buffer = new byte[bufferBytes];
        out = MemorySegment.ofArray(buffer);
        view = ByteBuffer.wrap(buffer);
        out.set(Layouts.LE32, 0, MAGIC_NANOSECONDS);
        out.set(Layouts.LE16, 4, (short) 2);
        out.set(Layouts.LE16, 6, (short) 4);
        out.set(Layouts.LE32, 8, 0);
        out.set(Layouts.LE32, 12, 0);
        out.set(Layouts.LE32, 16, SNAPLEN);
        out.set(Layouts.LE32, 20, LINKTYPE_ETHERNET);
        position = FILE_HEADER_BYTES;
    }

    /**
     * Appends one frame. A frame longer than {@link #SNAPLEN} is cut there, its original length
     * kept, as a capture would.
     *
     * @param epochNanos capture time, nanoseconds since the Unix epoch, 0..{@code 2^32} s
     * @throws IllegalArgumentException  when the time cannot be written or the length is negative
     * @throws IndexOutOfBoundsException when the frame lies outside {@code frame}
     * @throws ClosedChannelException    after {@link #close()}
     */
    public void write(long epochNanos, MemorySegment frame, long offset, int length) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (epochNanos < 0 || epochNanos > MAX_EPOCH_NANOS) {
            throw new IllegalArgumentException("timestamp outside 1970..2106: " + epochNanos + " ns");
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative frame length " + length);
        }
        int captured = Math.min(length, SNAPLEN);
        Objects.checkFromIndexSize(offset, captured, frame.byteSize());
        if (position + RECORD_HEADER_BYTES + captured > out.byteSize()) {
            drain();
        }
        int p = position;
        out.set(Layouts.LE32, p, (int) (epochNanos / NANOS_PER_SECOND));
        out.set(Layouts.LE32, p + 4, (int) (epochNanos % NANOS_PER_SECOND));
        out.set(Layouts.LE32, p + 8, captured);
        out.set(Layouts.LE32, p + 12, length);
        MemorySegment.copy(frame, offset, out, p + RECORD_HEADER_BYTES, captured);
        position = p + RECORD_HEADER_BYTES + captured;
        packets++;
        frameBytes += length;
    }

    /** Hands everything written so far to the channel (it does not force it to storage). */
    public void flush() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        drain();
    }

    private void drain() throws IOException {
        view.clear().limit(position);
        while (view.hasRemaining()) {
            channel.write(view);
        }
        flushedBytes += position;
        position = 0;
    }

    /** Records written. */
    public long packets() {
        return packets;
    }

    /** Sum of the frames' original lengths: what crossed the wire, without capture headers. */
    public long frameBytes() {
        return frameBytes;
    }

    /** Bytes of the file so far, buffered ones included: its size once flushed. */
    public long fileBytes() {
        return flushedBytes + position;
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Flushes and closes the channel; closing again does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            drain();
        } finally {
            channel.close();
        }
    }
}
