package io.statewall.protocols.modbus;

/**
 * FC 7 response, MB-AP §6.7: the eight device-specific exception status outputs.
 *
 * <pre>
 *  0  function code   1 byte   0x07
 *  1  output data     1 byte   bit 0 = lowest output
 * </pre>
 */
public record ReadExceptionStatusResponse(int outputs) implements ModbusResponse {
    public ReadExceptionStatusResponse {
        Fields.u8("outputs", outputs);
    }

    @Override
    public int functionRaw() {
        return 7;
    }
}
