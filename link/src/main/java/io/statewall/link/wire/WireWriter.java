package io.statewall.link.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds frames in a reused, growing buffer: {@link #begin} reserves the length and writes the
 * type, the body's fields follow, {@link #finish} fills in the length. Big-endian throughout.
 */
public final class WireWriter {
    private byte[] buf;
    private int size;
    private int frameStart = -1;

    public WireWriter(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    /** Starts a frame of {@code type}; the length is written by {@link #finish}. */
    public WireWriter begin(int type) {
        if (frameStart >= 0) {
            throw new IllegalStateException("a frame is already open");
        }
        frameStart = size;
        ensure(5);
        size += 4;
        buf[size++] = (byte) type;
        return this;
    }

    /** Closes the open frame: its length (type byte and body) goes into the reserved four bytes. */
    public WireWriter finish() {
        int length = size - frameStart - 4;
        putInt(frameStart, length);
        frameStart = -1;
        return this;
    }

    /** Bytes of the open frame so far, header included (to cut batches to size). */
    public int frameSize() {
        return frameStart < 0 ? 0 : size - frameStart;
    }

    public WireWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public WireWriter u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public WireWriter u32(long v) {
        ensure(4);
        putInt(size, (int) v);
        size += 4;
        return this;
    }

    public WireWriter i64(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[size + i] = (byte) v;
            v >>>= 8;
        }
        size += 8;
        return this;
    }

    public WireWriter raw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    public WireWriter bytes(byte[] b) {
        u32(b.length);
        return raw(b, 0, b.length);
    }

    /** A u32 length and the UTF-8 bytes; null is the length 0xFFFFFFFF. */
    public WireWriter string(String s) {
        if (s == null) {
            return u32(Wire.NULL_LENGTH);
        }
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Position of the next byte, to patch a field later with {@link #putInt}. */
    public int size() {
        return size;
    }

    public void putInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /** Drops everything written after {@code at} (a record that did not fit the batch). */
    public void truncate(int at) {
        size = at;
    }

    public byte[] array() {
        return buf;
    }

    /** Writes every finished frame to {@code out} and empties the buffer. */
    public void writeTo(OutputStream out) throws IOException {
        if (frameStart >= 0) {
            throw new IllegalStateException("a frame is still open");
        }
        out.write(buf, 0, size);
        size = 0;
    }

    public void clear() {
        size = 0;
        frameStart = -1;
    }
}
