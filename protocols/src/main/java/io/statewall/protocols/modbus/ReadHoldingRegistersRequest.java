package io.statewall.protocols.modbus;

/**
 * FC 3 request, MB-AP §6.3: read contiguous holding registers.
 *
 * <pre>
 *  0  function code      1 byte   0x03
 *  1  starting address   2 bytes  0x0000..0xFFFF
 *  3  quantity           2 bytes  1..125 (0x7D)
 * </pre>
 */
public record ReadHoldingRegistersRequest(int address, int quantity) implements ModbusRequest {
    public ReadHoldingRegistersRequest {
        Fields.u16("address", address);
        Fields.u16("quantity", quantity);
    }

    @Override
    public int functionRaw() {
        return 3;
    }
}
