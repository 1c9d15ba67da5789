package io.statewall.protocols.modbus;

/**
 * FC 11 response, MB-AP §6.9.
 *
 * <pre>
 *  0  function code   1 byte   0x0B
 *  1  status          2 bytes  0xFFFF while a program command is in progress, else 0x0000
 *  3  event count     2 bytes
 * </pre>
 */
public record GetCommEventCounterResponse(int status, int eventCount) implements ModbusResponse {
    public GetCommEventCounterResponse {
        Fields.u16("status", status);
        Fields.u16("eventCount", eventCount);
    }

    @Override
    public int functionRaw() {
        return 11;
    }
}
