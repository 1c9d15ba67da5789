package io.statewall.nma.sensor;

import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.modbus.ModbusTransaction;

/**
 * Receives every Modbus transaction the analyzer pairs, on the analyzer's thread. The
 * transaction view is only valid during the call. The flow is oriented as Modbus sees it:
 * {@code src} is the Modbus client, {@code dest} the server.
 */
@FunctionalInterface
public interface TransactionSink {
    TransactionSink NONE = (flow, tx) -> { };

    void onTransaction(FlowContext flow, ModbusTransaction tx);
}
