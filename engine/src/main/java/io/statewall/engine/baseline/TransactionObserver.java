package io.statewall.engine.baseline;

import io.statewall.engine.decide.ProtectedTraffic;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.util.List;
import java.util.Map;

/**
 * Watches every paired transaction together with the operating state it was sent in: how a
 * learner and a baseline check plug into a sensor beside the policy. Called on the sensor's
 * thread; the flow is oriented as Modbus sees it ({@code src} the client, {@code dest} the
 * server) and the transaction view is valid only during the call.
 */
public interface TransactionObserver {
    /**
     * @param txNumber the transaction's number in its flow (the EVE records' {@code modbus.id})
     * @param stateId  the state in force when the request was sent: an index into the state
     *                 names the observer was opened with
     */
    void onTransaction(FlowContext flow, ModbusTransaction tx, long txNumber, int stateId);

    /**
     * The end of one capture, or any break in what is seen: what spans consecutive messages
     * (gaps between polls, the order of requests, changes of values) starts again.
     */
    default void onCaptureEnd(long timestampNanos) {
    }

    /**
     * The traffic the policy declares never-blockable: an observer that can block asks it
     * before blocking and alerts instead. Called before the first transaction.
     */
    default void protectWith(ProtectedTraffic protectedTraffic) {
    }

    /** EVE alert records written so far. */
    default long alerts() {
        return 0;
    }

    /** Transactions a block applied to so far (inline: dropped; offline: would have been). */
    default long blocked() {
        return 0;
    }

    /** Deviations found so far, repeated ones included, by detector name. */
    default Map<String, Long> deviationsByDetector() {
        return Map.of();
    }

    /** Opens an observer for a sensor whose states are {@code stateNames} (by id). */
    @FunctionalInterface
    interface Factory {
        /** @param eve where alerts go, or null for none */
        TransactionObserver open(List<String> stateNames, EveWriter eve);
    }
}
