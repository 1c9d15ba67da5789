package io.statewall.protocols.modbus;

/**
 * Things that are wrong with a Modbus/TCP stream or transaction. Malformed traffic is an
 * event, never an exception: each occurrence is reported through {@link
 * ModbusListener#onAnomaly} and, when it concerns a transaction, also set in {@link
 * ModbusTransaction#anomalyFlags()} (bit {@code 1 << ordinal()}).
 *
 * <p>{@link #eventName()} is Suricata's {@code modbus.*} app-layer event name where Suricata
 * has the event, and a name in the same style otherwise.
 */
public enum ModbusAnomaly {
    /** MBAP protocol identifier is not 0 (MB-TCP §3.1.3); the stream is resynchronised. */
    INVALID_PROTOCOL_ID("invalid_protocol_id", "MBAP protocol identifier is not 0"),
    /**
     * MBAP length outside 2–254 (the stream is resynchronised), or a PDU whose size does not
     * fit its function's layout or its own byte count.
     */
    INVALID_LENGTH("invalid_length", "length does not fit the MBAP limits or the function's layout"),
    /** A response's unit identifier differs from its request's (MB-TCP §3.1.3: it is recopied). */
    INVALID_UNIT_ID("invalid_unit_id", "response unit identifier differs from the request's"),
    /**
     * Function code 0, an exception bit in a request, an unassigned public code, or a
     * response whose function is neither the request's nor its exception.
     */
    INVALID_FUNCTION_CODE("invalid_function_code", "function code invalid here"),
    /** A field holds a value the specification forbids (quantity range, coil value, byte count …). */
    INVALID_VALUE("invalid_value", "field value outside the range the specification allows"),
    /** Exception code unknown, or not one the specification allows for that function. */
    INVALID_EXCEPTION_CODE("invalid_exception_code", "exception code unknown or not allowed for the function"),
    /** The response does not match its request: byte count vs quantity, echoed fields … */
    VALUE_MISMATCH("value_mismatch", "response does not match its request"),
    /** A response with no open request of that transaction id, unit id and function. */
    UNSOLICITED_RESPONSE("unsolicited_response", "response without a matching open request"),
    /** A request reused the transaction id of a request still waiting for its response. */
    DUPLICATE_TRANSACTION_ID("duplicate_transaction_id", "transaction id reused while still open"),
    /** The open-transaction limit was hit; the oldest request was closed without response. */
    FLOODED("flooded", "too many requests waiting for a response"),
    /** The stream ended or lost bytes in the middle of a frame. */
    TRUNCATED_FRAME("truncated_frame", "stream ended or lost data inside a frame"),
    /** Bytes were skipped to find the next frame header; detail is the number skipped. */
    RESYNC("resync", "bytes skipped to find the next frame");

    private final String eventName;
    private final String reason;

    ModbusAnomaly(String eventName, String reason) {
        this.eventName = eventName;
        this.reason = reason;
    }

    /** snake_case event name, e.g. {@code "unsolicited_response"}. */
    public String eventName() {
        return eventName;
    }

    /** One-line human explanation. */
    public String reason() {
        return reason;
    }

    /** This anomaly's bit in {@link ModbusTransaction#anomalyFlags()}. */
    public int bit() {
        return 1 << ordinal();
    }

    /** True when {@code flags} has this anomaly's bit. */
    public boolean in(int flags) {
        return (flags & bit()) != 0;
    }
}
