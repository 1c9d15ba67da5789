package io.statewall.protocols.modbus;

/**
 * FC 8 response, MB-AP §6.8: the sub-function echoed, then loop-back data (00), the request
 * data echoed (01, 03, 0A, 14) or a counter / the diagnostic register (02, 0B–12).
 *
 * <pre>
 *  0  function code   1 byte        0x08
 *  1  sub-function    2 bytes
 *  3  data            N x 2 bytes
 * </pre>
 */
public record DiagnosticsResponse(int subFunctionCode, ByteValues data) implements ModbusResponse {
    public DiagnosticsResponse {
        Fields.u16("subFunctionCode", subFunctionCode);
        Fields.nonNull("data", data);
    }

    public DiagnosticSubFunction subFunction() {
        return DiagnosticSubFunction.of(subFunctionCode);
    }

    @Override
    public int functionRaw() {
        return 8;
    }
}
