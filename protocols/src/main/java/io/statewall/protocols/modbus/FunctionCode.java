package io.statewall.protocols.modbus;

import io.statewall.protocols.DataArea;
import io.statewall.protocols.Operation;

/**
 * Modbus function codes (MB-AP §5.1 and §6), named after the specification, with the meaning
 * that rules match on. {@link #suricataName()} is sawp-modbus's {@code FunctionCode} name,
 * which Suricata logs as {@code function_code}.
 *
 * <p>Besides the public codes this enum names the legacy Modicon programming codes that
 * sawp-modbus (and hence Suricata) names: 9, 10, 13, 14 (reserved by Annex A) and 18, 19
 * (PI-MBUS-300). Naming them lets rules see them as {@link Operation#PROGRAM}/{@link
 * Operation#CONTROL} instead of "unknown"; their {@link #category()} still follows the spec.
 * Every other code maps to {@link #UNKNOWN}; the raw byte is always kept beside it.
 */
public enum FunctionCode {
    /** FC 1, MB-AP §6.1: read 1–2000 coils. */
    READ_COILS(1, "RdCoils", Operation.READ, DataArea.COILS, AccessType.READ | AccessType.COILS),
    /** FC 2, MB-AP §6.2: read 1–2000 discrete inputs. */
    READ_DISCRETE_INPUTS(2, "RdDiscreteInputs", Operation.READ, DataArea.DISCRETE_INPUTS,
            AccessType.READ | AccessType.DISCRETES),
    /** FC 3, MB-AP §6.3: read 1–125 holding registers. */
    READ_HOLDING_REGISTERS(3, "RdHoldRegs", Operation.READ, DataArea.HOLDING_REGISTERS,
            AccessType.READ | AccessType.HOLDING),
    /** FC 4, MB-AP §6.4: read 1–125 input registers. */
    READ_INPUT_REGISTERS(4, "RdInputRegs", Operation.READ, DataArea.INPUT_REGISTERS,
            AccessType.READ | AccessType.INPUT),
    /** FC 5, MB-AP §6.5: force one coil ON (0xFF00) or OFF (0x0000). */
    WRITE_SINGLE_COIL(5, "WrSingleCoil", Operation.WRITE, DataArea.COILS,
            AccessType.WRITE_SINGLE | AccessType.COILS),
    /** FC 6, MB-AP §6.6: write one holding register. */
    WRITE_SINGLE_REGISTER(6, "WrSingleReg", Operation.WRITE, DataArea.HOLDING_REGISTERS,
            AccessType.WRITE_SINGLE | AccessType.HOLDING),
    /** FC 7, MB-AP §6.7 (serial line): read the eight exception status outputs. */
    READ_EXCEPTION_STATUS(7, "RdExcStatus", Operation.DIAGNOSTIC, DataArea.EXCEPTION_STATUS,
            AccessType.NONE),
    /**
     * FC 8, MB-AP §6.8 (serial line): diagnostics; the meaning depends on the sub-function
     * (see {@link DiagnosticSubFunction#operation()}).
     */
    DIAGNOSTICS(8, "Diagnostic", Operation.DIAGNOSTIC, DataArea.NONE, AccessType.NONE),
    /** FC 9, reserved (Annex A): legacy Modicon 484 "Program". */
    PROGRAM_484(9, "Program484", Operation.PROGRAM, DataArea.NONE, AccessType.NONE),
    /** FC 10, reserved (Annex A): legacy Modicon 484 "Poll" (program completion). */
    POLL_484(10, "Poll484", Operation.PROGRAM, DataArea.NONE, AccessType.NONE),
    /** FC 11, MB-AP §6.9 (serial line): read the communication event counter. */
    GET_COMM_EVENT_COUNTER(11, "GetCommEventCtr", Operation.DIAGNOSTIC, DataArea.EVENT_LOG,
            AccessType.NONE),
    /** FC 12, MB-AP §6.10 (serial line): read the communication event log. */
    GET_COMM_EVENT_LOG(12, "GetCommEventLog", Operation.DIAGNOSTIC, DataArea.EVENT_LOG,
            AccessType.NONE),
    /** FC 13, reserved (Annex A): legacy Modicon "Program Controller". */
    PROGRAM_CONTROLLER(13, "ProgramController", Operation.PROGRAM, DataArea.NONE, AccessType.NONE),
    /** FC 14, reserved (Annex A): legacy Modicon "Poll Controller". */
    POLL_CONTROLLER(14, "PollController", Operation.PROGRAM, DataArea.NONE, AccessType.NONE),
    /** FC 15, MB-AP §6.11: force 1–1968 coils. */
    WRITE_MULTIPLE_COILS(15, "WrMultCoils", Operation.WRITE, DataArea.COILS,
            AccessType.WRITE_MULTIPLE | AccessType.COILS),
    /** FC 16, MB-AP §6.12: write 1–123 holding registers. */
    WRITE_MULTIPLE_REGISTERS(16, "WrMultRegs", Operation.WRITE, DataArea.HOLDING_REGISTERS,
            AccessType.WRITE_MULTIPLE | AccessType.HOLDING),
    /** FC 17, MB-AP §6.13 (serial line): report the server's type, status and ID. */
    REPORT_SERVER_ID(17, "ReportServerID", Operation.IDENTIFICATION,
            DataArea.DEVICE_IDENTIFICATION, AccessType.NONE),
    /** FC 18, legacy (PI-MBUS-300): Modicon 884/M84 "Program"; unassigned in MB-AP. */
    PROGRAM_884(18, "Program884", Operation.PROGRAM, DataArea.NONE, AccessType.NONE),
    /** FC 19, legacy (PI-MBUS-300): Modicon 884/M84 "Reset Comm. Link"; unassigned in MB-AP. */
    RESET_COMM_LINK(19, "ResetCommLink", Operation.CONTROL, DataArea.NONE, AccessType.NONE),
    /** FC 20, MB-AP §6.14: read groups of file records. */
    READ_FILE_RECORD(20, "RdFileRec", Operation.FILE_TRANSFER, DataArea.FILE_RECORDS,
            AccessType.NONE),
    /** FC 21, MB-AP §6.15: write groups of file records. */
    WRITE_FILE_RECORD(21, "WrFileRec", Operation.FILE_TRANSFER, DataArea.FILE_RECORDS,
            AccessType.NONE),
    /** FC 22, MB-AP §6.16: modify one holding register with AND/OR masks. */
    MASK_WRITE_REGISTER(22, "MaskWrReg", Operation.WRITE, DataArea.HOLDING_REGISTERS,
            AccessType.WRITE | AccessType.HOLDING),
    /** FC 23, MB-AP §6.17: write then read holding registers in one transaction. */
    READ_WRITE_MULTIPLE_REGISTERS(23, "RdWrMultRegs", Operation.READ_WRITE,
            DataArea.HOLDING_REGISTERS, AccessType.READ | AccessType.WRITE_MULTIPLE | AccessType.HOLDING),
    /** FC 24, MB-AP §6.18: read up to 31 queued registers. */
    READ_FIFO_QUEUE(24, "RdFIFOQueue", Operation.READ, DataArea.FIFO_QUEUE, AccessType.NONE),
    /**
     * FC 43, MB-AP §6.19: Encapsulated Interface Transport; the meaning depends on the MEI
     * type (see {@link MeiType}): 14 is Read Device Identification (§6.21).
     */
    ENCAPSULATED_INTERFACE_TRANSPORT(43, "MEI", Operation.OTHER, DataArea.NONE, AccessType.NONE),
    /** Any other code: unassigned, user-defined, reserved without a name, or 0. */
    UNKNOWN(-1, "Unknown", Operation.UNKNOWN, DataArea.NONE, AccessType.NONE);

    private static final FunctionCode[] BY_CODE = new FunctionCode[128];
    private static final FunctionCategory[] CATEGORY = new FunctionCategory[128];
    /**
     * Codes a resynchronising probe accepts as a frame start: every code in use in the field,
     * i.e. all but 0 and the unassigned public codes. Reserved codes count: Annex A reserves
     * them because vendors use them (Schneider UMAS runs on FC 90), and a probe that refused
     * them would never find its way back into such a stream.
     */
    private static final boolean[] PLAUSIBLE = new boolean[128];

    static {
        for (int code = 0; code < 128; code++) {
            BY_CODE[code] = UNKNOWN;
            CATEGORY[code] = categoryOf(code);
        }
        for (FunctionCode fc : values()) {
            if (fc.code >= 0) {
                BY_CODE[fc.code] = fc;
            }
        }
        for (int code = 0; code < 128; code++) {
            PLAUSIBLE[code] = BY_CODE[code] != UNKNOWN
                    || CATEGORY[code] == FunctionCategory.USER_DEFINED
                    || CATEGORY[code] == FunctionCategory.RESERVED;
        }
    }

    private final int code;
    private final String suricataName;
    private final Operation operation;
    private final DataArea dataArea;
    private final int accessType;

    FunctionCode(int code, String suricataName, Operation operation, DataArea dataArea, int accessType) {
        this.code = code;
        this.suricataName = suricataName;
        this.operation = operation;
        this.dataArea = dataArea;
        this.accessType = accessType;
    }

    /** The code (1–127), or -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    /** sawp-modbus / Suricata name, e.g. {@code "RdHoldRegs"}; {@code "Unknown"} for {@link #UNKNOWN}. */
    public String suricataName() {
        return suricataName;
    }

    /** What the function does, before refinement by sub-function or MEI type. */
    public Operation operation() {
        return operation;
    }

    /** Which data the function addresses, before refinement by MEI type. */
    public DataArea dataArea() {
        return dataArea;
    }

    /** {@link AccessType} bits as sawp-modbus assigns them. */
    public int accessType() {
        return accessType;
    }

    /** The spec category of this code; {@link FunctionCategory#NONE} for {@link #UNKNOWN}. */
    public FunctionCategory category() {
        return code < 0 ? FunctionCategory.NONE : CATEGORY[code];
    }

    /** The function for a raw function byte; the exception bit (0x80) is ignored. */
    public static FunctionCode of(int raw) {
        return BY_CODE[raw & 0x7F];
    }

    /** The MB-AP §5 category of a raw function byte; the exception bit (0x80) is ignored. */
    public static FunctionCategory category(int raw) {
        return CATEGORY[raw & 0x7F];
    }

    /** True when {@code code} (0–127) is named, user-defined or reserved: a plausible frame start. */
    static boolean plausible(int code) {
        return PLAUSIBLE[code & 0x7F];
    }

    /** MB-AP §5 Figure 10 ranges, with Annex A's reserved codes and §5.1's assigned ones. */
    private static FunctionCategory categoryOf(int code) {
        return switch (code) {
            case 0 -> FunctionCategory.NONE;
            case 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 15, 16, 17, 20, 21, 22, 23, 24, 43 ->
                    FunctionCategory.PUBLIC_ASSIGNED;
            case 9, 10, 13, 14, 41, 42, 90, 91, 125, 126, 127 -> FunctionCategory.RESERVED;
            default -> (code >= 65 && code <= 72) || (code >= 100 && code <= 110)
                    ? FunctionCategory.USER_DEFINED
                    : FunctionCategory.PUBLIC_UNASSIGNED;
        };
    }
}
