package io.statewall.protocols.modbus;

/**
 * FC 1 response, MB-AP §6.1: the coils read, one bit each.
 *
 * <pre>
 *  0  function code   1 byte   0x01
 *  1  byte count N    1 byte   ceil(quantity / 8)
 *  2  status          N bytes  LSB of byte 0 = first address; the last byte is zero-padded
 * </pre>
 *
 * The PDU does not carry the quantity, so {@code coils} holds all N x 8 transmitted bits;
 * trim with {@link BitValues#limit(int)} to the request's quantity.
 */
public record ReadCoilsResponse(BitValues coils) implements ModbusResponse {
    public ReadCoilsResponse {
        Fields.nonNull("coils", coils);
    }

    @Override
    public int functionRaw() {
        return 1;
    }
}
