package io.statewall.protocols.modbus;

/**
 * FC 23 request, MB-AP §6.17: write, then read, holding registers in one transaction.
 *
 * <pre>
 *  0  function code            1 byte    0x17
 *  1  read starting address    2 bytes
 *  3  quantity to read         2 bytes   1..125 (0x7D)
 *  5  write starting address   2 bytes
 *  7  quantity to write        2 bytes   1..121 (0x79)
 *  9  write byte count N       1 byte    2 x quantity to write
 * 10  write register values    N bytes
 * </pre>
 */
public record ReadWriteMultipleRegistersRequest(int readAddress, int readQuantity, int writeAddress,
                                                RegisterValues writeValues) implements ModbusRequest {
    public ReadWriteMultipleRegistersRequest {
        Fields.u16("readAddress", readAddress);
        Fields.u16("readQuantity", readQuantity);
        Fields.u16("writeAddress", writeAddress);
        Fields.nonNull("writeValues", writeValues);
    }

    public int writeQuantity() {
        return writeValues.size();
    }

    @Override
    public int functionRaw() {
        return 23;
    }
}
