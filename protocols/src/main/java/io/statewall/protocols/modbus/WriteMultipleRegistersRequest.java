package io.statewall.protocols.modbus;

/**
 * FC 16 request, MB-AP §6.12: write a block of holding registers.
 *
 * <pre>
 *  0  function code      1 byte       0x10
 *  1  starting address   2 bytes      0x0000..0xFFFF
 *  3  quantity           2 bytes      1..123 (0x7B)
 *  5  byte count N       1 byte       2 x quantity
 *  6  register values    N bytes      big-endian words
 * </pre>
 *
 * @param values the registers written; its size is the quantity
 */
public record WriteMultipleRegistersRequest(int address, RegisterValues values) implements ModbusRequest {
    public WriteMultipleRegistersRequest {
        Fields.u16("address", address);
        Fields.nonNull("values", values);
    }

    public int quantity() {
        return values.size();
    }

    @Override
    public int functionRaw() {
        return 16;
    }
}
