package io.statewall.protocols.modbus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string (device-specific data, loop-back data, identification values). */
public final class ByteValues {
    public static final ByteValues EMPTY = new ByteValues(new byte[0]);

    private final byte[] bytes;

    private ByteValues(byte[] bytes) {
        this.bytes = bytes;
    }

    public static ByteValues of(byte... bytes) {
        return new ByteValues(bytes.clone());
    }

    public static ByteValues ofHex(String hex) {
        return new ByteValues(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    static ByteValues copyOf(byte[] bytes, int offset, int length) {
        return new ByteValues(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    public int size() {
        return bytes.length;
    }

    /** Byte {@code i} as 0..255. */
    public int get(int i) {
        return bytes[i] & 0xFF;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The bytes as text, one character per byte (ISO 8859-1, so every byte maps). */
    public String toLatin1String() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteValues other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "ByteValues[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
