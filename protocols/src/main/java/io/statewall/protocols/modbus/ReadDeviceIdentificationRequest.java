package io.statewall.protocols.modbus;

/**
 * FC 43 / MEI 14 request, MB-AP §6.21: Read Device Identification.
 *
 * <pre>
 *  0  function code          1 byte   0x2B
 *  1  MEI type               1 byte   0x0E
 *  2  read device id code    1 byte   01 basic, 02 regular, 03 extended (stream), 04 one object
 *  3  object id              1 byte   first object wanted (stream) or the object (individual)
 * </pre>
 */
public record ReadDeviceIdentificationRequest(int readDeviceIdCode, int objectId) implements ModbusRequest {
    public ReadDeviceIdentificationRequest {
        Fields.u8("readDeviceIdCode", readDeviceIdCode);
        Fields.u8("objectId", objectId);
    }

    @Override
    public int functionRaw() {
        return 43;
    }
}
