package io.statewall.protocols.modbus;

/**
 * FC 24 request, MB-AP §6.18: read a FIFO queue of registers.
 *
 * <pre>
 *  0  function code          1 byte   0x18
 *  1  FIFO pointer address   2 bytes  0x0000..0xFFFF
 * </pre>
 */
public record ReadFifoQueueRequest(int fifoPointerAddress) implements ModbusRequest {
    public ReadFifoQueueRequest {
        Fields.u16("fifoPointerAddress", fifoPointerAddress);
    }

    @Override
    public int functionRaw() {
        return 24;
    }
}
