package io.statewall.protocols.modbus;

/**
 * FC 5 response, MB-AP §6.5: an echo of the request.
 *
 * <pre>
 *  0  function code    1 byte   0x05
 *  1  output address   2 bytes
 *  3  output value     2 bytes  0xFF00 or 0x0000
 * </pre>
 */
public record WriteSingleCoilResponse(int address, int value) implements ModbusResponse {
    public WriteSingleCoilResponse {
        Fields.u16("address", address);
        Fields.u16("value", value);
    }

    public boolean isOn() {
        return value == 0xFF00;
    }

    @Override
    public int functionRaw() {
        return 5;
    }
}
