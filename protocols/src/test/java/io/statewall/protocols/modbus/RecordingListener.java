package io.statewall.protocols.modbus;

import java.util.ArrayList;
import java.util.List;

/** Keeps a snapshot of everything reported, for assertions. */
class RecordingListener implements ModbusListener {
    record AnomalyEvent(ModbusAnomaly anomaly, boolean toServer, long timestampNanos, int transactionId, long detail) {}

    final List<TxSnapshot> transactions = new ArrayList<>();
    final List<AnomalyEvent> anomalies = new ArrayList<>();

    @Override
    public void onTransaction(ModbusSession session, ModbusTransaction tx) {
        transactions.add(TxSnapshot.of(tx));
    }

    @Override
    public void onAnomaly(ModbusSession session, ModbusAnomaly anomaly, boolean toServer,
                          long timestampNanos, int transactionId, long detail) {
        anomalies.add(new AnomalyEvent(anomaly, toServer, timestampNanos, transactionId, detail));
    }

    List<ModbusAnomaly> anomalyKinds() {
        return anomalies.stream().map(AnomalyEvent::anomaly).toList();
    }

    TxSnapshot only() {
        if (transactions.size() != 1) {
            throw new AssertionError("expected one transaction, got " + transactions);
        }
        return transactions.getFirst();
    }
}
