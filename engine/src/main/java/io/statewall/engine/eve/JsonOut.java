package io.statewall.engine.eve;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * An append-only JSON writer into a reusable byte buffer, for EVE lines.
 *
 * <p>EVE output runs once per transaction, up to a million times a second, so this writes
 * bytes directly: keys are pre-encoded by the caller ({@link #key(String)} makes them once),
 * numbers are formatted without strings, and nothing is allocated per record. Commas are
 * placed automatically: one bit per nesting level says whether the next member is the first.
 */
public final class JsonOut {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** "00" … "99": numbers are written two digits at a time. */
    private static final byte[] DIGIT_PAIRS = new byte[200];

    /**
     * The decimal digits of 0 … 65535 packed into a long each (first digit in the low byte) and
     * their count: register values, ports, unit ids and counters are written with one 8-byte
     * store. 576 KiB, made once.
     */
    private static final int SMALL = 65_536;
    private static final long[] SMALL_DIGITS = new long[SMALL];
    private static final byte[] SMALL_LENGTH = new byte[SMALL];
    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        for (int v = 0; v < SMALL; v++) {
            String text = Integer.toString(v);
            long packed = 0;
            for (int i = text.length() - 1; i >= 0; i--) {
                packed = packed << 8 | text.charAt(i);
            }
            SMALL_DIGITS[v] = packed;
            SMALL_LENGTH[v] = (byte) text.length();
        }
    }
    private static final int MAX_DEPTH = 62;

    private byte[] buf;
    private int pos;
    /** Bit n set: the object/array at depth n has no member yet. */
    private long firstAtDepth;
    private int depth;

    public JsonOut(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** A key pre-encoded as {@code "name":}, to be passed to {@link #name(byte[])}. */
    public static byte[] key(String name) {
        byte[] quoted = quoted(name);
        byte[] key = java.util.Arrays.copyOf(quoted, quoted.length + 1);
        key[quoted.length] = ':';
        return key;
    }

    public int size() {
        return pos;
    }

    public void reset() {
        pos = 0;
        depth = 0;
        firstAtDepth = 0;
    }

    /** Writes the buffered bytes and empties the buffer. */
    public void drainTo(OutputStream out) throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    public byte[] array() {
        return buf;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            byte[] grown = new byte[Math.max(buf.length * 2, pos + more)];
            System.arraycopy(buf, 0, grown, 0, pos);
            buf = grown;
        }
    }

    private void separator() {
        long bit = 1L << depth;
        if ((firstAtDepth & bit) != 0) {
            firstAtDepth &= ~bit;
        } else if (depth > 0) {
            buf[pos++] = ',';
        }
    }

    private void open(byte bracket) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalStateException("JSON nesting deeper than " + MAX_DEPTH);
        }
        buf[pos++] = bracket;
        depth++;
        firstAtDepth |= 1L << depth;
    }

    private void close(byte bracket) {
        ensure(1);
        buf[pos++] = bracket;
        firstAtDepth &= ~(1L << depth);
        depth--;
    }

    public JsonOut beginObject() {
        ensure(2);
        separator();
        open((byte) '{');
        return this;
    }

    public JsonOut endObject() {
        close((byte) '}');
        return this;
    }

    public JsonOut beginArray() {
        ensure(2);
        separator();
        open((byte) '[');
        return this;
    }

    public JsonOut endArray() {
        close((byte) ']');
        return this;
    }

    /** Starts a member: writes the separator and the pre-encoded {@code "name":}. */
    public JsonOut name(byte[] encodedKey) {
        ensure(encodedKey.length + 1);
        separator();
        System.arraycopy(encodedKey, 0, buf, pos, encodedKey.length);
        pos += encodedKey.length;
        // The value that follows must not add another separator.
        firstAtDepth |= 1L << depth;
        return this;
    }

    public JsonOut newline() {
        ensure(1);
        buf[pos++] = '\n';
        return this;
    }

    public JsonOut value(long v) {
        ensure(20);
        separator();
        writeLong(v);
        return this;
    }

    public JsonOut value(boolean v) {
        ensure(5);
        separator();
        rawAscii(v ? "true" : "false");
        return this;
    }

    public JsonOut nullValue() {
        ensure(4);
        separator();
        rawAscii("null");
        return this;
    }

    /** A finite double with up to 3 decimals (rates and durations for humans). */
    public JsonOut value(double v) {
        if (!Double.isFinite(v)) {
            return nullValue();
        }
        ensure(32);
        separator();
        long scaled = Math.round(v * 1000.0);
        if (scaled < 0) {
            buf[pos++] = '-';
            scaled = -scaled;
        }
        writeLong(scaled / 1000);
        long frac = scaled % 1000;
        if (frac != 0) {
            buf[pos++] = '.';
            buf[pos++] = (byte) ('0' + frac / 100);
            if (frac % 100 != 0) {
                buf[pos++] = (byte) ('0' + frac / 10 % 10);
                if (frac % 10 != 0) {
                    buf[pos++] = (byte) ('0' + frac % 10);
                }
            }
        }
        return this;
    }

    /** A pre-encoded string value including its quotes (see {@link #quoted(String)}). */
    public JsonOut value(byte[] quotedValue) {
        ensure(quotedValue.length + 1);
        separator();
        System.arraycopy(quotedValue, 0, buf, pos, quotedValue.length);
        pos += quotedValue.length;
        return this;
    }

    /** Pre-encodes a constant string value, quotes and escapes included. */
    public static byte[] quoted(String s) {
        JsonOut tmp = new JsonOut(s.length() * 2 + 8);
        tmp.value(s);
        byte[] out = new byte[tmp.pos];
        System.arraycopy(tmp.buf, 0, out, 0, tmp.pos);
        return out;
    }

    /** A string value, escaped per RFC 8259. */
    public JsonOut value(String s) {
        if (s == null) {
            return nullValue();
        }
        ensure(s.length() * 6 + 3);
        separator();
        buf[pos++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                escapeAscii(c);
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[pos++] = (byte) (0xF0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(0xFFFD);
            } else {
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        buf[pos++] = '"';
        return this;
    }

    /**
     * Bytes from the wire as a string: printable ASCII as is, everything else escaped, so
     * device names from FC 17/43 stay readable and the line stays valid JSON and UTF-8.
     */
    public JsonOut valueLatin1(MemorySegment seg, long offset, int length) {
        ensure(length * 6 + 3);
        separator();
        buf[pos++] = '"';
        for (int i = 0; i < length; i++) {
            int b = seg.get(ValueLayout.JAVA_BYTE, offset + i) & 0xFF;
            if (b < 0x80) {
                escapeAscii((char) b);
            } else {
                unicodeEscape(b);
            }
        }
        buf[pos++] = '"';
        return this;
    }

    /** Bytes from the wire as lower-case hex, two digits a byte. */
    public JsonOut valueHex(MemorySegment seg, long offset, int length) {
        ensure(length * 3 + 3);
        separator();
        buf[pos++] = '"';
        // One bounds-checked bulk copy to the tail of the buffer, then encode forwards in place:
        // byte i sits at tail + i and its hex digits go to pos + 2i, never ahead of what is read.
        int tail = pos + length;
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, buf, tail, length);
        for (int i = 0; i < length; i++) {
            int b = buf[tail + i] & 0xFF;
            buf[pos + 2 * i] = HEX[b >>> 4];
            buf[pos + 2 * i + 1] = HEX[b & 0xF];
        }
        pos += 2 * length;
        buf[pos++] = '"';
        return this;
    }

    /**
     * A JSON array of {@code count} big-endian unsigned 16-bit numbers read from {@code seg} at
     * {@code offset} (Modbus registers, MB-AP §4.2): one bounds-checked bulk copy, then each
     * number from the digit table, instead of a checked read, a reserve and a separator per value.
     */
    public JsonOut valueU16Array(MemorySegment seg, long offset, int count) {
        int bytes = 2 * count;
        // 5 digits and a comma per value, the brackets, the 8-byte digit store's overhang, and
        // the copied bytes parked at the tail.
        ensure(7 * count + 10 + bytes);
        separator();
        int tail = buf.length - bytes;
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, buf, tail, bytes);
        buf[pos++] = '[';
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                buf[pos++] = ',';
            }
            int v = (buf[tail + 2 * i] & 0xFF) << 8 | (buf[tail + 2 * i + 1] & 0xFF);
            LONG_LE.set(buf, pos, SMALL_DIGITS[v]);
            pos += SMALL_LENGTH[v];
        }
        buf[pos++] = ']';
        return this;
    }

    /** Raw ASCII text appended inside a string value being built with {@link #beginString()}. */
    public JsonOut beginString() {
        ensure(1);
        separator();
        buf[pos++] = '"';
        return this;
    }

    public JsonOut endString() {
        ensure(1);
        buf[pos++] = '"';
        return this;
    }

    /** Appends ASCII that needs no escaping, e.g. inside {@link #beginString()}. */
    public JsonOut rawAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
        return this;
    }

    public JsonOut rawBytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    public JsonOut rawByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
        return this;
    }

    /** Appends a decimal number with no separator (for composite strings such as addresses). */
    public JsonOut rawLong(long v) {
        ensure(20);
        writeLong(v);
        return this;
    }

    /** Appends {@code v} (0..999999) as exactly six digits: the microseconds of a timestamp. */
    public JsonOut rawSixDigits(int v) {
        ensure(6);
        int hi = v / 10_000;
        int mid = v / 100 - hi * 100;
        int lo = v % 100;
        pair(hi);
        pair(mid);
        pair(lo);
        return this;
    }

    /** Appends {@code v} zero-padded to {@code digits}. */
    public JsonOut rawPadded(long v, int digits) {
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            buf[pos + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos += digits;
        return this;
    }

    public JsonOut rawHex16(int v) {
        ensure(4);
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int d = (v >>> shift) & 0xF;
            if (d != 0 || started || shift == 0) {
                buf[pos++] = HEX[d];
                started = true;
            }
        }
        return this;
    }

    private void escapeAscii(char c) {
        switch (c) {
            case '"' -> { buf[pos++] = '\\'; buf[pos++] = '"'; }
            case '\\' -> { buf[pos++] = '\\'; buf[pos++] = '\\'; }
            case '\n' -> { buf[pos++] = '\\'; buf[pos++] = 'n'; }
            case '\r' -> { buf[pos++] = '\\'; buf[pos++] = 'r'; }
            case '\t' -> { buf[pos++] = '\\'; buf[pos++] = 't'; }
            default -> {
                if (c < 0x20 || c == 0x7F) {
                    unicodeEscape(c);
                } else {
                    buf[pos++] = (byte) c;
                }
            }
        }
    }

    private void unicodeEscape(int c) {
        buf[pos++] = '\\';
        buf[pos++] = 'u';
        buf[pos++] = HEX[(c >>> 12) & 0xF];
        buf[pos++] = HEX[(c >>> 8) & 0xF];
        buf[pos++] = HEX[(c >>> 4) & 0xF];
        buf[pos++] = HEX[c & 0xF];
    }

    private void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            rawAscii("-9223372036854775808");
            return;
        }
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        if (v < 10) {
            buf[pos++] = (byte) ('0' + v);
            return;
        }
        // Register values, ports and counters are small: most numbers end here.
        if (v < 100) {
            pair((int) v);
            return;
        }
        if (v <= Integer.MAX_VALUE) {
            writeInt((int) v);
            return;
        }
        int digits = digits(v);
        int end = pos + digits;
        int at = end;
        while (v >= 100) {
            int r = (int) (v % 100);
            v /= 100;
            at -= 2;
            buf[at] = DIGIT_PAIRS[2 * r];
            buf[at + 1] = DIGIT_PAIRS[2 * r + 1];
        }
        if (v >= 10) {
            at -= 2;
            buf[at] = DIGIT_PAIRS[2 * (int) v];
            buf[at + 1] = DIGIT_PAIRS[2 * (int) v + 1];
        } else {
            buf[--at] = (byte) ('0' + v);
        }
        pos = end;
    }

    /** Non-negative int: int division by a constant is a multiply, long division is not. */
    private void writeInt(int v) {
        if (v < SMALL) {
            // Callers reserved at least 20 bytes, so the 8-byte store stays inside the buffer.
            LONG_LE.set(buf, pos, SMALL_DIGITS[v]);
            pos += SMALL_LENGTH[v];
            return;
        }
        int digits = digits(v);
        int end = pos + digits;
        int at = end;
        while (v >= 100) {
            int q = v / 100;
            int r = v - q * 100;
            v = q;
            at -= 2;
            buf[at] = DIGIT_PAIRS[2 * r];
            buf[at + 1] = DIGIT_PAIRS[2 * r + 1];
        }
        if (v >= 10) {
            buf[at - 2] = DIGIT_PAIRS[2 * v];
            buf[at - 1] = DIGIT_PAIRS[2 * v + 1];
        } else {
            buf[at - 1] = (byte) ('0' + v);
        }
        pos = end;
    }

    private void pair(int v) {
        buf[pos++] = DIGIT_PAIRS[2 * v];
        buf[pos++] = DIGIT_PAIRS[2 * v + 1];
    }

    private static int digits(long v) {
        int d = 1;
        for (long t = 10; d < 19 && v >= t; t *= 10) {
            d++;
        }
        return d;
    }
}
