package io.statewall.protocols.modbus;

import java.util.List;

/**
 * FC 20 response, MB-AP §6.14: one sub-response per sub-request, in order.
 *
 * <pre>
 *  0  function code            1 byte    0x14
 *  1  response data length N   1 byte
 *  2  sub-responses            N bytes   see {@link FileRecordData}
 * </pre>
 */
public record ReadFileRecordResponse(List<FileRecordData> subResponses) implements ModbusResponse {
    public ReadFileRecordResponse {
        subResponses = Fields.list("subResponses", subResponses);
    }

    @Override
    public int functionRaw() {
        return 20;
    }
}
