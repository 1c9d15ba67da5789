package io.statewall.protocols.modbus;

import java.util.List;

/**
 * FC 21 response, MB-AP §6.15: an echo of the request.
 *
 * <pre>
 *  0  function code             1 byte    0x15
 *  1  response data length N    1 byte
 *  2  sub-requests echoed       N bytes   see {@link FileRecord}
 * </pre>
 */
public record WriteFileRecordResponse(List<FileRecord> records) implements ModbusResponse {
    public WriteFileRecordResponse {
        records = Fields.list("records", records);
    }

    @Override
    public int functionRaw() {
        return 21;
    }
}
