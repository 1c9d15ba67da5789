package io.statewall.protocols.modbus;

/**
 * FC 2 request, MB-AP §6.2: read contiguous discrete inputs.
 *
 * <pre>
 *  0  function code      1 byte   0x02
 *  1  starting address   2 bytes  0x0000..0xFFFF
 *  3  quantity           2 bytes  1..2000 (0x7D0)
 * </pre>
 */
public record ReadDiscreteInputsRequest(int address, int quantity) implements ModbusRequest {
    public ReadDiscreteInputsRequest {
        Fields.u16("address", address);
        Fields.u16("quantity", quantity);
    }

    @Override
    public int functionRaw() {
        return 2;
    }
}
