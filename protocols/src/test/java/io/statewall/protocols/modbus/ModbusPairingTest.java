package io.statewall.protocols.modbus;

import static io.statewall.protocols.modbus.Frames.adu;
import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.protocols.modbus.RecordingListener.AnomalyEvent;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request/response pairing by transaction id (MB-TCP §3.1.3, §4.4.1.3). */
class ModbusPairingTest {

    static final String READ_3 = "03 | 006B | 0003";
    static final String READ_3_OK = "03 | 06 | 022B 0000 0064";

    static byte[] readRequest(int tid, int address) {
        return adu(tid, 1, String.format("03 | %04X | 0001", address));
    }

    static byte[] readResponse(int tid, int value) {
        return adu(tid, 1, String.format("03 | 02 | %04X", value));
    }

    @Test
    void pipelinedRequestsAnsweredOutOfOrderPairByTransactionId() {
        Feeder feeder = new Feeder();
        feeder.feed(true, Frames.concat(readRequest(1, 100), readRequest(2, 200), readRequest(3, 300)), 10);
        feeder.feed(false, Frames.concat(readResponse(3, 33), readResponse(1, 11)), 20);
        feeder.feed(false, readResponse(2, 22), 30);

        List<TxSnapshot> txs = feeder.listener.transactions;
        assertThat(txs).extracting(TxSnapshot::transactionId).containsExactly(3, 1, 2);
        assertThat(txs).extracting(TxSnapshot::readAddress).containsExactly(300, 100, 200);
        assertThat(txs).extracting(tx -> tx.readValues().getFirst()).containsExactly(33, 11, 22);
        assertThat(txs).extracting(TxSnapshot::responseTimestampNanos).containsExactly(20L, 20L, 30L);
        assertThat(txs).allSatisfy(tx -> assertThat(tx.anomalies()).isEmpty());
        assertThat(feeder.listener.anomalies).isEmpty();
        assertThat(feeder.session.openTransactions()).isZero();
    }

    @Test
    void theRequestIsStillReadableAfterTheCallerReusedItsBuffer() {
        RecordingListener listener = new RecordingListener();
        ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, listener, null);
        byte[] buffer = adu(5, 1, READ_3);
        assertThat(session.onData(true, MemorySegment.ofArray(buffer), 0, buffer.length, 1)).isEqualTo(buffer.length);
        Arrays.fill(buffer, (byte) 0x55);
        byte[] response = adu(5, 1, READ_3_OK);
        session.onData(false, MemorySegment.ofArray(response), 0, response.length, 2);

        TxSnapshot tx = listener.only();
        assertThat(tx.request()).isEqualTo(Frames.hex(adu(5, 1, READ_3)));
        assertThat(tx.readAddress()).isEqualTo(0x6B);
        assertThat(tx.readValues()).containsExactly(555, 0, 100);
    }

    @Test
    void aDuplicateTransactionIdClosesTheOldRequestWithoutResponse() {
        Feeder feeder = new Feeder();
        feeder.feed(true, adu(9, 1, READ_3), 10);
        feeder.feed(true, adu(9, 1, "06 | 0001 | 0003"), 20);
        feeder.feed(false, adu(9, 1, "06 | 0001 | 0003"), 30);

        List<TxSnapshot> txs = feeder.listener.transactions;
        assertThat(txs).hasSize(2);
        TxSnapshot old = txs.get(0);
        assertThat(old.function()).isEqualTo(FunctionCode.READ_HOLDING_REGISTERS);
        assertThat(old.hasResponse()).isFalse();
        assertThat(old.anomalies()).containsExactly(ModbusAnomaly.DUPLICATE_TRANSACTION_ID);
        TxSnapshot reused = txs.get(1);
        assertThat(reused.function()).isEqualTo(FunctionCode.WRITE_SINGLE_REGISTER);
        assertThat(reused.hasResponse()).isTrue();
        assertThat(reused.anomalies()).containsExactly(ModbusAnomaly.DUPLICATE_TRANSACTION_ID);
        assertThat(feeder.listener.anomalies)
                .containsExactly(new AnomalyEvent(ModbusAnomaly.DUPLICATE_TRANSACTION_ID, true, 20, 9, 0));
    }

    @Test
    void hittingTheOpenTransactionLimitClosesTheOldestAndRaisesFlooded() {
        Feeder feeder = new Feeder(new ModbusLimits(3, 0));
        for (int tid = 1; tid <= 4; tid++) {
            feeder.feed(true, readRequest(tid, tid), tid);
        }
        assertThat(feeder.listener.transactions).hasSize(1);
        TxSnapshot evicted = feeder.listener.transactions.getFirst();
        assertThat(evicted.transactionId()).isEqualTo(1);
        assertThat(evicted.hasResponse()).isFalse();
        assertThat(evicted.anomalies()).containsExactly(ModbusAnomaly.FLOODED);
        assertThat(feeder.listener.anomalies).containsExactly(new AnomalyEvent(ModbusAnomaly.FLOODED, true, 4, 4, 3));
        assertThat(feeder.session.openTransactions()).isEqualTo(3);

        for (int tid = 2; tid <= 4; tid++) {
            feeder.feed(false, readResponse(tid, tid * 10), 10 + tid);
        }
        assertThat(feeder.listener.transactions.subList(1, 4))
                .allSatisfy(tx -> assertThat(tx.anomalies()).isEmpty())
                .extracting(tx -> tx.readValues().getFirst()).containsExactly(20, 30, 40);
    }

    @Test
    void aResponseWithoutRequestIsReportedAloneAndUnsolicited() {
        Feeder feeder = new Feeder();
        feeder.feed(false, adu(42, 3, "06 | 0010 | 1234"), 50);

        TxSnapshot tx = feeder.listener.only();
        assertThat(tx.hasRequest()).isFalse();
        assertThat(tx.request()).isNull();
        assertThat(tx.anomalies()).containsExactly(ModbusAnomaly.UNSOLICITED_RESPONSE);
        assertThat(tx.transactionId()).isEqualTo(42);
        assertThat(tx.unitId()).isEqualTo(3);
        assertThat(tx.requestTimestampNanos()).isZero();
        // FC 6 echoes its request, so a mid-stream pick-up still sees what was written.
        assertThat(tx.writeAddress()).isEqualTo(0x10);
        assertThat(tx.writeValues()).containsExactly(0x1234);
        assertThat(feeder.listener.anomalies)
                .containsExactly(new AnomalyEvent(ModbusAnomaly.UNSOLICITED_RESPONSE, false, 50, 42, 0));
    }

    @Test
    void anUnsolicitedReadResponseHasValuesButNoAddress() {
        Feeder feeder = new Feeder();
        feeder.feed(false, adu(1, 1, "01 | 01 | 05"), 1);
        feeder.feed(false, adu(2, 1, "83 | 02"), 2);
        TxSnapshot read = feeder.listener.transactions.get(0);
        assertThat(read.readAddress()).isEqualTo(-1);
        assertThat(read.readValues()).as("every transmitted bit, quantity unknown").containsExactly(1, 0, 1, 0, 0, 0, 0, 0);
        TxSnapshot exception = feeder.listener.transactions.get(1);
        assertThat(exception.functionRaw()).as("exception bit cleared").isEqualTo(3);
        assertThat(exception.exceptionCode()).isEqualTo(2);
        assertThat(exception.anomalies()).containsExactly(ModbusAnomaly.UNSOLICITED_RESPONSE);
    }

    @Test
    void aResponseFromAnotherUnitDoesNotCompleteTheRequest() {
        Feeder feeder = new Feeder();
        feeder.feed(true, adu(7, 1, READ_3), 1);
        feeder.feed(false, adu(7, 2, READ_3_OK), 2);

        TxSnapshot stray = feeder.listener.only();
        assertThat(stray.hasRequest()).isFalse();
        assertThat(stray.anomalies()).containsExactlyInAnyOrder(ModbusAnomaly.UNSOLICITED_RESPONSE, ModbusAnomaly.INVALID_UNIT_ID);
        assertThat(feeder.session.openTransactions()).as("the request still waits").isEqualTo(1);

        feeder.feed(false, adu(7, 1, READ_3_OK), 3);
        assertThat(feeder.listener.transactions.get(1).anomalies()).isEmpty();
        assertThat(feeder.listener.transactions.get(1).hasRequest()).isTrue();
    }

    @Test
    void aResponseWithAnotherFunctionDoesNotCompleteTheRequest() {
        Feeder feeder = new Feeder();
        feeder.feed(true, adu(7, 1, READ_3), 1);
        feeder.feed(false, adu(7, 1, "04 | 02 | 000A"), 2);
        assertThat(feeder.listener.only().anomalies())
                .containsExactlyInAnyOrder(ModbusAnomaly.UNSOLICITED_RESPONSE, ModbusAnomaly.INVALID_FUNCTION_CODE);
        assertThat(feeder.session.openTransactions()).isEqualTo(1);
        // The request's exception does complete it.
        feeder.feed(false, adu(7, 1, "83 | 04"), 3);
        assertThat(feeder.listener.transactions.get(1).hasRequest()).isTrue();
        assertThat(feeder.listener.transactions.get(1).exceptionCode()).isEqualTo(4);
    }

    @Test
    void endReportsEveryOpenRequestOldestFirstWithoutResponse() {
        Feeder feeder = new Feeder();
        feeder.feed(true, Frames.concat(readRequest(1, 1), readRequest(2, 2), readRequest(3, 3)), 5);
        feeder.feed(false, readResponse(2, 2), 6);
        feeder.end(7);

        List<TxSnapshot> txs = feeder.listener.transactions;
        assertThat(txs).extracting(TxSnapshot::transactionId).containsExactly(2, 1, 3);
        assertThat(txs).extracting(TxSnapshot::hasResponse).containsExactly(true, false, false);
        assertThat(feeder.listener.anomalies).isEmpty();
        assertThat(feeder.session.transactions()).isEqualTo(3);
        assertThat(feeder.session.requests()).isEqualTo(3);
        assertThat(feeder.session.responses()).isEqualTo(1);
        assertThat(feeder.session.openTransactions()).isZero();
    }

    @Test
    void requestsOlderThanTheTimeoutAreClosedByTheNextFrame() {
        Feeder feeder = new Feeder(new ModbusLimits(64, 1_000));
        feeder.feed(true, readRequest(1, 1), 0);
        feeder.feed(true, readRequest(2, 2), 900);
        assertThat(feeder.listener.transactions).isEmpty();
        feeder.feed(true, readRequest(3, 3), 1_001);
        assertThat(feeder.listener.transactions).extracting(TxSnapshot::transactionId).containsExactly(1);
        assertThat(feeder.listener.transactions.getFirst().anomalies()).isEmpty();
        // Its late response is now unsolicited; request 2 is still within its time.
        feeder.feed(false, Frames.concat(readResponse(1, 1), readResponse(2, 2)), 1_500);
        assertThat(feeder.listener.transactions.subList(1, 3)).extracting(TxSnapshot::hasRequest).containsExactly(false, true);
    }

    @Test
    void theTableGrowsToTheLimitAndKeepsEveryRequestIntact() {
        Feeder feeder = new Feeder(new ModbusLimits(64, 0));
        for (int tid = 0; tid < 64; tid++) {
            feeder.feed(true, readRequest(tid, 1000 + tid), tid);
        }
        for (int tid = 63; tid >= 0; tid--) {
            feeder.feed(false, readResponse(tid, tid), 100 + tid);
        }
        assertThat(feeder.listener.transactions).hasSize(64);
        assertThat(feeder.listener.transactions).allSatisfy(tx -> {
            assertThat(tx.anomalies()).isEmpty();
            assertThat(tx.readAddress()).isEqualTo(1000 + tx.transactionId());
            assertThat(tx.readValues()).containsExactly(tx.transactionId());
            assertThat(tx.requestTimestampNanos()).isEqualTo(tx.transactionId());
        });
        assertThat(feeder.listener.anomalies).isEmpty();
    }

    @Test
    void theSessionCanBeReusedAfterEnd() {
        Feeder feeder = new Feeder();
        feeder.feed(true, readRequest(1, 1), 1);
        feeder.end(2);
        feeder.feed(true, readRequest(1, 5), 3);
        feeder.feed(false, readResponse(1, 9), 4);
        assertThat(feeder.listener.transactions).hasSize(2);
        assertThat(feeder.listener.transactions.get(1).readAddress()).isEqualTo(5);
        assertThat(feeder.listener.transactions.get(1).anomalies()).isEmpty();
        assertThat(feeder.session.attachment()).isEqualTo("flow-1");
    }
}
