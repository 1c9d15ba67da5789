package io.statewall.protocols.modbus;

import java.util.List;
import java.util.Objects;

/** Range checks for record components: a value outside its wire field is a programming error. */
final class Fields {
    private Fields() {}

    static int u8(String name, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(name + " must fit in 8 bits: " + value);
        }
        return value;
    }

    static int u16(String name, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(name + " must fit in 16 bits: " + value);
        }
        return value;
    }

    static <T> List<T> list(String name, List<T> values) {
        return List.copyOf(Objects.requireNonNull(values, name));
    }

    static <T> T nonNull(String name, T value) {
        return Objects.requireNonNull(value, name);
    }
}
