package io.statewall.protocols.modbus;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable sequence of bits as Modbus packs them (MB-AP §6.1): bit 0 is the LSB of the
 * first byte, bits beyond {@link #size()} in the last byte are zero.
 */
public final class BitValues {
    public static final BitValues EMPTY = new BitValues(new byte[0], 0);

    private final byte[] packed;
    private final int size;

    private BitValues(byte[] packed, int size) {
        this.packed = packed;
        this.size = size;
    }

    public static BitValues of(boolean... bits) {
        byte[] packed = new byte[(bits.length + 7) >>> 3];
        for (int i = 0; i < bits.length; i++) {
            if (bits[i]) {
                packed[i >>> 3] |= (byte) (1 << (i & 7));
            }
        }
        return new BitValues(packed, bits.length);
    }

    /** The first {@code size} bits of {@code packed} (copied; padding bits are cleared). */
    public static BitValues fromPacked(byte[] packed, int size) {
        Objects.requireNonNull(packed, "packed");
        if (size < 0 || size > packed.length * 8L) {
            throw new IllegalArgumentException("size " + size + " does not fit in " + packed.length + " bytes");
        }
        byte[] copy = Arrays.copyOf(packed, (size + 7) >>> 3);
        if ((size & 7) != 0) {
            copy[copy.length - 1] &= (byte) ((1 << (size & 7)) - 1);
        }
        return new BitValues(copy, size);
    }

    public int size() {
        return size;
    }

    public boolean get(int i) {
        return bit(i) != 0;
    }

    /** Bit {@code i} as 0 or 1. */
    public int bit(int i) {
        Objects.checkIndex(i, size);
        return (packed[i >>> 3] >>> (i & 7)) & 1;
    }

    /** The first {@code n} bits (e.g. a response's bits trimmed to the request's quantity). */
    public BitValues limit(int n) {
        return n >= size ? this : fromPacked(packed, Math.max(0, n));
    }

    /** The bits packed as on the wire: ceil(size / 8) bytes, padding zero. */
    public byte[] toPackedBytes() {
        return packed.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitValues other && size == other.size && Arrays.equals(packed, other.packed);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(packed);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("BitValues[");
        for (int i = 0; i < size; i++) {
            text.append(bit(i));
        }
        return text.append(']').toString();
    }
}
