package io.statewall.protocols.modbus;

/**
 * FC 8 request, MB-AP §6.8: a diagnostic test selected by the sub-function (§6.8.1).
 *
 * <pre>
 *  0  function code   1 byte        0x08
 *  1  sub-function    2 bytes       see {@link DiagnosticSubFunction}
 *  3  data            N x 2 bytes   loop-back data for 00; one word (mostly 0x0000) otherwise
 * </pre>
 *
 * @param subFunctionCode the raw sub-function (kept even when reserved)
 */
public record DiagnosticsRequest(int subFunctionCode, ByteValues data) implements ModbusRequest {
    public DiagnosticsRequest {
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
