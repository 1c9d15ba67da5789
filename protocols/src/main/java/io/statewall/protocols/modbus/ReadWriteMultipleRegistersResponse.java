package io.statewall.protocols.modbus;

/**
 * FC 23 response, MB-AP §6.17: the registers read after the write.
 *
 * <pre>
 *  0  function code     1 byte    0x17
 *  1  byte count N      1 byte    2 x quantity
 *  2  register values   N bytes   big-endian words
 * </pre>
 */
public record ReadWriteMultipleRegistersResponse(RegisterValues registers) implements ModbusResponse {
    public ReadWriteMultipleRegistersResponse {
        Fields.nonNull("registers", registers);
    }

    @Override
    public int functionRaw() {
        return 23;
    }
}
