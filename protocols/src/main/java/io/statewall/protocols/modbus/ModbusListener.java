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
     * True when this listener judges each request before it goes on ({@link #admitRequest}):
     * an inline enforcer. Asked once, when the session is made; a passive sensor says false
     * and pays nothing per request.
     */
    default boolean admitsRequests() {
        return false;
    }

    /**
     * A complete request frame arrived, after its MB-AP §6 checks and before it is paired:
     * {@code requestOnly} shows it alone ({@link ModbusTransaction#hasResponse()} false, its
     * validation flags in {@link ModbusTransaction#anomalyFlags()}, its bytes at {@code
     * requestOnly.request()}). Returning false refuses it: the session forgets it (no open
     * transaction, no duplicate-id check against it), because it never reaches the server.
     * Called only when {@link #admitsRequests()} is true.
     */
    default boolean admitRequest(ModbusSession session, ModbusTransaction requestOnly) {
        return true;
    }

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
