package io.statewall.capture.write;

import java.io.ByteArrayOutputStream;

/** Modbus/TCP ADUs (MODBUS Messaging on TCP/IP Implementation Guide V1.0b §3.1.3) for the recordings. */
final class ModbusAdus {
    private ModbusAdus() {}

    static final byte[] READ_REQUEST = Hex.bytes("""
            00 01  00 00  00 06  01   # MBAP: transaction 1, protocol 0, length 6, unit 1
            03  00 00  00 0a          # Read Holding Registers: address 0, quantity 10
            """);
    static final byte[] READ_RESPONSE = Hex.bytes("""
            00 01  00 00  00 17  01   # MBAP: length 23
            03  14                    # 20 bytes follow
            00 01 00 02 00 03 00 04 00 05 00 06 00 07 00 08 00 09 00 0a
            """);
    static final byte[] WRITE_REQUEST = Hex.bytes("""
            00 02  00 00  00 0b  01   # MBAP: transaction 2, length 11
            10  00 64  00 02  04      # Write Multiple Registers: address 100, 2 registers, 4 bytes
            00 0a  01 02
            """);
    static final byte[] WRITE_RESPONSE = Hex.bytes("""
            00 02  00 00  00 06  01
            10  00 64  00 02          # echo: address 100, 2 registers
            """);
    static final byte[] OUT_OF_RANGE_REQUEST = Hex.bytes("""
            00 03  00 00  00 06  01
            03  ff f0  00 20          # 32 registers from 65520: past the end of the map
            """);
    static final byte[] EXCEPTION_RESPONSE = Hex.bytes("""
            00 03  00 00  00 03  01
            83  02                    # FC 3 | 0x80, exception 02 ILLEGAL DATA ADDRESS
            """);

    /** {@code count} Read Holding Registers requests back to back (pipelined), transactions from {@code firstTid}. */
    static byte[] pipelinedReads(int firstTid, int count, int quantity) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            int tid = firstTid + i;
            out.writeBytes(new byte[] {(byte) (tid >>> 8), (byte) tid, 0, 0, 0, 6, 1, 3, 0, 0, 0, (byte) quantity});
        }
        return out.toByteArray();
    }

    /** The answers to {@link #pipelinedReads}: {@code quantity} registers each. */
    static byte[] pipelinedResponses(int firstTid, int count, int quantity) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            int tid = firstTid + i;
            int length = 3 + 2 * quantity;
            out.writeBytes(new byte[] {(byte) (tid >>> 8), (byte) tid, 0, 0, (byte) (length >>> 8), (byte) length, 1, 3,
                    (byte) (2 * quantity)});
            for (int r = 0; r < quantity; r++) {
                out.writeBytes(new byte[] {(byte) i, (byte) r});
            }
        }
        return out.toByteArray();
    }
}
