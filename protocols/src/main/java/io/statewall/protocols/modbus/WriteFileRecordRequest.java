package io.statewall.protocols.modbus;

import java.util.List;

/**
 * FC 21 request, MB-AP §6.15: write groups of file records.
 *
 * <pre>
 *  0  function code        1 byte    0x15
 *  1  request data length  1 byte    0x09..0xFB
 *  2  sub-requests         N bytes   see {@link FileRecord}
 * </pre>
 */
public record WriteFileRecordRequest(List<FileRecord> records) implements ModbusRequest {
    public WriteFileRecordRequest {
        records = Fields.list("records", records);
    }

    @Override
    public int functionRaw() {
        return 21;
    }
}
