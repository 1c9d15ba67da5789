package io.statewall.protocols.modbus;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A PDU whose function this decoder does not interpret: user-defined (65–72, 100–110),
 * unassigned, or a reserved legacy code. Unknown values are data: the bytes are kept.
 *
 * <pre>
 *  0  function code   1 byte
 *  1  data            n bytes
 * </pre>
 *
 * @param data the bytes after the function code (copied in and out)
 */
public record RawPdu(int functionRaw, byte[] data) implements ModbusRequest, ModbusResponse {
    public RawPdu {
        Fields.u8("functionRaw", functionRaw);
        data = Fields.nonNull("data", data).clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public FunctionCategory category() {
        return FunctionCode.category(functionRaw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawPdu other && functionRaw == other.functionRaw && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * functionRaw + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RawPdu[functionRaw=" + functionRaw + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}
