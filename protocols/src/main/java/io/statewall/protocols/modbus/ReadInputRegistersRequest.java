package io.statewall.protocols.modbus;

/**
 * FC 4 request, MB-AP §6.4: read contiguous input registers.
 *
 * <pre>
 *  0  function code      1 byte   0x04
 *  1  starting address   2 bytes  0x0000..0xFFFF
 *  3  quantity           2 bytes  1..125 (0x7D)
 * </pre>
 */
public record ReadInputRegistersRequest(int address, int quantity) implements ModbusRequest {
    public ReadInputRegistersRequest {
        Fields.u16("address", address);
        Fields.u16("quantity", quantity);
    }

    @Override
    public int functionRaw() {
        return 4;
    }
}
