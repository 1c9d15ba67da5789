package io.statewall.protocols.modbus;

import io.statewall.protocols.DataArea;
import io.statewall.protocols.Operation;

/**
 * MEI types of FC 43 Encapsulated Interface Transport (MB-AP §6.19; 43/0–12 and 43/15–255
 * are reserved by Annex A). {@link #suricataName()} is sawp-modbus's {@code MEIType} name.
 */
public enum MeiType {
    /**
     * 13 (0x0D), MB-AP §6.20: CANopen General Reference, defined by CiA, not by Modbus. It can
     * read or write a CANopen object dictionary; without decoding CiA's layer its effect is
     * not known, hence {@link Operation#OTHER}.
     */
    CANOPEN_GENERAL_REFERENCE(13, "CANOpenGenRefReqResp", Operation.OTHER, DataArea.NONE),
    /** 14 (0x0E), MB-AP §6.21: Read Device Identification. */
    READ_DEVICE_ID(14, "RdDevId", Operation.IDENTIFICATION, DataArea.DEVICE_IDENTIFICATION),
    /** Any other MEI type: reserved. */
    UNKNOWN(-1, "Unknown", Operation.UNKNOWN, DataArea.NONE);

    private final int code;
    private final String suricataName;
    private final Operation operation;
    private final DataArea dataArea;

    MeiType(int code, String suricataName, Operation operation, DataArea dataArea) {
        this.code = code;
        this.suricataName = suricataName;
        this.operation = operation;
        this.dataArea = dataArea;
    }

    /** The MEI type byte, or -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    /** sawp-modbus / Suricata name, e.g. {@code "RdDevId"}. */
    public String suricataName() {
        return suricataName;
    }

    /** Meaning of FC 43 with this MEI type. */
    public Operation operation() {
        return operation;
    }

    /** Data addressed by FC 43 with this MEI type. */
    public DataArea dataArea() {
        return dataArea;
    }

    /** The MEI type for a raw byte. */
    public static MeiType of(int raw) {
        return switch (raw) {
            case 13 -> CANOPEN_GENERAL_REFERENCE;
            case 14 -> READ_DEVICE_ID;
            default -> UNKNOWN;
        };
    }
}
