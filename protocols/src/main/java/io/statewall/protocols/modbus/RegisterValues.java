package io.statewall.protocols.modbus;

import java.util.Arrays;

/** An immutable sequence of 16-bit register values (0..65535), in address order. */
public final class RegisterValues {
    public static final RegisterValues EMPTY = new RegisterValues(new int[0]);

    private final int[] values;

    private RegisterValues(int[] values) {
        this.values = values;
    }

    public static RegisterValues of(int... values) {
        int[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
            Fields.u16("register " + i, copy[i]);
        }
        return new RegisterValues(copy);
    }

    /** Registers from big-endian byte pairs (MB-AP §4.2, §6.3). */
    static RegisterValues fromBigEndian(byte[] bytes, int offset, int count) {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = ((bytes[offset + 2 * i] & 0xFF) << 8) | (bytes[offset + 2 * i + 1] & 0xFF);
        }
        return new RegisterValues(values);
    }

    public int size() {
        return values.length;
    }

    public int get(int i) {
        return values[i];
    }

    public int[] toArray() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegisterValues other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "RegisterValues" + Arrays.toString(values);
    }
}
