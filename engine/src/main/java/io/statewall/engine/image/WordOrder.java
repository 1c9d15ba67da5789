package io.statewall.engine.image;

/**
 * Which of two consecutive registers holds the high 16 bits of a 32-bit value. Modbus defines
 * only 16-bit registers (MB-AP §4.2: big-endian within a register); the order of the words is
 * the device's choice.
 */
public enum WordOrder {
    /** The register at the lower address holds the high word: the common Modbus convention. */
    BIG,
    /** The register at the lower address holds the low word ("word-swapped" devices). */
    LITTLE
}
