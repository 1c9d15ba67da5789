package io.statewall.engine.image;

/** How the raw register (or bit) value of a {@link VariableBinding} is read. */
public enum ValueType {
    /** A coil, a discrete input, or one bit of a register: 0 or 1. */
    BOOL(1),
    /** One register, two's complement: -32768..32767. */
    INT16(1),
    /** One register: 0..65535. */
    UINT16(1),
    /** Two registers, two's complement. */
    INT32(2),
    /** Two registers: 0..4294967295. */
    UINT32(2),
    /** Two registers holding an IEEE 754 binary32. */
    FLOAT32(2);

    private final int registers;

    ValueType(int registers) {
        this.registers = registers;
    }

    /** Registers the value spans: 1 or 2. */
    public int registers() {
        return registers;
    }

    /**
     * The raw value of the words, before scale and offset. {@code high} is the only word of a
     * 16-bit type (then {@code low} is ignored), BOOL takes an already extracted bit.
     */
    public double decode(int high, int low) {
        int word32 = (high & 0xFFFF) << 16 | (low & 0xFFFF);
        return switch (this) {
            case BOOL -> high & 1;
            case INT16 -> (short) high;
            case UINT16 -> high & 0xFFFF;
            case INT32 -> word32;
            case UINT32 -> word32 & 0xFFFF_FFFFL;
            case FLOAT32 -> Float.intBitsToFloat(word32);
        };
    }
}
