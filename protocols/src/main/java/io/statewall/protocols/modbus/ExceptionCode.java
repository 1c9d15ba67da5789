package io.statewall.protocols.modbus;

/**
 * Exception codes of an exception response (MB-AP §7). {@link #suricataName()} is
 * sawp-modbus's name, which Suricata logs as {@code exception.code}.
 *
 * <p>{@link #NEGATIVE_ACKNOWLEDGE} (7) is not in the §7 table of V1.1b3 but the spec still
 * counts it (§6.8.1 sub-function 16, §6.10 send-event bit 3) and legacy devices send it.
 */
public enum ExceptionCode {
    /** 01: the function code is not allowed or not supported by the server. */
    ILLEGAL_FUNCTION(1, "IllegalFunction"),
    /** 02: the data address (or address + quantity) is not allowed by the server. */
    ILLEGAL_DATA_ADDRESS(2, "IllegalDataAddr"),
    /** 03: a value in the query data field is not allowed by the server. */
    ILLEGAL_DATA_VALUE(3, "IllegalDataValue"),
    /** 04: an unrecoverable error occurred while the server performed the action. */
    SERVER_DEVICE_FAILURE(4, "ServerDeviceFail"),
    /** 05: accepted, long processing under way (programming commands). */
    ACKNOWLEDGE(5, "Ack"),
    /** 06: the server is busy with a long-duration program command. */
    SERVER_DEVICE_BUSY(6, "ServerDeviceBusy"),
    /** 07: legacy: the server cannot perform the program function requested. */
    NEGATIVE_ACKNOWLEDGE(7, "NegAck"),
    /** 08: parity error in extended file memory (with FC 20/21 only). */
    MEMORY_PARITY_ERROR(8, "MemParityErr"),
    /** 0A: a gateway could not allocate a path to the target. */
    GATEWAY_PATH_UNAVAILABLE(10, "GatewayPathUnavailable"),
    /** 0B: a gateway got no response from the target device. */
    GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND(11, "GatewayTargetFailToResp"),
    /** Any other code (0, 9, 12–255). */
    UNKNOWN(-1, "Unknown");

    private static final ExceptionCode[] BY_CODE = new ExceptionCode[256];

    static {
        java.util.Arrays.fill(BY_CODE, UNKNOWN);
        for (ExceptionCode ec : values()) {
            if (ec.code >= 0) {
                BY_CODE[ec.code] = ec;
            }
        }
    }

    private final int code;
    private final String suricataName;

    ExceptionCode(int code, String suricataName) {
        this.code = code;
        this.suricataName = suricataName;
    }

    /** The code, or -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    /** sawp-modbus / Suricata name, e.g. {@code "IllegalDataAddr"}. */
    public String suricataName() {
        return suricataName;
    }

    /** The exception code for a raw byte (only the low 8 bits are used). */
    public static ExceptionCode of(int raw) {
        return BY_CODE[raw & 0xFF];
    }
}
