package io.statewall.engine.baseline;

import io.statewall.protocols.DataArea;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusTransaction;

/**
 * What a transaction addresses and which of its values count, decided once for learner and
 * detector alike so that both read the same traffic the same way.
 *
 * <p>Addressed items follow the policy's {@code address} matching: {@code start .. start +
 * quantity - 1} in the four MB-AP §4.3 tables (FC 24's FIFO pointer counts as one read address);
 * a missing or illegal quantity counts as the one item at the start, so a malformed request is
 * still placed where it points. Values count only from what the server vouched for: a normal
 * response whose echo or byte count agrees with its request (the process image's rule).
 */
final class Spans {
    private static final int MISMATCH = ModbusAnomaly.VALUE_MISMATCH.bit();

    private Spans() {
    }

    static boolean pointArea(DataArea a) {
        return a == DataArea.COILS || a == DataArea.DISCRETE_INPUTS || a == DataArea.INPUT_REGISTERS
                || a == DataArea.HOLDING_REGISTERS;
    }

    static boolean bitArea(DataArea a) {
        return a == DataArea.COILS || a == DataArea.DISCRETE_INPUTS;
    }

    /** The last item of a span starting at {@code start}, within the 16-bit address space. */
    static int end(int start, int quantity) {
        return (int) Math.min(0xFFFF, (long) start + Math.max(1, quantity) - 1);
    }

    /** First address read, or -1: FC 1–4 and 23 in a point table, FC 24's pointer. */
    static int readStart(ModbusTransaction tx, DataArea area) {
        return pointArea(area) || area == DataArea.FIFO_QUEUE ? tx.readAddress() : -1;
    }

    /** First address written, or -1. */
    static int writeStart(ModbusTransaction tx, DataArea area) {
        return pointArea(area) ? tx.writeAddress() : -1;
    }

    /** True when the response's values are the server's word for the points read. */
    static boolean readValuesCount(ModbusTransaction tx) {
        return tx.hasRequest() && tx.hasResponse() && !tx.isException() && agrees(tx);
    }

    /** True unless the response contradicts its request (an echo or byte count that does not match). */
    static boolean agrees(ModbusTransaction tx) {
        return (tx.anomalyFlags() & MISMATCH) == 0;
    }

    /** True when the server confirmed the write: a normal answer that agrees with the request. */
    static boolean writeConfirmed(ModbusTransaction tx) {
        return tx.hasResponse() && !tx.isException() && (tx.anomalyFlags() & MISMATCH) == 0;
    }
}
