package io.statewall.protocols.modbus;

/**
 * FC 7 request, MB-AP §6.7: read the eight exception status outputs (serial line only). The function code alone.
 *
 * <pre>
 *  0  function code   1 byte   0x07
 * </pre>
 */
public record ReadExceptionStatusRequest() implements ModbusRequest {
    @Override
    public int functionRaw() {
        return 7;
    }
}
