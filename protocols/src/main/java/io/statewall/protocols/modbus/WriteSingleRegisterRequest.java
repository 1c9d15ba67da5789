package io.statewall.protocols.modbus;

/**
 * FC 6 request, MB-AP §6.6: write one holding register.
 *
 * <pre>
 *  0  function code      1 byte   0x06
 *  1  register address   2 bytes  0x0000..0xFFFF
 *  3  register value     2 bytes  0x0000..0xFFFF
 * </pre>
 */
public record WriteSingleRegisterRequest(int address, int value) implements ModbusRequest {
    public WriteSingleRegisterRequest {
        Fields.u16("address", address);
        Fields.u16("value", value);
    }

    @Override
    public int functionRaw() {
        return 6;
    }
}
