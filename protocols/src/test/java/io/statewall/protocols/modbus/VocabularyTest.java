package io.statewall.protocols.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.protocols.DataArea;
import io.statewall.protocols.Operation;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VocabularyTest {

    /** Code, enum name, sawp-modbus name, operation, data area, Suricata access_type text, MB-AP §5 category. */
    @ParameterizedTest(name = "FC {0} {1}")
    @CsvSource(delimiter = ';', textBlock = """
            1;  READ_COILS;                       RdCoils;          READ;           COILS;                 READ | COILS;                                              PUBLIC_ASSIGNED
            2;  READ_DISCRETE_INPUTS;             RdDiscreteInputs; READ;           DISCRETE_INPUTS;       READ | DISCRETES;                                          PUBLIC_ASSIGNED
            3;  READ_HOLDING_REGISTERS;           RdHoldRegs;       READ;           HOLDING_REGISTERS;     READ | HOLDING;                                            PUBLIC_ASSIGNED
            4;  READ_INPUT_REGISTERS;             RdInputRegs;      READ;           INPUT_REGISTERS;       READ | INPUT;                                              PUBLIC_ASSIGNED
            5;  WRITE_SINGLE_COIL;                WrSingleCoil;     WRITE;          COILS;                 WRITE | COILS | SINGLE | WRITE_SINGLE;                     PUBLIC_ASSIGNED
            6;  WRITE_SINGLE_REGISTER;            WrSingleReg;      WRITE;          HOLDING_REGISTERS;     WRITE | HOLDING | SINGLE | WRITE_SINGLE;                   PUBLIC_ASSIGNED
            7;  READ_EXCEPTION_STATUS;            RdExcStatus;      DIAGNOSTIC;     EXCEPTION_STATUS;      NONE;                                                      PUBLIC_ASSIGNED
            8;  DIAGNOSTICS;                      Diagnostic;       DIAGNOSTIC;     NONE;                  NONE;                                                      PUBLIC_ASSIGNED
            9;  PROGRAM_484;                      Program484;       PROGRAM;        NONE;                  NONE;                                                      RESERVED
            10; POLL_484;                         Poll484;          PROGRAM;        NONE;                  NONE;                                                      RESERVED
            11; GET_COMM_EVENT_COUNTER;           GetCommEventCtr;  DIAGNOSTIC;     EVENT_LOG;             NONE;                                                      PUBLIC_ASSIGNED
            12; GET_COMM_EVENT_LOG;               GetCommEventLog;  DIAGNOSTIC;     EVENT_LOG;             NONE;                                                      PUBLIC_ASSIGNED
            13; PROGRAM_CONTROLLER;               ProgramController; PROGRAM;       NONE;                  NONE;                                                      RESERVED
            14; POLL_CONTROLLER;                  PollController;   PROGRAM;        NONE;                  NONE;                                                      RESERVED
            15; WRITE_MULTIPLE_COILS;             WrMultCoils;      WRITE;          COILS;                 WRITE | COILS | MULTIPLE | WRITE_MULTIPLE;                 PUBLIC_ASSIGNED
            16; WRITE_MULTIPLE_REGISTERS;         WrMultRegs;       WRITE;          HOLDING_REGISTERS;     WRITE | HOLDING | MULTIPLE | WRITE_MULTIPLE;               PUBLIC_ASSIGNED
            17; REPORT_SERVER_ID;                 ReportServerID;   IDENTIFICATION; DEVICE_IDENTIFICATION; NONE;                                                      PUBLIC_ASSIGNED
            18; PROGRAM_884;                      Program884;       PROGRAM;        NONE;                  NONE;                                                      PUBLIC_UNASSIGNED
            19; RESET_COMM_LINK;                  ResetCommLink;    CONTROL;        NONE;                  NONE;                                                      PUBLIC_UNASSIGNED
            20; READ_FILE_RECORD;                 RdFileRec;        FILE_TRANSFER;  FILE_RECORDS;          NONE;                                                      PUBLIC_ASSIGNED
            21; WRITE_FILE_RECORD;                WrFileRec;        FILE_TRANSFER;  FILE_RECORDS;          NONE;                                                      PUBLIC_ASSIGNED
            22; MASK_WRITE_REGISTER;              MaskWrReg;        WRITE;          HOLDING_REGISTERS;     WRITE | HOLDING;                                           PUBLIC_ASSIGNED
            23; READ_WRITE_MULTIPLE_REGISTERS;    RdWrMultRegs;     READ_WRITE;     HOLDING_REGISTERS;     READ | WRITE | HOLDING | MULTIPLE | WRITE_MULTIPLE;        PUBLIC_ASSIGNED
            24; READ_FIFO_QUEUE;                  RdFIFOQueue;      READ;           FIFO_QUEUE;            NONE;                                                      PUBLIC_ASSIGNED
            43; ENCAPSULATED_INTERFACE_TRANSPORT; MEI;              OTHER;          NONE;                  NONE;                                                      PUBLIC_ASSIGNED
            """)
    void namedFunctionCodes(int code, FunctionCode expected, String suricataName, Operation operation,
                            DataArea dataArea, String accessText, FunctionCategory category) {
        FunctionCode fc = FunctionCode.of(code);
        assertThat(fc).isEqualTo(expected);
        assertThat(fc.code()).isEqualTo(code);
        assertThat(fc.suricataName()).isEqualTo(suricataName);
        assertThat(fc.operation()).isEqualTo(operation);
        assertThat(fc.dataArea()).isEqualTo(dataArea);
        assertThat(AccessType.format(fc.accessType())).isEqualTo(accessText);
        assertThat(fc.category()).isEqualTo(category);
        assertThat(FunctionCode.category(code)).isEqualTo(category);
        assertThat(FunctionCode.of(code | 0x80)).as("exception bit ignored").isEqualTo(expected);
    }

    @Test
    void everyNamedCodeIsInTheTableAboveAndEveryOtherCodeIsUnknown() {
        long named = IntStream.range(0, 256).filter(raw -> FunctionCode.of(raw) != FunctionCode.UNKNOWN).count();
        assertThat(named).as("25 named codes, each also with the exception bit").isEqualTo(50);
        assertThat(FunctionCode.of(0)).isEqualTo(FunctionCode.UNKNOWN);
        assertThat(FunctionCode.of(65)).isEqualTo(FunctionCode.UNKNOWN);
        assertThat(FunctionCode.UNKNOWN.suricataName()).isEqualTo("Unknown");
        assertThat(FunctionCode.UNKNOWN.operation()).isEqualTo(Operation.UNKNOWN);
        assertThat(FunctionCode.UNKNOWN.category()).isEqualTo(FunctionCategory.NONE);
    }

    /** MB-AP §5 Figure 10 and Annex A, code by code. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            0,   NONE
            25,  PUBLIC_UNASSIGNED
            40,  PUBLIC_UNASSIGNED
            41,  RESERVED
            42,  RESERVED
            44,  PUBLIC_UNASSIGNED
            50,  PUBLIC_UNASSIGNED
            64,  PUBLIC_UNASSIGNED
            65,  USER_DEFINED
            72,  USER_DEFINED
            73,  PUBLIC_UNASSIGNED
            90,  RESERVED
            91,  RESERVED
            99,  PUBLIC_UNASSIGNED
            100, USER_DEFINED
            110, USER_DEFINED
            111, PUBLIC_UNASSIGNED
            124, PUBLIC_UNASSIGNED
            125, RESERVED
            126, RESERVED
            127, RESERVED
            193, USER_DEFINED
            """)
    void categoriesOfUnnamedCodes(int raw, FunctionCategory expected) {
        assertThat(FunctionCode.category(raw)).isEqualTo(expected);
    }

    @Test
    void accessTypeTextFollowsSawpFlagsDisplay() {
        assertThat(AccessType.format(AccessType.NONE)).isEqualTo("NONE");
        assertThat(AccessType.format(AccessType.READ | AccessType.COILS)).isEqualTo("READ | COILS");
        assertThat(AccessType.format(AccessType.DISCRETES | AccessType.COILS)).isEqualTo("DISCRETES | COILS | BIT_ACCESS_MASK");
        assertThat(AccessType.format(AccessType.FUNC_MASK))
                .isEqualTo("DISCRETES | COILS | INPUT | HOLDING | BIT_ACCESS_MASK | FUNC_MASK");
        assertThat(AccessType.format(0x1FF)).as("bits above 0xFF ignored").isEqualTo(AccessType.format(0xFF));
        assertThat(AccessType.format(AccessType.READ)).isSameAs(AccessType.format(AccessType.READ));
        assertThat(AccessType.has(AccessType.WRITE_SINGLE | AccessType.HOLDING, AccessType.WRITE_SINGLE)).isTrue();
        assertThat(AccessType.has(AccessType.WRITE, AccessType.WRITE_SINGLE)).isFalse();
    }

    @ParameterizedTest(name = "exception {0} -> {1}")
    @CsvSource(textBlock = """
            1,  ILLEGAL_FUNCTION,                        IllegalFunction
            2,  ILLEGAL_DATA_ADDRESS,                    IllegalDataAddr
            3,  ILLEGAL_DATA_VALUE,                      IllegalDataValue
            4,  SERVER_DEVICE_FAILURE,                   ServerDeviceFail
            5,  ACKNOWLEDGE,                             Ack
            6,  SERVER_DEVICE_BUSY,                      ServerDeviceBusy
            7,  NEGATIVE_ACKNOWLEDGE,                    NegAck
            8,  MEMORY_PARITY_ERROR,                     MemParityErr
            10, GATEWAY_PATH_UNAVAILABLE,                GatewayPathUnavailable
            11, GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND, GatewayTargetFailToResp
            0,  UNKNOWN,                                 Unknown
            9,  UNKNOWN,                                 Unknown
            12, UNKNOWN,                                 Unknown
            255, UNKNOWN,                                Unknown
            """)
    void exceptionCodes(int raw, ExceptionCode expected, String suricataName) {
        assertThat(ExceptionCode.of(raw)).isEqualTo(expected);
        assertThat(expected.suricataName()).isEqualTo(suricataName);
    }

    @ParameterizedTest(name = "8/{0} -> {1}")
    @CsvSource(textBlock = """
            0,     RETURN_QUERY_DATA,                      RetQueryData,            DIAGNOSTIC, true
            1,     RESTART_COMMUNICATIONS_OPTION,          RestartCommOpt,          CONTROL,    true
            2,     RETURN_DIAGNOSTIC_REGISTER,             RetDiagReg,              DIAGNOSTIC, true
            3,     CHANGE_ASCII_INPUT_DELIMITER,           ChangeInputDelimiter,    DIAGNOSTIC, true
            4,     FORCE_LISTEN_ONLY_MODE,                 ForceListenOnlyMode,     CONTROL,    true
            5,     UNKNOWN,                                Reserved,                UNKNOWN,    false
            9,     UNKNOWN,                                Reserved,                UNKNOWN,    false
            10,    CLEAR_COUNTERS_AND_DIAGNOSTIC_REGISTER, ClearCtrDiagReg,         DIAGNOSTIC, true
            11,    RETURN_BUS_MESSAGE_COUNT,               RetBusMsgCount,          DIAGNOSTIC, true
            12,    RETURN_BUS_COMMUNICATION_ERROR_COUNT,   RetBusCommErrCount,      DIAGNOSTIC, true
            13,    RETURN_BUS_EXCEPTION_ERROR_COUNT,       RetBusExcErrCount,       DIAGNOSTIC, true
            14,    RETURN_SERVER_MESSAGE_COUNT,            RetServerMsgCount,       DIAGNOSTIC, true
            15,    RETURN_SERVER_NO_RESPONSE_COUNT,        RetServerNoRespCount,    DIAGNOSTIC, true
            16,    RETURN_SERVER_NAK_COUNT,                RetServerNAKCount,       DIAGNOSTIC, true
            17,    RETURN_SERVER_BUSY_COUNT,               RetServerBusyCount,      DIAGNOSTIC, true
            18,    RETURN_BUS_CHARACTER_OVERRUN_COUNT,     RetBusCharOverrunCount,  DIAGNOSTIC, true
            19,    RETURN_OVERRUN_ERROR_COUNT,             RetOverrunErrCount,      DIAGNOSTIC, false
            20,    CLEAR_OVERRUN_COUNTER_AND_FLAG,         ClearOverrunCounterFlag, DIAGNOSTIC, true
            21,    GET_CLEAR_MODBUS_PLUS_STATISTICS,       GetClearPlusStats,       DIAGNOSTIC, false
            22,    UNKNOWN,                                Reserved,                UNKNOWN,    false
            65535, UNKNOWN,                                Reserved,                UNKNOWN,    false
            -1,    UNKNOWN,                                Reserved,                UNKNOWN,    false
            """)
    void diagnosticSubFunctions(int raw, DiagnosticSubFunction expected, String suricataName, Operation operation,
                                boolean isPublic) {
        DiagnosticSubFunction sub = DiagnosticSubFunction.of(raw);
        assertThat(sub).isEqualTo(expected);
        assertThat(sub.suricataName()).isEqualTo(suricataName);
        assertThat(sub.operation()).isEqualTo(operation);
        assertThat(sub.isPublic()).isEqualTo(isPublic);
    }

    @Test
    void meiTypes() {
        assertThat(MeiType.of(13)).isEqualTo(MeiType.CANOPEN_GENERAL_REFERENCE);
        assertThat(MeiType.of(13).suricataName()).isEqualTo("CANOpenGenRefReqResp");
        assertThat(MeiType.of(14)).isEqualTo(MeiType.READ_DEVICE_ID);
        assertThat(MeiType.of(14).suricataName()).isEqualTo("RdDevId");
        assertThat(MeiType.of(14).operation()).isEqualTo(Operation.IDENTIFICATION);
        assertThat(MeiType.of(14).dataArea()).isEqualTo(DataArea.DEVICE_IDENTIFICATION);
        assertThat(MeiType.of(0)).isEqualTo(MeiType.UNKNOWN);
        assertThat(MeiType.of(15)).isEqualTo(MeiType.UNKNOWN);
        assertThat(MeiType.UNKNOWN.suricataName()).isEqualTo("Unknown");
    }

    @Test
    void anomalyEventNamesAreSuricatasWhereSuricataHasTheEvent() {
        assertThat(ModbusAnomaly.UNSOLICITED_RESPONSE.eventName()).isEqualTo("unsolicited_response");
        assertThat(ModbusAnomaly.INVALID_FUNCTION_CODE.eventName()).isEqualTo("invalid_function_code");
        assertThat(ModbusAnomaly.INVALID_LENGTH.eventName()).isEqualTo("invalid_length");
        assertThat(ModbusAnomaly.INVALID_VALUE.eventName()).isEqualTo("invalid_value");
        assertThat(ModbusAnomaly.INVALID_EXCEPTION_CODE.eventName()).isEqualTo("invalid_exception_code");
        assertThat(ModbusAnomaly.VALUE_MISMATCH.eventName()).isEqualTo("value_mismatch");
        assertThat(ModbusAnomaly.FLOODED.eventName()).isEqualTo("flooded");
        assertThat(ModbusAnomaly.INVALID_PROTOCOL_ID.eventName()).isEqualTo("invalid_protocol_id");
        for (ModbusAnomaly anomaly : ModbusAnomaly.values()) {
            assertThat(anomaly.eventName()).matches("[a-z_]+").isEqualTo(anomaly.name().toLowerCase());
            assertThat(anomaly.reason()).isNotBlank();
            assertThat(anomaly.in(anomaly.bit())).isTrue();
        }
        assertThat(ModbusAnomaly.values().length).as("flags fit in an int").isLessThan(32);
    }

    @Test
    void limitsAreCheckedBeforeUse() {
        assertThat(ModbusLimits.DEFAULT.maxOpenTransactions()).isEqualTo(64);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ModbusLimits(0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ModbusLimits(65537, 0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ModbusLimits(1, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
