package io.statewall.protocols.modbus;

import io.statewall.protocols.DataArea;
import io.statewall.protocols.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Every accessor of a {@link ModbusTransaction}, copied while the flyweight is valid. */
record TxSnapshot(
        int transactionId, int protocolId, int unitId, int functionRaw, FunctionCode function,
        FunctionCategory category, int accessType, Operation operation, DataArea dataArea,
        String request, String response, long requestTimestampNanos, long responseTimestampNanos,
        boolean exception, int exceptionCode, Set<ModbusAnomaly> anomalies,
        int readAddress, int readQuantity, int writeAddress, int writeQuantity,
        int subFunction, int meiType, int andMask, int orMask,
        List<Integer> readValues, List<Integer> writeValues,
        ModbusPdu requestPdu, ModbusPdu responsePdu) {

    static TxSnapshot of(ModbusTransaction tx) {
        List<Integer> read = new ArrayList<>();
        for (int i = 0; i < tx.readValueCount(); i++) {
            read.add(tx.readValue(i));
        }
        // The bulk accessor gives the same values, in every exchange every test makes.
        int[] bulk = new int[2040];
        int n = tx.readValues(bulk);
        if (!read.equals(Arrays.stream(bulk, 0, n).boxed().toList())) {
            throw new AssertionError("readValues(int[]) " + Arrays.toString(Arrays.copyOf(bulk, n)) + " != readValue(i) " + read);
        }
        if (n > 0) {
            try {
                tx.readValues(new int[n - 1]);
                throw new AssertionError("readValues(int[]) accepted an array too short for " + n + " values");
            } catch (IndexOutOfBoundsException expected) {
                // as documented
            }
        }
        List<Integer> written = new ArrayList<>();
        for (int i = 0; i < tx.writeValueCount(); i++) {
            written.add(tx.writeValue(i));
        }
        Set<ModbusAnomaly> anomalies = EnumSet.noneOf(ModbusAnomaly.class);
        for (ModbusAnomaly anomaly : ModbusAnomaly.values()) {
            if (tx.has(anomaly)) {
                anomalies.add(anomaly);
            }
        }
        return new TxSnapshot(
                tx.transactionId(), tx.protocolId(), tx.unitId(), tx.functionRaw(), tx.function(),
                tx.category(), tx.accessType(), tx.operation(), tx.dataArea(),
                tx.hasRequest() ? Frames.hex(tx.request().toByteArray()) : null,
                tx.hasResponse() ? Frames.hex(tx.response().toByteArray()) : null,
                tx.requestTimestampNanos(), tx.responseTimestampNanos(),
                tx.isException(), tx.exceptionCode(), anomalies,
                tx.readAddress(), tx.readQuantity(), tx.writeAddress(), tx.writeQuantity(),
                tx.subFunction(), tx.meiType(), tx.andMask(), tx.orMask(),
                List.copyOf(read), List.copyOf(written),
                tx.hasRequest() ? tx.request().decode(true) : null,
                tx.hasResponse() ? tx.response().decode(false) : null);
    }

    boolean hasRequest() {
        return request != null;
    }

    boolean hasResponse() {
        return response != null;
    }
}
