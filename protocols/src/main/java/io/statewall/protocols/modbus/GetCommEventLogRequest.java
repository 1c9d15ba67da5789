package io.statewall.protocols.modbus;

/**
 * FC 12 request, MB-AP §6.10: read the communication event log (serial line only). The function code alone.
 *
 * <pre>
 *  0  function code   1 byte   0x0C
 * </pre>
 */
public record GetCommEventLogRequest() implements ModbusRequest {
    @Override
    public int functionRaw() {
        return 12;
    }
}
