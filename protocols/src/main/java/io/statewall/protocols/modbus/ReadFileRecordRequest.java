package io.statewall.protocols.modbus;

import java.util.List;

/**
 * FC 20 request, MB-AP §6.14: read groups of file records.
 *
 * <pre>
 *  0  function code   1 byte         0x14
 *  1  byte count N    1 byte         0x07..0xF5, 7 per sub-request
 *  2  sub-requests    N bytes        see {@link FileRecordReference}
 * </pre>
 */
public record ReadFileRecordRequest(List<FileRecordReference> subRequests) implements ModbusRequest {
    public ReadFileRecordRequest {
        subRequests = Fields.list("subRequests", subRequests);
    }

    @Override
    public int functionRaw() {
        return 20;
    }
}
