package io.statewall.protocols.modbus;

/**
 * FC 17 response, MB-AP §6.13. The server ID's length is device specific, so the run
 * indicator status (0x00 OFF, 0xFF ON) and additional data cannot be located generically:
 * the data is kept whole.
 *
 * <pre>
 *  0  function code   1 byte    0x11
 *  1  byte count N    1 byte
 *  2  data            N bytes   server ID | run indicator status | additional data
 * </pre>
 */
public record ReportServerIdResponse(ByteValues data) implements ModbusResponse {
    public ReportServerIdResponse {
        Fields.nonNull("data", data);
    }

    @Override
    public int functionRaw() {
        return 17;
    }
}
