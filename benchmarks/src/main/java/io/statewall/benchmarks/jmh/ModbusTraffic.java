package io.statewall.benchmarks.jmh;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * One Modbus/TCP conversation laid out back to back in a {@code byte[]}: for each transaction
 * the request ADU, then its response ADU. Most transactions poll 10 holding registers (FC 3);
 * every {@link #WRITE_EVERY}th writes a setpoint block (FC 16), as an operator or a control
 * loop would. Every ADU is well formed, so a dissector fed these bytes reports no anomaly.
 *
 * <pre>
 * MBAP header (Messaging Implementation Guide v1.0b §3.1.3), big-endian
 *   off len field
 *     0   2 transaction identifier   counts up from 1, wraps at 65536
 *     2   2 protocol identifier      0
 *     4   2 length                   unit identifier + PDU bytes
 *     6   1 unit identifier          {@link #UNIT_ID}
 *
 * FC 3 Read Holding Registers (Application Protocol v1.1b3 §6.3)
 *   request   fc 0x03 | starting address (2) | quantity 10 (2)              12-byte ADU
 *   response  fc 0x03 | byte count 20 (1)    | 10 register values (2 each)  29-byte ADU
 *
 * FC 16 Write Multiple Registers (§6.12)
 *   request   fc 0x10 | starting address (2) | quantity 4 (2) | byte count 8 (1) | 4 values
 *                                                                              21-byte ADU
 *   response  fc 0x10 | starting address (2) | quantity 4 (2)                  12-byte ADU
 * </pre>
 */
final class ModbusTraffic {
    static final int UNIT_ID = 1;
    static final int WRITE_EVERY = 8;
    static final int READ_QUANTITY = 10;
    static final int WRITE_QUANTITY = 4;

    private static final int READ_HOLDING_REGISTERS = 0x03;
    private static final int WRITE_MULTIPLE_REGISTERS = 0x10;
    private static final int MBAP_LENGTH = 7;
    /** Four polled blocks of ten registers, as a SCADA scan list would cycle through. */
    private static final int[] READ_BLOCKS = {0, 100, 200, 300};
    private static final int SETPOINT_ADDRESS = 1000;

    private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Every ADU, back to back. */
    final byte[] bytes;
    /** Per ADU, in conversation order (request of transaction k at 2k, its response at 2k + 1). */
    final int[] offset;
    final int[] length;
    final boolean[] toServer;
    final int transactions;
    final int writes;
    /** Request bytes and response bytes: what each direction of the connection carries. */
    final long clientBytes;
    final long serverBytes;

    private ModbusTraffic(byte[] bytes, int[] offset, int[] length, boolean[] toServer, int transactions,
                          int writes, long clientBytes, long serverBytes) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.toServer = toServer;
        this.transactions = transactions;
        this.writes = writes;
        this.clientBytes = clientBytes;
        this.serverBytes = serverBytes;
    }

    int adus() {
        return offset.length;
    }

    /** Offset of the PDU (its function code) of ADU {@code i}. */
    int pduOffset(int i) {
        return offset[i] + MBAP_LENGTH;
    }

    int pduLength(int i) {
        return length[i] - MBAP_LENGTH;
    }

    static boolean isWrite(int transaction) {
        return transaction % WRITE_EVERY == WRITE_EVERY - 1;
    }

    static ModbusTraffic build(int transactions) {
        if (transactions < 1) {
            throw new IllegalArgumentException("transactions must be positive: " + transactions);
        }
        int adus = 2 * transactions;
        int[] offset = new int[adus];
        int[] length = new int[adus];
        boolean[] toServer = new boolean[adus];
        int writes = 0;
        long size = 0;
        for (int t = 0; t < transactions; t++) {
            boolean write = isWrite(t);
            writes += write ? 1 : 0;
            length[2 * t] = MBAP_LENGTH + (write ? 6 + 2 * WRITE_QUANTITY : 5);
            length[2 * t + 1] = MBAP_LENGTH + (write ? 5 : 2 + 2 * READ_QUANTITY);
            size += length[2 * t] + length[2 * t + 1];
        }
        byte[] bytes = new byte[Math.toIntExact(size)];
        MemorySegment out = MemorySegment.ofArray(bytes);
        int at = 0;
        long clientBytes = 0;
        long serverBytes = 0;
        for (int t = 0; t < transactions; t++) {
            int transactionId = (t + 1) & 0xFFFF;
            int request = 2 * t;
            int response = request + 1;
            offset[request] = at;
            toServer[request] = true;
            offset[response] = at + length[request];
            if (isWrite(t)) {
                writeMultipleRequest(out, at, transactionId, t);
                writeMultipleResponse(out, offset[response], transactionId);
            } else {
                int start = READ_BLOCKS[t % READ_BLOCKS.length];
                readRequest(out, at, transactionId, start);
                readResponse(out, offset[response], transactionId, start, t);
            }
            clientBytes += length[request];
            serverBytes += length[response];
            at = offset[response] + length[response];
        }
        return new ModbusTraffic(bytes, offset, length, toServer, transactions, writes, clientBytes, serverBytes);
    }

    private static long mbap(MemorySegment out, long at, int transactionId, int pduLength) {
        out.set(BE16, at, (short) transactionId);
        out.set(BE16, at + 2, (short) 0);
        out.set(BE16, at + 4, (short) (1 + pduLength));
        out.set(U8, at + 6, (byte) UNIT_ID);
        return at + MBAP_LENGTH;
    }

    private static void readRequest(MemorySegment out, long at, int transactionId, int start) {
        long pdu = mbap(out, at, transactionId, 5);
        out.set(U8, pdu, (byte) READ_HOLDING_REGISTERS);
        out.set(BE16, pdu + 1, (short) start);
        out.set(BE16, pdu + 3, (short) READ_QUANTITY);
    }

    private static void readResponse(MemorySegment out, long at, int transactionId, int start, int scan) {
        long pdu = mbap(out, at, transactionId, 2 + 2 * READ_QUANTITY);
        out.set(U8, pdu, (byte) READ_HOLDING_REGISTERS);
        out.set(U8, pdu + 1, (byte) (2 * READ_QUANTITY));
        for (int r = 0; r < READ_QUANTITY; r++) {
            out.set(BE16, pdu + 2 + 2 * r, (short) processValue(start + r, scan));
        }
    }

    private static void writeMultipleRequest(MemorySegment out, long at, int transactionId, int scan) {
        long pdu = mbap(out, at, transactionId, 6 + 2 * WRITE_QUANTITY);
        out.set(U8, pdu, (byte) WRITE_MULTIPLE_REGISTERS);
        out.set(BE16, pdu + 1, (short) SETPOINT_ADDRESS);
        out.set(BE16, pdu + 3, (short) WRITE_QUANTITY);
        out.set(U8, pdu + 5, (byte) (2 * WRITE_QUANTITY));
        for (int r = 0; r < WRITE_QUANTITY; r++) {
            out.set(BE16, pdu + 6 + 2 * r, (short) processValue(SETPOINT_ADDRESS + r, scan));
        }
    }

    private static void writeMultipleResponse(MemorySegment out, long at, int transactionId) {
        long pdu = mbap(out, at, transactionId, 5);
        out.set(U8, pdu, (byte) WRITE_MULTIPLE_REGISTERS);
        out.set(BE16, pdu + 1, (short) SETPOINT_ADDRESS);
        out.set(BE16, pdu + 3, (short) WRITE_QUANTITY);
    }

    /** A register that drifts slowly around a level of its own, like a measured plant value. */
    private static int processValue(int register, int scan) {
        int level = 1000 + (register * 37) % 2000;
        int drift = (scan * (register % 7 + 1)) % 64;
        return level + drift;
    }
}
