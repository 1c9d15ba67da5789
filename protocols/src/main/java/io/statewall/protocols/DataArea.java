package io.statewall.protocols;

/**
 * Which part of a device's data a message addresses, independent of the protocol. Together
 * with {@link Operation} and an address range this is what rules and the process image key on.
 */
public enum DataArea {
    /** The message addresses no data item (diagnostics, control, unknown functions). */
    NONE,
    /** Single-bit read-write outputs (Modbus coils, MB-AP §4.3 "Coils"). */
    COILS,
    /** Single-bit read-only inputs provided by an I/O system (MB-AP §4.3 "Discretes Input"). */
    DISCRETE_INPUTS,
    /** 16-bit read-only registers provided by an I/O system (MB-AP §4.3 "Input Registers"). */
    INPUT_REGISTERS,
    /** 16-bit read-write registers alterable by the application (MB-AP §4.3 "Holding Registers"). */
    HOLDING_REGISTERS,
    /** Records of the device's files (Modbus FC 20/21, MB-AP §6.14–6.15). */
    FILE_RECORDS,
    /** A first-in-first-out queue of registers (Modbus FC 24, MB-AP §6.18). */
    FIFO_QUEUE,
    /** The device's identification objects (Modbus FC 17 and FC 43/14, MB-AP §6.13, §6.21). */
    DEVICE_IDENTIFICATION,
    /** The eight device-specific exception status outputs (Modbus FC 7, MB-AP §6.7). */
    EXCEPTION_STATUS,
    /** Communication event counter and log (Modbus FC 11/12, MB-AP §6.9–6.10). */
    EVENT_LOG
}
