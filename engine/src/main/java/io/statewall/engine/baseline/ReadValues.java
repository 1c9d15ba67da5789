package io.statewall.engine.baseline;

import io.statewall.protocols.modbus.ModbusFrame;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The values of a read response, its data copied out of the frame in one move: what {@link
 * ModbusTransaction#readValue(int)} gives, without re-deriving the count and re-checking the
 * frame's bounds for every value. A poll answers tens of registers and every
 * one is checked: this is the inner loop of the baseline.
 * <pre>
 *  FC 1/2 response (MB-AP §6.1, §6.2):     fc | byte count | coil/input bytes, LSB first
 *  FC 3/4/23 response (§6.3, §6.4, §6.17): fc | byte count | registers, big-endian 16-bit
 * </pre>
 * Only the items {@link ModbusTransaction#readValueCount()} vouches for are read: it bounds the
 * count by the byte count and by the bytes actually present.
 */
final class ReadValues {
    /** An ADU holds at most 250 data bytes after the byte count: 2000 bits or 125 registers (MB-AP §4.1). */
    static final int MAX_VALUES = 2048;
    private static final int MAX_DATA_BYTES = 256;

    private final byte[] data = new byte[MAX_DATA_BYTES];
    private boolean bits;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    private MemorySegment segment;
    private long base;

    /** Copies the response's data; returns how many values it holds (0 for a function that reads no points). */
    int read(ModbusTransaction tx) {
        int n = Math.min(tx.readValueCount(), MAX_VALUES);
        if (n == 0) {
            return 0;
        }
        ModbusFrame r = tx.response();
        MemorySegment seg = r.segment();
        long at = r.pduOffset() + 2;
        switch (tx.function()) {
            case READ_COILS, READ_DISCRETE_INPUTS -> {
                int bytes = Math.min((n + 7) >>> 3, MAX_DATA_BYTES);
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, at, data, 0, bytes);
                bits = true;
            }
            case READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS, READ_WRITE_MULTIPLE_REGISTERS -> {
                n = Math.min(n, MAX_DATA_BYTES / 2);
                segment = seg;
                base = at;
                bits = false;
            }
            default -> {
                return 0;
            }
        }
        return n;
    }

    /** Decodes the first {@code n} values of the last {@link #read} into {@code into}. */
    void decode(int[] into, int n) {
        byte[] d = data;
        if (bits) {
            for (int i = 0; i < n; i++) {
                into[i] = (d[i >>> 3] >>> (i & 7)) & 1;
            }
        } else {
            MemorySegment seg = segment;
            long b = base;
            for (int i = 0; i < n; i++) {
                into[i] = seg.get(U16, b + 2L * i) & 0xFFFF;
            }
        }
    }

    /** Value {@code i} of the last {@link #read}: a bit (LSB first, MB-AP §6.1) or a big-endian register. */
    int value(int i) {
        return bits ? (data[i >>> 3] >>> (i & 7)) & 1 : segment.get(U16, base + 2L * i) & 0xFFFF;
    }
}
