package io.statewall.protocols.modbus;

/**
 * FC 11 request, MB-AP §6.9: read the communication event counter (serial line only). The function code alone.
 *
 * <pre>
 *  0  function code   1 byte   0x0B
 * </pre>
 */
public record GetCommEventCounterRequest() implements ModbusRequest {
    @Override
    public int functionRaw() {
        return 11;
    }
}
