package io.statewall.protocols.modbus;

import io.statewall.protocols.Operation;

/**
 * Sub-functions of FC 8 Diagnostics (MB-AP §6.8.1). {@link #suricataName()} is sawp-modbus's
 * {@code DiagnosticSubfunction} name; sawp names every unlisted value "Reserved".
 *
 * <p>Two legacy values that sawp names are kept although Annex A reserves them (8/19 and
 * 8/21): {@link #isPublic()} is false for them, and a transaction carrying them is in
 * category {@link FunctionCategory#RESERVED}.
 */
public enum DiagnosticSubFunction {
    /** 00: loop back the request data. */
    RETURN_QUERY_DATA(0x00, "RetQueryData", Operation.DIAGNOSTIC, true),
    /**
     * 01: re-initialise and restart the serial port, clear the counters (and with data FF00
     * the event log); the only way out of listen-only mode. {@link Operation#CONTROL}: it
     * restarts the device's communications rather than reading diagnostics.
     */
    RESTART_COMMUNICATIONS_OPTION(0x01, "RestartCommOpt", Operation.CONTROL, true),
    /** 02: return the 16-bit diagnostic register. */
    RETURN_DIAGNOSTIC_REGISTER(0x02, "RetDiagReg", Operation.DIAGNOSTIC, true),
    /** 03: change the ASCII end-of-message delimiter. */
    CHANGE_ASCII_INPUT_DELIMITER(0x03, "ChangeInputDelimiter", Operation.DIAGNOSTIC, true),
    /**
     * 04: put the server in listen-only mode; no response is returned. {@link
     * Operation#CONTROL}: the device stops answering anyone until restarted by 8/01, which
     * removes it from the control loop (a denial of service when not intended).
     */
    FORCE_LISTEN_ONLY_MODE(0x04, "ForceListenOnlyMode", Operation.CONTROL, true),
    /** 0A: clear all counters and the diagnostic register. */
    CLEAR_COUNTERS_AND_DIAGNOSTIC_REGISTER(0x0A, "ClearCtrDiagReg", Operation.DIAGNOSTIC, true),
    /** 0B: return the bus message count. */
    RETURN_BUS_MESSAGE_COUNT(0x0B, "RetBusMsgCount", Operation.DIAGNOSTIC, true),
    /** 0C: return the bus communication (CRC) error count. */
    RETURN_BUS_COMMUNICATION_ERROR_COUNT(0x0C, "RetBusCommErrCount", Operation.DIAGNOSTIC, true),
    /** 0D: return the bus exception error count. */
    RETURN_BUS_EXCEPTION_ERROR_COUNT(0x0D, "RetBusExcErrCount", Operation.DIAGNOSTIC, true),
    /** 0E: return the server message count. */
    RETURN_SERVER_MESSAGE_COUNT(0x0E, "RetServerMsgCount", Operation.DIAGNOSTIC, true),
    /** 0F: return the server no-response count. */
    RETURN_SERVER_NO_RESPONSE_COUNT(0x0F, "RetServerNoRespCount", Operation.DIAGNOSTIC, true),
    /** 10: return the server NAK count. */
    RETURN_SERVER_NAK_COUNT(0x10, "RetServerNAKCount", Operation.DIAGNOSTIC, true),
    /** 11: return the server busy count. */
    RETURN_SERVER_BUSY_COUNT(0x11, "RetServerBusyCount", Operation.DIAGNOSTIC, true),
    /** 12: return the bus character overrun count. */
    RETURN_BUS_CHARACTER_OVERRUN_COUNT(0x12, "RetBusCharOverrunCount", Operation.DIAGNOSTIC, true),
    /** 13: legacy "return overrun error count"; reserved by Annex A (8/19). */
    RETURN_OVERRUN_ERROR_COUNT(0x13, "RetOverrunErrCount", Operation.DIAGNOSTIC, false),
    /** 14: clear the overrun counter and flag. */
    CLEAR_OVERRUN_COUNTER_AND_FLAG(0x14, "ClearOverrunCounterFlag", Operation.DIAGNOSTIC, true),
    /** 15: legacy Modbus Plus "get/clear statistics"; reserved by Annex A (8/21). */
    GET_CLEAR_MODBUS_PLUS_STATISTICS(0x15, "GetClearPlusStats", Operation.DIAGNOSTIC, false),
    /** Any other value: reserved (05–09, 22–65535). */
    UNKNOWN(-1, "Reserved", Operation.UNKNOWN, false);

    private static final DiagnosticSubFunction[] BY_CODE = new DiagnosticSubFunction[0x16];

    static {
        java.util.Arrays.fill(BY_CODE, UNKNOWN);
        for (DiagnosticSubFunction sf : values()) {
            if (sf.code >= 0) {
                BY_CODE[sf.code] = sf;
            }
        }
    }

    private final int code;
    private final String suricataName;
    private final Operation operation;
    private final boolean isPublic;

    DiagnosticSubFunction(int code, String suricataName, Operation operation, boolean isPublic) {
        this.code = code;
        this.suricataName = suricataName;
        this.operation = operation;
        this.isPublic = isPublic;
    }

    /** The sub-function code, or -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    /** sawp-modbus / Suricata name; {@code "Reserved"} for {@link #UNKNOWN}. */
    public String suricataName() {
        return suricataName;
    }

    /** Meaning of FC 8 with this sub-function. */
    public Operation operation() {
        return operation;
    }

    /** True for sub-functions the specification publishes (§6.8.1), false for reserved ones. */
    public boolean isPublic() {
        return isPublic;
    }

    /** The sub-function for a raw 16-bit value. */
    public static DiagnosticSubFunction of(int raw) {
        return raw >= 0 && raw < BY_CODE.length ? BY_CODE[raw] : UNKNOWN;
    }
}
