package io.statewall.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run for the JDK's AOT cache (JEP 483/514/515): the launcher runs this once after
 * a build with {@code -XX:AOTCacheOutput}, so later runs start with the pipeline's classes
 * already loaded and linked and its hot methods' profiles known. It synthesises a Modbus/TCP
 * capture (a few clients polling holding registers, with writes) and analyses it in-process
 * with and without EVE output, touching every class an ordinary {@code analyze} touches.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path capture = Files.createTempFile("statewall-aot-training", ".pcap");
        try {
            writeCapture(capture, 120_000);
            PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
            for (int round = 0; round < 3; round++) {
                Statewall.run(new String[] {"analyze", "--workers", "1", capture.toString()}, discard, discard);
                Statewall.run(new String[] {"analyze", "--workers", "1", "--eve", "-", capture.toString()}, discard, discard);
            }
        } finally {
            Files.deleteIfExists(capture);
        }
    }

    /** Ethernet/IPv4/TCP pcap: 8 connections, FC 3 polls of 10 registers, an FC 6 write in 50. */
    static void writeCapture(Path file, int packets) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(1);
            out.write(header.array());
            int connections = 8;
            long[] clientSeq = new long[connections];
            long[] serverSeq = new long[connections];
            long micros = 1_700_000_000_000_000L;
            int written = 0;
            for (int tx = 0; written < packets; tx++) {
                int c = tx % connections;
                boolean write = tx % 50 == 49;
                byte[] request = write
                        ? adu(tx, 1, 0x06, 0x00, 0x10, (tx >>> 8) & 0xFF, tx & 0xFF)
                        : adu(tx, 1, 0x03, 0x00, 0x64, 0x00, 0x0A);
                byte[] response = write ? request : registers(tx);
                micros += 250;
                out.write(frame(c, true, clientSeq[c], serverSeq[c], request, micros));
                clientSeq[c] += request.length;
                micros += 900;
                out.write(frame(c, false, serverSeq[c], clientSeq[c], response, micros));
                serverSeq[c] += response.length;
                written += 2;
            }
        }
    }

    private static byte[] registers(int tx) {
        int[] pdu = new int[2 + 20];
        pdu[0] = 0x03;
        pdu[1] = 20;
        for (int i = 2; i < pdu.length; i++) {
            pdu[i] = (tx * 7 + i) & 0xFF;
        }
        return adu(tx, 1, pdu);
    }

    private static byte[] adu(int transactionId, int unit, int... pdu) {
        ByteBuffer b = ByteBuffer.allocate(7 + pdu.length);
        b.putShort((short) transactionId).putShort((short) 0).putShort((short) (pdu.length + 1)).put((byte) unit);
        for (int v : pdu) {
            b.put((byte) v);
        }
        return b.array();
    }

    private static byte[] frame(int connection, boolean fromClient, long seq, long ack, byte[] payload, long micros) {
        int ipLength = 40 + payload.length;
        ByteBuffer f = ByteBuffer.allocate(16 + 14 + ipLength);
        f.order(ByteOrder.LITTLE_ENDIAN)
         .putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(14 + ipLength).putInt(14 + ipLength);
        f.order(ByteOrder.BIG_ENDIAN);
        f.put(new byte[12]).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putInt(0).put((byte) 64).put((byte) 6).putShort((short) 0);
        int client = 0x0A000100 + connection;
        int server = 0x0A000200 + connection;
        f.putInt(fromClient ? client : server).putInt(fromClient ? server : client);
        f.putShort((short) (fromClient ? 40_000 + connection : 502)).putShort((short) (fromClient ? 502 : 40_000 + connection));
        f.putInt((int) seq).putInt((int) ack).put((byte) 0x50).put((byte) 0x18).putShort((short) 8192).putInt(0);
        f.put(payload);
        return f.array();
    }
}
