package io.statewall.protocols.modbus;

/**
 * FC 2 response, MB-AP §6.2: the discrete inputs read, one bit each.
 *
 * <pre>
 *  0  function code   1 byte   0x02
 *  1  byte count N    1 byte   ceil(quantity / 8)
 *  2  status          N bytes  LSB of byte 0 = first address; the last byte is zero-padded
 * </pre>
 *
 * The PDU does not carry the quantity, so {@code inputs} holds all N x 8 transmitted bits;
 * trim with {@link BitValues#limit(int)} to the request's quantity.
 */
public record ReadDiscreteInputsResponse(BitValues inputs) implements ModbusResponse {
    public ReadDiscreteInputsResponse {
        Fields.nonNull("inputs", inputs);
    }

    @Override
    public int functionRaw() {
        return 2;
    }
}
