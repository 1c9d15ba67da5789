package io.statewall.nma.sensor;

import io.statewall.capture.flow.Flow;
import io.statewall.protocols.modbus.ModbusTransaction;

/**
 * Receives every Modbus transaction the analyzer pairs, on the analyzer's thread. The
 * transaction view is only valid during the call.
 */
@FunctionalInterface
public interface TransactionSink {
    TransactionSink NONE = (flow, tx) -> { };

    void onTransaction(Flow flow, ModbusTransaction tx);
}
