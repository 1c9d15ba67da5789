package io.statewall.link.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one frame's body from a length-bounded slice: every read is checked
 * against the slice's end, so a lying length inside a frame cannot read past it (big-endian,
 * like the frame header).
 */
public final class WireReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    public WireReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }

    public byte[] array() {
        return buf;
    }

    private void need(int n, String field) throws ProtocolException {
        if (n < 0 || end - pos < n) {
            throw new ProtocolException("frame ends inside " + field);
        }
    }

    public int u8(String field) throws ProtocolException {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    public int u16(String field) throws ProtocolException {
        need(2, field);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    /** An unsigned 32-bit field, as a long. */
    public long u32(String field) throws ProtocolException {
        need(4, field);
        long v = ((long) (buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long i64(String field) throws ProtocolException {
        need(8, field);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    /** A u32 length then that many bytes, at most {@code max}. */
    public byte[] bytes(String field, int max) throws ProtocolException {
        long n = u32(field + " length");
        if (n > max) {
            throw new ProtocolException(field + " is " + n + " bytes, more than " + max);
        }
        need((int) n, field);
        byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    /**
     * A u32 length then that many bytes of UTF-8, at most {@code max}; the length 0xFFFFFFFF is
     * null when {@code nullable}. Malformed UTF-8 is a protocol error, not a replacement character.
     */
    public String string(String field, int max, boolean nullable) throws ProtocolException {
        long n = u32(field + " length");
        if (n == Wire.NULL_LENGTH) {
            if (nullable) {
                return null;
            }
            throw new ProtocolException(field + " is required");
        }
        if (n > max) {
            throw new ProtocolException(field + " is " + n + " bytes, more than " + max);
        }
        need((int) n, field);
        String s = utf8(buf, pos, (int) n, field);
        pos += (int) n;
        return s;
    }

    /** Skips {@code n} bytes (already checked by the caller's own reading). */
    public void skip(int n, String field) throws ProtocolException {
        need(n, field);
        pos += n;
    }

    /** The body must be used up exactly: trailing bytes mean the peer and we disagree on the format. */
    public void end(String frame) throws ProtocolException {
        if (pos != end) {
            throw new ProtocolException(frame + " frame has " + (end - pos) + " bytes after its last field");
        }
    }

    static String utf8(byte[] b, int off, int len, String field) throws ProtocolException {
        // Fast path: ASCII, which EVE lines almost always are.
        boolean ascii = true;
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer c = d.decode(ByteBuffer.wrap(b, off, len));
            return c.toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(field + " is not valid UTF-8");
        }
    }
}
