package io.statewall.protocols.modbus;

/**
 * FC 15 response, MB-AP §6.11: the request's address and quantity echoed.
 *
 * <pre>
 *  0  function code      1 byte   0x0F
 *  1  starting address   2 bytes
 *  3  quantity           2 bytes
 * </pre>
 */
public record WriteMultipleCoilsResponse(int address, int quantity) implements ModbusResponse {
    public WriteMultipleCoilsResponse {
        Fields.u16("address", address);
        Fields.u16("quantity", quantity);
    }

    @Override
    public int functionRaw() {
        return 15;
    }
}
