package io.statewall.protocols.modbus;

import static io.statewall.protocols.modbus.Frames.adu;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inline enforcer's hook ({@link ModbusListener#admitRequest}): every complete request is
 * shown alone before pairing, and a refused one is forgotten as if it never reached the server.
 */
class RequestAdmissionTest {

    /** Refuses writes (FC 6), records what it was shown. */
    private static final class Gate extends RecordingListener {
        final List<String> shown = new ArrayList<>();

        @Override
        public boolean admitsRequests() {
            return true;
        }

        @Override
        public boolean admitRequest(ModbusSession session, ModbusTransaction requestOnly) {
            ModbusFrame f = requestOnly.request();
            shown.add(requestOnly.transactionId() + ":" + requestOnly.function().name() + "@" + f.offset() + "+" + f.length()
                    + (requestOnly.hasResponse() ? " with response" : "") + " flags " + requestOnly.anomalyFlags());
            return requestOnly.functionRaw() != 6;
        }
    }

    @Test
    void aRefusedRequestIsNeverPairedAndAnAdmittedOneIs() {
        Gate gate = new Gate();
        ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, gate, null);
        byte[] requests = Frames.concat(adu(1, 1, "03 | 0064 | 0001"), adu(2, 1, "06 | 00D2 | 0385"));
        assertThat(session.onData(true, MemorySegment.ofArray(requests), 0, requests.length, 10)).isEqualTo(requests.length);

        assertThat(gate.shown).containsExactly(
                "1:READ_HOLDING_REGISTERS@0+12 flags 0", "2:WRITE_SINGLE_REGISTER@12+12 flags 0");
        assertThat(session.openTransactions()).as("only the admitted read is waiting").isEqualTo(1);
        assertThat(session.refusedRequests()).isEqualTo(1);
        assertThat(session.requests()).isEqualTo(2);

        byte[] answers = Frames.concat(adu(1, 1, "03 | 02 | 0007"), adu(2, 1, "06 | 00D2 | 0385"));
        session.onData(false, MemorySegment.ofArray(answers), 0, answers.length, 20);
        assertThat(gate.transactions).hasSize(2);
        assertThat(gate.transactions.get(0).hasRequest()).isTrue();
        assertThat(gate.transactions.get(0).readValues()).containsExactly(7);
        assertThat(gate.transactions.get(1).hasRequest()).as("an answer to a refused request has no request").isFalse();
    }

    @Test
    void aRefusedRequestDoesNotDisplaceAnOpenOneWithTheSameId() {
        Gate gate = new Gate();
        ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, gate, null);
        byte[] requests = Frames.concat(adu(9, 1, "03 | 0064 | 0001"), adu(9, 1, "06 | 00D2 | 0385"));
        session.onData(true, MemorySegment.ofArray(requests), 0, requests.length, 10);
        assertThat(gate.anomalies).as("no duplicate-id anomaly for a request that went nowhere").isEmpty();
        byte[] answer = adu(9, 1, "03 | 02 | 0001");
        session.onData(false, MemorySegment.ofArray(answer), 0, answer.length, 20);
        assertThat(gate.only().readAddress()).isEqualTo(100);
    }

    @Test
    void aPassiveListenerIsNeverAsked() {
        RecordingListener passive = new RecordingListener() {
            @Override
            public boolean admitRequest(ModbusSession session, ModbusTransaction requestOnly) {
                throw new AssertionError("asked");
            }
        };
        ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, passive, null);
        byte[] request = adu(1, 1, "06 | 00D2 | 0385");
        session.onData(true, MemorySegment.ofArray(request), 0, request.length, 10);
        assertThat(session.openTransactions()).isEqualTo(1);
    }
}
