package io.statewall.protocols;

/**
 * What a control message does to the device or the process, independent of the protocol
 * that carried it. Policy rules match on this instead of raw function codes, so one rule can
 * say "no writes in state X" for every protocol.
 *
 * <p>A dissector assigns the most specific value it can justify from the standard; when the
 * meaning depends on a sub-code (Modbus FC 8 sub-functions, FC 43 MEI types) the
 * transaction-level classification refines the function-level one.
 */
public enum Operation {
    /** Reads process data (coils, inputs, registers, queues, points) and changes nothing. */
    READ,
    /** Changes process data: outputs, setpoints, registers. The message acts on the plant. */
    WRITE,
    /** Writes and reads process data in one message (Modbus FC 23): matches both concerns. */
    READ_WRITE,
    /**
     * Reads or clears communication diagnostics (counters, event logs, loop-back tests)
     * without touching process data or changing how the device communicates or runs.
     */
    DIAGNOSTIC,
    /** Reads who the device is (vendor, product, revision, server ID): reconnaissance if unexpected. */
    IDENTIFICATION,
    /**
     * Changes how the device communicates or runs without changing its program or process
     * data: restarting a communication port, silencing the device (listen-only mode),
     * resetting a link. Such a message can take a controller off the network.
     */
    CONTROL,
    /** Downloads, uploads or manages the device's program or logic. */
    PROGRAM,
    /** Switches the device's operating mode, e.g. run/stop. Not used by public Modbus codes. */
    MODE_CHANGE,
    /** Reads or writes file records or files held by the device. */
    FILE_TRANSFER,
    /** A function the standard defines whose effect fits none of the other values. */
    OTHER,
    /** Meaning not known: user-defined, unassigned or reserved codes, or an undecodable message. */
    UNKNOWN
}
