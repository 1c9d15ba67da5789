package io.statewall.protocols.modbus;

/**
 * One identification object of an FC 43/14 response, MB-AP §6.21: 0x00 VendorName, 0x01
 * ProductCode, 0x02 MajorMinorRevision, 0x03 VendorUrl, 0x04 ProductName, 0x05 ModelName,
 * 0x06 UserApplicationName (ASCII strings), 0x80–0xFF product dependent.
 *
 * <pre>
 *  0  object id       1 byte
 *  1  object length   1 byte
 *  2  object value    length bytes
 * </pre>
 */
public record DeviceIdObject(int id, ByteValues value) {
    public DeviceIdObject {
        Fields.u8("id", id);
        Fields.nonNull("value", value);
    }

    /** The value as text (objects 0x00–0x06 are ASCII strings). */
    public String asString() {
        return value.toLatin1String();
    }
}
