package io.statewall.protocols.modbus;

/**
 * FC 22 response, MB-AP §6.16: an echo of the request.
 *
 * <pre>
 *  0  function code       1 byte   0x16
 *  1  reference address   2 bytes
 *  3  AND mask            2 bytes
 *  5  OR mask             2 bytes
 * </pre>
 */
public record MaskWriteRegisterResponse(int address, int andMask, int orMask) implements ModbusResponse {
    public MaskWriteRegisterResponse {
        Fields.u16("address", address);
        Fields.u16("andMask", andMask);
        Fields.u16("orMask", orMask);
    }

    @Override
    public int functionRaw() {
        return 22;
    }
}
