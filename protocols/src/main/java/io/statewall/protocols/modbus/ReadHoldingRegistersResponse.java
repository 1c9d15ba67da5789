package io.statewall.protocols.modbus;

/**
 * FC 3 response, MB-AP §6.3: the holding registers read.
 *
 * <pre>
 *  0  function code     1 byte    0x03
 *  1  byte count N      1 byte    2 x quantity
 *  2  register values   N bytes   big-endian words
 * </pre>
 */
public record ReadHoldingRegistersResponse(RegisterValues registers) implements ModbusResponse {
    public ReadHoldingRegistersResponse {
        Fields.nonNull("registers", registers);
    }

    @Override
    public int functionRaw() {
        return 3;
    }
}
