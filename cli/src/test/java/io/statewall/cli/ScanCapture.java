package io.statewall.cli;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds classic pcap files (Ethernet, IPv4, TCP) of a small plant scanned on a schedule, for
 * the baseline's CLI tests: every exchange at a time of the caller's choosing, each client
 * (10.0.0.x:40000) on its own connection to the PLC at 10.0.0.2:502, opened with a handshake
 * the first time it speaks.
 *
 * <p>{@link #scans} writes an HMI (10.0.0.1) that every 500 ms (±0.2 ms) reads holding
 * registers 100..103 (a pressure moving slowly, two constants, a word toggling 0/1), then coils
 * 0..7 (coil 1 on, coil 5 toggling every 20 scans), then writes setpoint 200 (1800).
 */
final class ScanCapture {
    static final int HMI = 1;
    static final int ROGUE = 9;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<Integer, long[]> sequences = new HashMap<>();
    private int transactionId;

    ScanCapture() {
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(1);
        out.writeBytes(header.array());
    }

    /** A request from client 10.0.0.{@code client} at {@code micros} and its answer a millisecond later. */
    ScanCapture exchange(int client, long micros, int[] request, int[] response) {
        long[] seq = sequences.get(client);
        if (seq == null) {
            seq = new long[] {1000, 5000};
            sequences.put(client, seq);
            segment(client, true, seq, 0x02, new byte[0], micros - 3);
            seq[0]++;
            segment(client, false, seq, 0x12, new byte[0], micros - 2);
            seq[1]++;
            segment(client, true, seq, 0x10, new byte[0], micros - 1);
        }
        transactionId = (transactionId + 1) & 0xFFFF;
        byte[] q = adu(transactionId, request);
        segment(client, true, seq, 0x18, q, micros);
        seq[0] += q.length;
        byte[] a = adu(transactionId, response);
        segment(client, false, seq, 0x18, a, micros + 1_000);
        seq[1] += a.length;
        return this;
    }

    /** Scans {@code from} (inclusive) to {@code to} of the HMI's cycle. */
    ScanCapture scans(int from, int to) {
        for (int i = from; i < to; i++) {
            long t = 1_700_000_000_000_000L + i * 500_000L + (i * 7919L % 5) * 100L;
            int pressure = 1500 + (int) Math.round(60 * Math.sin(2 * Math.PI * i / 80.0));
            exchange(HMI, t, new int[] {3, 0, 100, 0, 4}, new int[] {3, 8, pressure >>> 8, pressure & 0xFF, 0, 200, 0x13, 0x88, 0, i % 2});
            exchange(HMI, t + 2_000, new int[] {1, 0, 0, 0, 8}, new int[] {1, 1, 0x02 | (i / 20 % 2) << 5});
            exchange(HMI, t + 4_000, new int[] {6, 0, 200, 0x07, 0x08}, new int[] {6, 0, 200, 0x07, 0x08});
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void segment(int client, boolean fromClient, long[] seq, int flags, byte[] payload, long micros) {
        int ipLength = 20 + 20 + payload.length;
        ByteBuffer f = ByteBuffer.allocate(14 + ipLength).order(ByteOrder.BIG_ENDIAN);
        f.put(new byte[] {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) 0).putShort((short) 0x4000)
         .put((byte) 64).put((byte) 6).putShort((short) 0);
        int clientIp = 0x0A000000 | client;
        int server = 0x0A000002;
        f.putInt(fromClient ? clientIp : server).putInt(fromClient ? server : clientIp);
        f.putShort((short) (fromClient ? 40_000 : 502)).putShort((short) (fromClient ? 502 : 40_000));
        f.putInt((int) (fromClient ? seq[0] : seq[1])).putInt((int) (flags == 0x02 ? 0 : fromClient ? seq[1] : seq[0]));
        f.put((byte) 0x50).put((byte) flags).putShort((short) 8192).putShort((short) 0).putShort((short) 0);
        f.put(payload);
        ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(f.capacity()).putInt(f.capacity());
        out.writeBytes(record.array());
        out.writeBytes(f.array());
    }

    private static byte[] adu(int transactionId, int[] pdu) {
        ByteBuffer b = ByteBuffer.allocate(7 + pdu.length);
        b.putShort((short) transactionId).putShort((short) 0).putShort((short) (pdu.length + 1)).put((byte) 1);
        for (int v : pdu) {
            b.put((byte) v);
        }
        return b.array();
    }
}
