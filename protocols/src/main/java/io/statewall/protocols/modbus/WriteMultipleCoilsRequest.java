package io.statewall.protocols.modbus;

/**
 * FC 15 request, MB-AP §6.11: force a sequence of coils.
 *
 * <pre>
 *  0  function code      1 byte   0x0F
 *  1  starting address   2 bytes  0x0000..0xFFFF
 *  3  quantity           2 bytes  1..1968 (0x7B0)
 *  5  byte count N       1 byte   ceil(quantity / 8)
 *  6  output values      N bytes  bit 0 of byte 0 is the first coil; padding bits zero
 * </pre>
 *
 * @param values one bit per coil; its size is the quantity
 */
public record WriteMultipleCoilsRequest(int address, BitValues values) implements ModbusRequest {
    public WriteMultipleCoilsRequest {
        Fields.u16("address", address);
        Fields.u16("quantity", Fields.nonNull("values", values).size());
    }

    public int quantity() {
        return values.size();
    }

    @Override
    public int functionRaw() {
        return 15;
    }
}
