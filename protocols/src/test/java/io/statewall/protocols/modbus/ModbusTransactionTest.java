package io.statewall.protocols.modbus;

import static io.statewall.protocols.modbus.Frames.adu;
import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.protocols.DataArea;
import io.statewall.protocols.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** One request/response exchange through a session: pairing, decoded fields, classification. */
class ModbusTransactionTest {

    static final long T_REQUEST = 1_000;
    static final long T_RESPONSE = 2_500;

    /** Feeds one exchange (transaction 7, unit 17) and ends the flow; returns what was reported. */
    static Feeder run(String requestPdu, String responsePdu) {
        Feeder feeder = new Feeder();
        feeder.feed(true, adu(7, 17, requestPdu), T_REQUEST);
        if (responsePdu != null) {
            feeder.feed(false, adu(7, 17, responsePdu), T_RESPONSE);
        }
        feeder.end(T_RESPONSE);
        return feeder;
    }

    static TxSnapshot exchange(String requestPdu, String responsePdu) {
        return run(requestPdu, responsePdu).listener.only();
    }

    static List<ModbusVectors.Exchange> vectors() {
        return ModbusVectors.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyWellFormedExchangePairsWithoutAnomaly(ModbusVectors.Exchange exchange) {
        Feeder feeder = run(exchange.request(), exchange.response());
        TxSnapshot tx = feeder.listener.only();
        assertThat(feeder.listener.anomalies).isEmpty();
        assertThat(tx.anomalies()).isEmpty();
        assertThat(tx.transactionId()).isEqualTo(7);
        assertThat(tx.unitId()).isEqualTo(17);
        assertThat(tx.protocolId()).isZero();
        assertThat(tx.hasRequest()).isTrue();
        assertThat(tx.hasResponse()).isEqualTo(exchange.response() != null);
        assertThat(tx.requestTimestampNanos()).isEqualTo(T_REQUEST);
        assertThat(tx.responseTimestampNanos()).isEqualTo(exchange.response() == null ? 0 : T_RESPONSE);
        assertThat(tx.requestPdu()).isNotInstanceOf(MalformedPdu.class);
        if (tx.hasResponse()) {
            assertThat(tx.responsePdu()).isNotInstanceOf(MalformedPdu.class);
        }
        assertThat(feeder.session.transactions()).isEqualTo(1);
        assertThat(feeder.session.requests()).isEqualTo(1);
        assertThat(feeder.session.responses()).isEqualTo(exchange.response() == null ? 0 : 1);
        assertThat(feeder.session.anomalies()).isZero();
        assertThat(feeder.session.openTransactions()).isZero();
    }

    @Test
    void readCoilsGivesExactlyTheRequestedBitsLsbFirst() {
        TxSnapshot tx = exchange("01 | 0013 | 0013", "01 | 03 | CD 6B 05");
        assertThat(tx.function()).isEqualTo(FunctionCode.READ_COILS);
        assertThat(tx.readAddress()).isEqualTo(0x13);
        assertThat(tx.readQuantity()).isEqualTo(19);
        // §6.1: CD = coils 27..20, 6B = 35..28, 05 = 38..36 (bits above 38 are padding).
        assertThat(tx.readValues()).containsExactly(1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1);
        assertThat(tx.operation()).isEqualTo(Operation.READ);
        assertThat(tx.dataArea()).isEqualTo(DataArea.COILS);
        assertThat(AccessType.format(tx.accessType())).isEqualTo("READ | COILS");
        assertThat(tx.writeAddress()).isEqualTo(-1);
        assertThat(tx.writeValues()).isEmpty();
    }

    @Test
    void readDiscreteInputs() {
        TxSnapshot tx = exchange("02 | 00C4 | 0016", "02 | 03 | AC DB 35");
        assertThat(tx.readAddress()).isEqualTo(196);
        assertThat(tx.readValues()).hasSize(22);
        // AC = 1010 1100: inputs 197..204 LSB first = 0,0,1,1,0,1,0,1
        assertThat(tx.readValues().subList(0, 8)).containsExactly(0, 0, 1, 1, 0, 1, 0, 1);
        assertThat(tx.dataArea()).isEqualTo(DataArea.DISCRETE_INPUTS);
    }

    @Test
    void readHoldingAndInputRegisters() {
        TxSnapshot holding = exchange("03 | 006B | 0003", "03 | 06 | 022B 0000 0064");
        assertThat(holding.readAddress()).isEqualTo(107);
        assertThat(holding.readQuantity()).isEqualTo(3);
        assertThat(holding.readValues()).containsExactly(555, 0, 100);
        assertThat(holding.dataArea()).isEqualTo(DataArea.HOLDING_REGISTERS);
        TxSnapshot input = exchange("04 | 0008 | 0001", "04 | 02 | 000A");
        assertThat(input.readValues()).containsExactly(10);
        assertThat(input.dataArea()).isEqualTo(DataArea.INPUT_REGISTERS);
    }

    @ParameterizedTest(name = "coil value {0} writes {1}")
    @CsvSource({"FF00, 1", "0000, 0"})
    void writeSingleCoilMapsTheTwoLegalValues(String value, int written) {
        TxSnapshot tx = exchange("05 | 00AC | " + value, "05 | 00AC | " + value);
        assertThat(tx.writeAddress()).isEqualTo(0xAC);
        assertThat(tx.writeQuantity()).isEqualTo(1);
        assertThat(tx.writeValues()).containsExactly(written);
        assertThat(tx.operation()).isEqualTo(Operation.WRITE);
        assertThat(AccessType.format(tx.accessType())).isEqualTo("WRITE | COILS | SINGLE | WRITE_SINGLE");
    }

    @Test
    void writeSingleCoilWithAnIllegalValueWritesNothingAndIsFlagged() {
        TxSnapshot tx = exchange("05 | 00AC | 1234", "85 | 03");
        assertThat(tx.writeQuantity()).isEqualTo(1);
        assertThat(tx.writeValues()).isEmpty();
        assertThat(tx.anomalies()).containsExactly(ModbusAnomaly.INVALID_VALUE);
        assertThat(tx.exception()).isTrue();
        assertThat(tx.exceptionCode()).isEqualTo(3);
    }

    @Test
    void writeSingleAndMultipleRegisters() {
        TxSnapshot single = exchange("06 | 0001 | 0003", "06 | 0001 | 0003");
        assertThat(single.writeAddress()).isEqualTo(1);
        assertThat(single.writeValues()).containsExactly(3);
        TxSnapshot multiple = exchange("10 | 0001 | 0002 | 04 | 000A 0102", "10 | 0001 | 0002");
        assertThat(multiple.writeAddress()).isEqualTo(1);
        assertThat(multiple.writeQuantity()).isEqualTo(2);
        assertThat(multiple.writeValues()).containsExactly(10, 258);
        assertThat(AccessType.format(multiple.accessType())).isEqualTo("WRITE | HOLDING | MULTIPLE | WRITE_MULTIPLE");
    }

    @Test
    void writeMultipleCoilsGivesQuantityBitsLsbFirst() {
        TxSnapshot tx = exchange("0F | 0013 | 000A | 02 | CD 01", "0F | 0013 | 000A");
        assertThat(tx.writeAddress()).isEqualTo(0x13);
        assertThat(tx.writeQuantity()).isEqualTo(10);
        // §6.11: CD 01 = coils 27..20 then 29..28.
        assertThat(tx.writeValues()).containsExactly(1, 0, 1, 1, 0, 0, 1, 1, 1, 0);
    }

    @Test
    void maskWriteRegister() {
        TxSnapshot tx = exchange("16 | 0004 | 00F2 | 0025", "16 | 0004 | 00F2 | 0025");
        assertThat(tx.writeAddress()).isEqualTo(4);
        assertThat(tx.writeQuantity()).isEqualTo(1);
        assertThat(tx.andMask()).isEqualTo(0xF2);
        assertThat(tx.orMask()).isEqualTo(0x25);
        assertThat(tx.writeValues()).as("a mask is not a value").isEmpty();
        assertThat(AccessType.format(tx.accessType())).isEqualTo("WRITE | HOLDING");
    }

    @Test
    void readWriteMultipleRegistersHasBothHalves() {
        TxSnapshot tx = exchange("17 | 0003 0006 | 000E 0003 | 06 | 00FF 00FF 00FF",
                "17 | 0C | 00FE 0ACD 0001 0003 000D 00FF");
        assertThat(tx.readAddress()).isEqualTo(3);
        assertThat(tx.readQuantity()).isEqualTo(6);
        assertThat(tx.readValues()).containsExactly(0xFE, 0x0ACD, 1, 3, 0x0D, 0xFF);
        assertThat(tx.writeAddress()).isEqualTo(14);
        assertThat(tx.writeQuantity()).isEqualTo(3);
        assertThat(tx.writeValues()).containsExactly(0xFF, 0xFF, 0xFF);
        assertThat(tx.operation()).isEqualTo(Operation.READ_WRITE);
    }

    @Test
    void readFifoQueue() {
        TxSnapshot tx = exchange("18 | 04DE", "18 | 0006 | 0002 | 01B8 1284");
        assertThat(tx.readAddress()).isEqualTo(1246);
        assertThat(tx.readQuantity()).isEqualTo(2);
        assertThat(tx.readValues()).containsExactly(440, 4740);
        assertThat(tx.dataArea()).isEqualTo(DataArea.FIFO_QUEUE);
    }

    /** FC 8: classification by sub-function; 01 and 04 change how the device communicates. */
    @ParameterizedTest(name = "8/{0}")
    @CsvSource(textBlock = """
            0000 | A537, DIAGNOSTIC, PUBLIC_ASSIGNED
            0001 | FF00, CONTROL,    PUBLIC_ASSIGNED
            0002 | 0000, DIAGNOSTIC, PUBLIC_ASSIGNED
            0004 | 0000, CONTROL,    PUBLIC_ASSIGNED
            000A | 0000, DIAGNOSTIC, PUBLIC_ASSIGNED
            0014 | 0000, DIAGNOSTIC, PUBLIC_ASSIGNED
            0005 | 0000, UNKNOWN,    RESERVED
            0013 | 0000, DIAGNOSTIC, RESERVED
            0016,        UNKNOWN,    RESERVED
            """)
    void diagnosticsAreClassifiedBySubFunction(String data, Operation operation, FunctionCategory category) {
        TxSnapshot tx = exchange("08 | " + data, null);
        assertThat(tx.subFunction()).isEqualTo(Integer.parseInt(data.substring(0, 4), 16));
        assertThat(tx.operation()).isEqualTo(operation);
        assertThat(tx.category()).isEqualTo(category);
        assertThat(tx.dataArea()).isEqualTo(DataArea.NONE);
    }

    @Test
    void encapsulatedInterfaceIsClassifiedByMeiType() {
        TxSnapshot deviceId = exchange("2B 0E | 01 | 00", ModbusVectors.DEVICE_ID_RESPONSE);
        assertThat(deviceId.meiType()).isEqualTo(14);
        assertThat(deviceId.operation()).isEqualTo(Operation.IDENTIFICATION);
        assertThat(deviceId.dataArea()).isEqualTo(DataArea.DEVICE_IDENTIFICATION);
        assertThat(deviceId.category()).isEqualTo(FunctionCategory.PUBLIC_ASSIGNED);
        assertThat(((ReadDeviceIdentificationResponse) deviceId.responsePdu()).objects())
                .extracting(DeviceIdObject::asString).containsExactly("Company identification", "Product code XX", "V2.11");

        TxSnapshot canOpen = exchange("2B 0D | 0001", "2B 0D | 0002");
        assertThat(canOpen.operation()).isEqualTo(Operation.OTHER);
        assertThat(canOpen.category()).isEqualTo(FunctionCategory.PUBLIC_ASSIGNED);

        TxSnapshot reserved = exchange("2B 20 | 00", "AB 01");
        assertThat(reserved.meiType()).isEqualTo(0x20);
        assertThat(reserved.operation()).isEqualTo(Operation.UNKNOWN);
        assertThat(reserved.category()).isEqualTo(FunctionCategory.RESERVED);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            07,                           DIAGNOSTIC,     EXCEPTION_STATUS,      PUBLIC_ASSIGNED
            0B,                           DIAGNOSTIC,     EVENT_LOG,             PUBLIC_ASSIGNED
            0C,                           DIAGNOSTIC,     EVENT_LOG,             PUBLIC_ASSIGNED
            11,                           IDENTIFICATION, DEVICE_IDENTIFICATION, PUBLIC_ASSIGNED
            14 | 07 | 06 0001 0000 0001,  FILE_TRANSFER,  FILE_RECORDS,          PUBLIC_ASSIGNED
            09 | 0001,                    PROGRAM,        NONE,                  RESERVED
            0D,                           PROGRAM,        NONE,                  RESERVED
            13,                           CONTROL,        NONE,                  PUBLIC_UNASSIGNED
            41 | 0102,                    UNKNOWN,        NONE,                  USER_DEFINED
            64,                           UNKNOWN,        NONE,                  USER_DEFINED
            5A,                           UNKNOWN,        NONE,                  RESERVED
            """)
    void classificationOfOtherFunctions(String requestPdu, Operation operation, DataArea area, FunctionCategory category) {
        TxSnapshot tx = exchange(requestPdu, null);
        assertThat(tx.operation()).isEqualTo(operation);
        assertThat(tx.dataArea()).isEqualTo(area);
        assertThat(tx.category()).isEqualTo(category);
        assertThat(tx.anomalies()).isEmpty();
    }

    @Test
    void exceptionResponseHasNoValues() {
        Feeder feeder = run("03 | FFF0 | 0010", "83 | 02");
        TxSnapshot tx = feeder.listener.only();
        assertThat(tx.exception()).isTrue();
        assertThat(tx.exceptionCode()).isEqualTo(2);
        assertThat(tx.function()).isEqualTo(FunctionCode.READ_HOLDING_REGISTERS);
        assertThat(tx.functionRaw()).as("the request's byte").isEqualTo(3);
        assertThat(tx.readAddress()).isEqualTo(0xFFF0);
        assertThat(tx.readValues()).isEmpty();
        assertThat(tx.responsePdu()).isEqualTo(new ExceptionResponse(0x83, 2));
        assertThat(feeder.session.exceptions()).isEqualTo(1);
    }

    /** Found by ModbusDissectorFuzzTest (inputs regression-exception-without-code-*). */
    @Test
    void anExceptionResponseCutToItsFunctionByteHasNoCodeAndIsFlagged() {
        TxSnapshot tx = exchange("03 | 006B | 0003", "83");
        assertThat(tx.exception()).isTrue();
        assertThat(tx.exceptionCode()).isEqualTo(-1);
        assertThat(tx.anomalies()).containsExactly(ModbusAnomaly.INVALID_LENGTH);
        assertThat(tx.responsePdu()).isInstanceOf(MalformedPdu.class);
    }

    @Test
    void requestWithoutResponseHasNoResponseSide() {
        TxSnapshot tx = exchange("03 | 006B | 0003", null);
        assertThat(tx.hasResponse()).isFalse();
        assertThat(tx.response()).isNull();
        assertThat(tx.responseTimestampNanos()).isZero();
        assertThat(tx.exceptionCode()).isEqualTo(-1);
        assertThat(tx.exception()).isFalse();
        assertThat(tx.readAddress()).isEqualTo(107);
        assertThat(tx.readValues()).isEmpty();
    }

    @Test
    void fieldsOfFunctionsWithoutThemAreMinusOne() {
        TxSnapshot tx = exchange("07", "07 | 6D");
        assertThat(List.of(tx.readAddress(), tx.readQuantity(), tx.writeAddress(), tx.writeQuantity(),
                tx.subFunction(), tx.meiType(), tx.andMask(), tx.orMask())).containsOnly(-1);
        assertThat(tx.readValues()).isEmpty();
        assertThat(tx.writeValues()).isEmpty();
    }

    @Test
    void valuesNeverReachBeyondTheBytesPresent() {
        // FC 3 response announcing the right 6 bytes but carrying 2: one register, INVALID_LENGTH.
        TxSnapshot lyingCount = exchange("03 | 006B | 0003", "03 | 06 | 022B");
        assertThat(lyingCount.readValues()).containsExactly(555);
        assertThat(lyingCount.anomalies()).containsExactly(ModbusAnomaly.INVALID_LENGTH);
        // FC 16 request announcing 2 registers with a byte count of 4 but 2 bytes of data.
        TxSnapshot shortWrite = exchange("10 | 0001 | 0002 | 04 | 000A", "10 | 0001 | 0002");
        assertThat(shortWrite.writeQuantity()).isEqualTo(2);
        assertThat(shortWrite.writeValues()).containsExactly(10);
        assertThat(shortWrite.anomalies()).contains(ModbusAnomaly.INVALID_LENGTH);
        // FC 1 request too short to carry a quantity: every transmitted bit is reported.
        TxSnapshot noQuantity = exchange("01 | 0013", "01 | 01 | 05");
        assertThat(noQuantity.readQuantity()).isEqualTo(-1);
        assertThat(noQuantity.readValues()).containsExactly(1, 0, 1, 0, 0, 0, 0, 0);
        // FC 15 request cut after the quantity.
        TxSnapshot cutCoils = exchange("0F | 0013", "8F | 03");
        assertThat(cutCoils.writeValues()).isEmpty();
        assertThat(cutCoils.writeQuantity()).isEqualTo(-1);
    }
}
