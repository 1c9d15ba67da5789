package io.statewall.plantsim;

/** The four data areas of a controller's memory (MB-AP §4.3, "MODBUS data model"). */
public enum Area {
    /** Read-write bits (FC 1, 5, 15); a point's value is 0 or 1. */
    COILS,
    /** Read-only bits (FC 2); a point's value is 0 or 1. */
    DISCRETE_INPUTS,
    /** Read-only 16-bit registers (FC 4); a point's value is 0..65535. */
    INPUT_REGISTERS,
    /** Read-write 16-bit registers (FC 3, 6, 16); a point's value is 0..65535. */
    HOLDING_REGISTERS
}
