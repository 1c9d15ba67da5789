package io.statewall.protocols.modbus;

/**
 * FC 5 request, MB-AP §6.5: force one coil ON or OFF.
 *
 * <pre>
 *  0  function code    1 byte   0x05
 *  1  output address   2 bytes  0x0000..0xFFFF
 *  3  output value     2 bytes  0xFF00 = ON, 0x0000 = OFF; any other value is illegal
 * </pre>
 *
 * @param value the raw output value as sent
 */
public record WriteSingleCoilRequest(int address, int value) implements ModbusRequest {
    public WriteSingleCoilRequest {
        Fields.u16("address", address);
        Fields.u16("value", value);
    }

    /** True for 0xFF00 (ON). */
    public boolean isOn() {
        return value == 0xFF00;
    }

    /** True for the two values §6.5 allows. */
    public boolean isLegalValue() {
        return ModbusValidator.coilValue(value);
    }

    @Override
    public int functionRaw() {
        return 5;
    }
}
