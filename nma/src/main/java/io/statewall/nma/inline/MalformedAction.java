package io.statewall.nma.inline;

/**
 * What happens to client bytes that are not a valid Modbus request (broken MBAP framing,
 * a function or field the specification does not allow): never forwarded, always an anomaly.
 */
public enum MalformedAction {
    /** Drop the frame (or the garbage up to the next plausible frame) and keep the connection. */
    DROP,
    /** Reset the client's connection. */
    RESET
}
