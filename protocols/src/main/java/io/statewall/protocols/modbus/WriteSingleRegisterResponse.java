package io.statewall.protocols.modbus;

/**
 * FC 6 response, MB-AP §6.6: an echo of the request.
 *
 * <pre>
 *  0  function code      1 byte   0x06
 *  1  register address   2 bytes
 *  3  register value     2 bytes
 * </pre>
 */
public record WriteSingleRegisterResponse(int address, int value) implements ModbusResponse {
    public WriteSingleRegisterResponse {
        Fields.u16("address", address);
        Fields.u16("value", value);
    }

    @Override
    public int functionRaw() {
        return 6;
    }
}
