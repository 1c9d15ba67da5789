package io.statewall.engine.baseline;

import io.statewall.protocols.modbus.ModbusFrame;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The values of a read response, its data copied out of the frame in one move (the registers of
 * a learned poll's answer decoded straight from it, {@link #readAnswer}): what {@link
 * ModbusTransaction#readValue(int)} gives, without re-deriving the count and re-checking the
 * frame's bounds for every value. A poll answers tens of registers and every one is checked:
 * this is the inner loop of the baseline.
 * <pre>
 *  FC 1/2 response (MB-AP §6.1, §6.2):     fc | byte count | coil/input bytes, LSB first
 *  FC 3/4/23 response (§6.3, §6.4, §6.17): fc | byte count | registers, big-endian 16-bit
 * </pre>
 * Only the items {@link ModbusTransaction#readValueCount()} vouches for are read: it bounds the
 * count by the byte count and by the bytes actually present. Bits are cleared beyond the last
 * item and padded with zeros to whole 64-bit {@link #bitWord words}, so that a block of coils is
 * checked 64 at a time.
 */
final class ReadValues {
    /** An ADU holds at most 250 data bytes after the byte count: 2000 bits or 125 registers (MB-AP §4.1). */
    static final int MAX_VALUES = 2048;
    private static final int MAX_DATA_BYTES = 256;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] data = new byte[MAX_DATA_BYTES];
    private final int[] decoded = new int[MAX_VALUES];
    /** How many of the values of the last read are in {@link #decoded} already. */
    private int decodedCount;
    private boolean bits;

    /** Copies the response's data; returns how many values it holds (0 for a function that reads no points). */
    int read(ModbusTransaction tx) {
        decodedCount = 0;
        int n = Math.min(tx.readValueCount(), MAX_VALUES);
        if (n == 0) {
            return 0;
        }
        ModbusFrame r = tx.response();
        MemorySegment seg = r.segment();
        long at = r.pduOffset() + 2;
        switch (tx.function()) {
            case READ_COILS, READ_DISCRETE_INPUTS -> {
                int bytes = (n + 7) >>> 3;
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, at, data, 0, bytes);
                if ((n & 7) != 0) {
                    data[bytes - 1] &= (byte) ((1 << (n & 7)) - 1);
                }
                java.util.Arrays.fill(data, bytes, bitWords(n) << 3, (byte) 0);
                bits = true;
            }
            case READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS, READ_WRITE_MULTIPLE_REGISTERS -> {
                n = Math.min(n, MAX_DATA_BYTES / 2);
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, at, data, 0, 2 * n);
                bits = false;
            }
            default -> {
                return 0;
            }
        }
        return n;
    }

    /**
     * The first {@code n} values of the last {@link #read}, decoded (into an array of this
     * object's: a poll's answer is checked right away, and this array stays in the cache).
     */
    int[] decode(int n) {
        if (n > decodedCount) {
            decode(decoded, n);
            decodedCount = n;
        }
        return decoded;
    }

    /** What the last {@link #decode(int)} decoded. */
    int[] decoded() {
        return decoded;
    }

    /** Decodes the first {@code n} values of the copied data into {@code into}. */
    private void decode(int[] into, int n) {
        byte[] d = data;
        if (bits) {
            for (int i = 0; i < n; i++) {
                into[i] = (d[i >>> 3] >>> (i & 7)) & 1;
            }
        } else {
            for (int i = 0; i < n; i++) {
                into[i] = (d[2 * i] & 0xFF) << 8 | d[2 * i + 1] & 0xFF;
            }
        }
    }

    /**
     * True when some of the first {@code n} bits of the last {@link #read} is set where {@code
     * mustBeZero} has a bit, or clear where {@code mustBeOne} has one (64 items per word).
     */
    boolean bitsOutside(long[] mustBeZero, long[] mustBeOne, int n) {
        long off = 0;
        int words = bitWords(n);
        for (int w = 0; w < words; w++) {
            long b = bitWord(w);
            // bits past the n-th are clear in the answer, and no item there must be 1
            long present = n - (w << 6) >= 64 ? -1L : (1L << (n - (w << 6))) - 1;
            off |= (b & mustBeZero[w]) | (~b & mustBeOne[w] & present);
        }
        return off != 0;
    }

    /**
     * Reads the data of a normal response that is exactly the answer to a read of {@code count}
     * items by {@code function} (its length, function and byte count all as expected), and
     * returns {@code count}; returns 0, having read nothing, for any other response. For such a
     * response it is what {@link #read} does, with nothing to work out.
     */
    int readAnswer(ModbusFrame response, int function, int count, boolean bits) {
        int bytes = bits ? (count + 7) >>> 3 : 2 * count;
        // fc | byte count | data, after the 7-byte MBAP header
        if (response.length() != 9 + bytes || bytes > 0xFF) {
            return 0;
        }
        MemorySegment seg = response.segment();
        long pdu = response.pduOffset();
        if (seg.get(U16, pdu) != (short) (function << 8 | bytes)) {
            return 0;
        }
        if (bits) {
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pdu + 2, data, 0, bytes);
            if ((count & 7) != 0) {
                data[bytes - 1] &= (byte) ((1 << (count & 7)) - 1);
            }
            java.util.Arrays.fill(data, bytes, bitWords(count) << 3, (byte) 0);
            decodedCount = 0;
        } else {
            // Registers are checked one by one anyway: decoded straight from the frame, one
            // pass, rather than copied out and decoded from the copy.
            long at = pdu + 2;
            int[] into = decoded;
            for (int i = 0; i < count; i++) {
                into[i] = seg.get(U16, at + 2L * i) & 0xFFFF;
            }
            decodedCount = count;
        }
        this.bits = bits;
        return count;
    }

    /** 64-bit words holding {@code n} bits. */
    static int bitWords(int n) {
        return (n + 63) >>> 6;
    }

    /** Bits {@code 64w .. 64w+63} of the last {@link #read} (of coils or inputs), bit {@code 64w} least significant. */
    private long bitWord(int w) {
        return (long) LITTLE_ENDIAN_LONG.get(data, w << 3);
    }

    /** Value {@code i} of the last {@link #read}: a bit (LSB first, MB-AP §6.1) or a big-endian register. */
    int value(int i) {
        if (i < decodedCount) {
            return decoded[i];
        }
        return bits ? (data[i >>> 3] >>> (i & 7)) & 1 : (data[2 * i] & 0xFF) << 8 | data[2 * i + 1] & 0xFF;
    }
}
