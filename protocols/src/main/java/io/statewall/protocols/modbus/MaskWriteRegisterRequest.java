package io.statewall.protocols.modbus;

/**
 * FC 22 request, MB-AP §6.16: result = (current AND andMask) OR (orMask AND NOT andMask).
 *
 * <pre>
 *  0  function code       1 byte   0x16
 *  1  reference address   2 bytes  0x0000..0xFFFF
 *  3  AND mask            2 bytes
 *  5  OR mask             2 bytes
 * </pre>
 */
public record MaskWriteRegisterRequest(int address, int andMask, int orMask) implements ModbusRequest {
    public MaskWriteRegisterRequest {
        Fields.u16("address", address);
        Fields.u16("andMask", andMask);
        Fields.u16("orMask", orMask);
    }

    @Override
    public int functionRaw() {
        return 22;
    }
}
