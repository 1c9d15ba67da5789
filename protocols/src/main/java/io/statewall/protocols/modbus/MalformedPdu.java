package io.statewall.protocols.modbus;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A PDU that does not fit its function's layout (too short, trailing bytes, a byte count that
 * disagrees with the bytes present or with the quantity it describes). Malformed traffic is
 * data, not an exception: the reason and the bytes are kept.
 *
 * @param functionRaw the function byte, or -1 for an empty PDU
 * @param reason why the PDU did not decode, for humans
 * @param data the bytes after the function code (copied in and out)
 */
public record MalformedPdu(int functionRaw, String reason, byte[] data) implements ModbusRequest, ModbusResponse {
    public MalformedPdu {
        if (functionRaw < -1 || functionRaw > 0xFF) {
            throw new IllegalArgumentException("functionRaw must be -1..255: " + functionRaw);
        }
        Objects.requireNonNull(reason, "reason");
        data = Fields.nonNull("data", data).clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MalformedPdu other && functionRaw == other.functionRaw
                && reason.equals(other.reason) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(functionRaw, reason, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "MalformedPdu[functionRaw=" + functionRaw + ", reason=" + reason
                + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}
