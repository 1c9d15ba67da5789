package io.statewall.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusLimits;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusPduDecoder;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import io.statewall.protocols.modbus.ReadHoldingRegistersRequest;
import io.statewall.protocols.modbus.ReadHoldingRegistersResponse;
import io.statewall.protocols.modbus.RegisterValues;
import io.statewall.protocols.modbus.WriteMultipleRegistersRequest;
import io.statewall.protocols.modbus.WriteMultipleRegistersResponse;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The dissector benchmark's conversation: exact bytes, and clean for a real session. */
class ModbusTrafficTest {
    private static final ModbusTraffic TRAFFIC = ModbusTraffic.build(16);

    static Stream<Arguments> adus() {
        return Stream.of(
                Arguments.of("transaction 0: FC 3 request, 10 registers from 0", 0,
                        "0001 0000 0006 01 | 03 0000 000a"),
                Arguments.of("transaction 0: FC 3 response, byte count 20, first scan values", 1,
                        "0001 0000 0017 01 | 03 14 03e8 040d 0432 0457 047c 04a1 04c6 04eb 0510 0535"),
                Arguments.of("transaction 1: polls the next block, from 100", 2,
                        "0002 0000 0006 01 | 03 0064 000a"),
                Arguments.of("transaction 7: FC 16 request, 4 setpoints at 1000, byte count 8", 14,
                        "0008 0000 000f 01 | 10 03e8 0004 08 0801 07fc 0828 0854"),
                Arguments.of("transaction 7: FC 16 response echoes address and quantity", 15,
                        "0008 0000 0006 01 | 10 03e8 0004"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adus")
    void writesTheAdu(String name, int adu, String hex) {
        byte[] actual = Arrays.copyOfRange(TRAFFIC.bytes, TRAFFIC.offset[adu], TRAFFIC.offset[adu] + TRAFFIC.length[adu]);
        assertThat(HexFormat.of().formatHex(actual)).isEqualTo(hex.replaceAll("[ |]", ""));
    }

    @Test
    void laysTheAdusBackToBackRequestThenResponse() {
        int end = 0;
        for (int i = 0; i < TRAFFIC.adus(); i++) {
            assertThat(TRAFFIC.offset[i]).as("offset of ADU %d", i).isEqualTo(end);
            assertThat(TRAFFIC.toServer[i]).as("direction of ADU %d", i).isEqualTo(i % 2 == 0);
            end += TRAFFIC.length[i];
        }
        assertThat(end).isEqualTo(TRAFFIC.bytes.length);
        assertThat(TRAFFIC.clientBytes + TRAFFIC.serverBytes).isEqualTo(TRAFFIC.bytes.length);
        assertThat(TRAFFIC.writes).as("one write in eight").isEqualTo(2);
    }

    @Test
    void decodesToWellFormedRecords() {
        assertThat(ModbusPduDecoder.decode(segment(), TRAFFIC.pduOffset(0), TRAFFIC.pduLength(0), true))
                .isEqualTo(new ReadHoldingRegistersRequest(0, 10));
        assertThat(ModbusPduDecoder.decode(segment(), TRAFFIC.pduOffset(1), TRAFFIC.pduLength(1), false))
                .isInstanceOfSatisfying(ReadHoldingRegistersResponse.class,
                        r -> assertThat(r.registers().size()).isEqualTo(10));
        assertThat(ModbusPduDecoder.decode(segment(), TRAFFIC.pduOffset(14), TRAFFIC.pduLength(14), true))
                .isEqualTo(new WriteMultipleRegistersRequest(1000, RegisterValues.of(0x0801, 0x07FC, 0x0828, 0x0854)));
        assertThat(ModbusPduDecoder.decode(segment(), TRAFFIC.pduOffset(15), TRAFFIC.pduLength(15), false))
                .isEqualTo(new WriteMultipleRegistersResponse(1000, 4));
    }

    @Test
    void aSessionSeesEveryTransactionAndNoAnomaly() {
        List<String> seen = new ArrayList<>();
        List<ModbusAnomaly> anomalies = new ArrayList<>();
        ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, new ModbusListener() {
            @Override
            public void onTransaction(ModbusSession s, ModbusTransaction tx) {
                seen.add(tx.transactionId() + ":" + tx.functionRaw() + ":" + tx.hasResponse());
            }

            @Override
            public void onAnomaly(ModbusSession s, ModbusAnomaly anomaly, boolean toServer, long ts, int tid, long d) {
                anomalies.add(anomaly);
            }
        }, null);
        for (int i = 0; i < TRAFFIC.adus(); i++) {
            int consumed = session.onData(TRAFFIC.toServer[i], segment(), TRAFFIC.offset[i], TRAFFIC.length[i], i);
            assertThat(consumed).as("ADU %d consumed whole", i).isEqualTo(TRAFFIC.length[i]);
        }
        assertThat(anomalies).isEmpty();
        assertThat(seen).hasSize(16).startsWith("1:3:true", "2:3:true").contains("8:16:true", "16:16:true");
        assertThat(session.openTransactions()).isZero();
    }

    @Test
    void refusesAnEmptyConversation() {
        assertThatThrownBy(() -> ModbusTraffic.build(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static MemorySegment segment() {
        return MemorySegment.ofArray(TRAFFIC.bytes);
    }
}
