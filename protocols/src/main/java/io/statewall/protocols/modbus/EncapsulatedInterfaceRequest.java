package io.statewall.protocols.modbus;

/**
 * FC 43 request with an MEI type other than 14, MB-AP §6.19: the CANopen General Reference
 * (MEI 13, §6.20, defined by CiA) or a reserved type, kept raw.
 *
 * <pre>
 *  0  function code            1 byte    0x2B
 *  1  MEI type                 1 byte
 *  2  MEI type specific data   n bytes
 * </pre>
 */
public record EncapsulatedInterfaceRequest(int meiTypeCode, ByteValues data) implements ModbusRequest {
    public EncapsulatedInterfaceRequest {
        Fields.u8("meiTypeCode", meiTypeCode);
        Fields.nonNull("data", data);
    }

    public MeiType meiType() {
        return MeiType.of(meiTypeCode);
    }

    @Override
    public int functionRaw() {
        return 43;
    }
}
