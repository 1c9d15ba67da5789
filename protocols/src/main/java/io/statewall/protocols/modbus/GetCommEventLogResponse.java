package io.statewall.protocols.modbus;

/**
 * FC 12 response, MB-AP §6.10.
 *
 * <pre>
 *  0  function code   1 byte        0x0C
 *  1  byte count N    1 byte        6 + number of events
 *  2  status          2 bytes
 *  4  event count     2 bytes
 *  6  message count   2 bytes
 *  8  events          N - 6 bytes   0..64 event bytes, most recent first
 * </pre>
 */
public record GetCommEventLogResponse(int status, int eventCount, int messageCount, ByteValues events)
        implements ModbusResponse {
    public GetCommEventLogResponse {
        Fields.u16("status", status);
        Fields.u16("eventCount", eventCount);
        Fields.u16("messageCount", messageCount);
        Fields.nonNull("events", events);
    }

    @Override
    public int functionRaw() {
        return 12;
    }
}
