package io.statewall.protocols.modbus;

/**
 * FC 43 response with an MEI type other than 14, MB-AP §6.19 (CANopen General Reference or a
 * reserved type), kept raw.
 *
 * <pre>
 *  0  function code            1 byte    0x2B
 *  1  MEI type                 1 byte    echo of the request's
 *  2  MEI type specific data   n bytes
 * </pre>
 */
public record EncapsulatedInterfaceResponse(int meiTypeCode, ByteValues data) implements ModbusResponse {
    public EncapsulatedInterfaceResponse {
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
