package io.statewall.protocols.modbus;

import java.util.List;

/**
 * FC 43 / MEI 14 response, MB-AP §6.21.
 *
 * <pre>
 *  0  function code         1 byte   0x2B
 *  1  MEI type              1 byte   0x0E
 *  2  read device id code   1 byte   echo: 01..04
 *  3  conformity level      1 byte   01..03 (stream access), 81..83 (and individual access)
 *  4  more follows          1 byte   00 done, FF more objects: ask again from next object id
 *  5  next object id        1 byte
 *  6  number of objects K   1 byte
 *  7  K objects             see {@link DeviceIdObject}
 * </pre>
 *
 * @param moreFollows true unless the byte is 0x00
 */
public record ReadDeviceIdentificationResponse(int readDeviceIdCode, int conformityLevel, boolean moreFollows,
                                               int nextObjectId, List<DeviceIdObject> objects)
        implements ModbusResponse {
    public ReadDeviceIdentificationResponse {
        Fields.u8("readDeviceIdCode", readDeviceIdCode);
        Fields.u8("conformityLevel", conformityLevel);
        Fields.u8("nextObjectId", nextObjectId);
        objects = Fields.list("objects", objects);
    }

    @Override
    public int functionRaw() {
        return 43;
    }
}
