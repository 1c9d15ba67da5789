package io.statewall.protocols.modbus;

/**
 * FC 24 response, MB-AP §6.18.
 *
 * <pre>
 *  0  function code   1 byte         0x18
 *  1  byte count      2 bytes        2 + 2 x FIFO count
 *  3  FIFO count C    2 bytes        0..31
 *  5  FIFO values     C x 2 bytes    queued registers, oldest first
 * </pre>
 */
public record ReadFifoQueueResponse(RegisterValues values) implements ModbusResponse {
    public ReadFifoQueueResponse {
        Fields.nonNull("values", values);
    }

    public int fifoCount() {
        return values.size();
    }

    @Override
    public int functionRaw() {
        return 24;
    }
}
