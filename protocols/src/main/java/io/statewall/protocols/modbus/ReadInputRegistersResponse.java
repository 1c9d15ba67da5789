package io.statewall.protocols.modbus;

/**
 * FC 4 response, MB-AP §6.4: the input registers read.
 *
 * <pre>
 *  0  function code     1 byte    0x04
 *  1  byte count N      1 byte    2 x quantity
 *  2  register values   N bytes   big-endian words
 * </pre>
 */
public record ReadInputRegistersResponse(RegisterValues registers) implements ModbusResponse {
    public ReadInputRegistersResponse {
        Fields.nonNull("registers", registers);
    }

    @Override
    public int functionRaw() {
        return 4;
    }
}
