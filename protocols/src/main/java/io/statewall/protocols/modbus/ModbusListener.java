package io.statewall.protocols.modbus;

/**
 * Receives what a {@link ModbusSession} finds. Called synchronously from {@code onData},
 * {@code onGap} and {@code onEnd}; must not call back into the same session. The transaction
 * and its frames are flyweights valid only during the call: copy what you keep (or {@link
 * ModbusFrame#decode(boolean) decode} to immutable records).
 */
public interface ModbusListener {

    /**
     * A transaction completed: a request with its response, a request without response
     * (timed out, evicted, duplicated id, end of flow) or a response without request.
     */
    void onTransaction(ModbusSession session, ModbusTransaction tx);

    /**
     * An anomaly occurred.
     *
     * @param toServer direction of the bytes that showed it (client to server is true)
     * @param transactionId the MBAP transaction id concerned, or -1 for stream-level anomalies
     * @param detail anomaly specific: bytes skipped ({@link ModbusAnomaly#RESYNC}), bytes lost
     *     ({@link ModbusAnomaly#TRUNCATED_FRAME}), the offending header field ({@link
     *     ModbusAnomaly#INVALID_PROTOCOL_ID}, {@link ModbusAnomaly#INVALID_LENGTH} when framing),
     *     the open-transaction limit ({@link ModbusAnomaly#FLOODED}), otherwise 0
     */
    void onAnomaly(ModbusSession session, ModbusAnomaly anomaly, boolean toServer,
                   long timestampNanos, int transactionId, long detail);
}
