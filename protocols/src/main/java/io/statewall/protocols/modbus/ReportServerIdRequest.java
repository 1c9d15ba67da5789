package io.statewall.protocols.modbus;

/**
 * FC 17 request, MB-AP §6.13: report the server's type, status and ID (serial line only). The function code alone.
 *
 * <pre>
 *  0  function code   1 byte   0x11
 * </pre>
 */
public record ReportServerIdRequest() implements ModbusRequest {
    @Override
    public int functionRaw() {
        return 17;
    }
}
