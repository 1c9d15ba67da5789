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

    /** A policy over the training capture's servers: plant model, per-state rules, rates. */
    static final String TRAINING_POLICY = """
            statewall: 1
            assets:
              hmis: { network: 10.0.1.0/24 }
              plc:  { ip: 10.0.2.0 }
              plcs: { network: 10.0.2.0/24 }
            plant:
              variables:
                level: { asset: plc, unit: 1, area: holding_registers, address: 100, type: uint16, scale: 0.1 }
                flag:  { asset: plc, unit: 1, area: coils, address: 100 }
              states:
                low:  { when: "level < 20", priority: 10 }
                high: { when: "level >= 20 and rate(level) > -1000", priority: 20, deadband: { level: 1 } }
            protected:
              - id: safety-coils
                to: plcs
                function: 5
                address: 0-15
            common:
              - id: polls
                from: hmis
                to: plcs
                operation: read
                action: allow
              - id: write-flood
                to: plcs
                operation: write
                rate: 50/1s
                action: alert
                attack: [T0814]
              - id: exceptions
                to: plcs
                response: { exception: true }
                action: alert
            rulesets:
              high:
                default: alert
                rules:
                  - id: setpoints
                    to: plcs
                    operation: write
                    area: holding_registers
                    address: 0-2000
                    value: ">60000"
                    action: block
                    attack: [T0836]
            default_ruleset:
              default: allow
            """;

    public static void main(String[] args) throws IOException {
        Path capture = Files.createTempFile("statewall-aot-training", ".pcap");
        Path policy = Files.createTempFile("statewall-aot-training", ".yaml");
        try {
            writeCapture(capture, 120_000);
            Files.writeString(policy, TRAINING_POLICY);
            PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
            for (int round = 0; round < 3; round++) {
                Statewall.run(new String[] {"analyze", "--workers", "1", capture.toString()}, discard, discard);
                Statewall.run(new String[] {"analyze", "--workers", "1", "--eve", "-", capture.toString()}, discard, discard);
                Statewall.run(new String[] {"analyze", "--policy", policy.toString(), "--eve", "-", capture.toString()}, discard, discard);
            }
            Statewall.run(new String[] {"policy", "check", policy.toString()}, discard, discard);
            // Usage and version text: picocli's help rendering and its terminal probe.
            Statewall.run(new String[] {"--version"}, discard, discard);
            Statewall.run(new String[] {"analyze", "--help"}, discard, discard);
            Statewall.run(new String[] {"analyze", "--workers", "x", capture.toString()}, discard, discard);
        } finally {
            Files.deleteIfExists(capture);
            Files.deleteIfExists(policy);
        }
        // The way every statewall run ends: System.exit sets up the JDK's logging to record the
        // exit, some forty classes that the cache otherwise lacks.
        System.exit(Statewall.OK);
    }

    /** Ethernet/IPv4/TCP pcap: 8 connections carrying {@link #request}'s mix, each answered. */
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
                byte[] request = request(tx);
                byte[] response = response(tx, request);
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

    /**
     * A plant's mix, so the recorded profiles match real traffic: mostly FC 3/4/1/2 polls of
     * varied size on several units, some FC 5/6/15/16 writes, FC 43/14 and exceptions.
     */
    private static byte[] request(int tx) {
        int unit = 1 + tx % 3;
        int address = (tx * 37) % 2000;
        return switch (tx % 40) {
            case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 ->
                    adu(tx, unit, 0x03, address >>> 8, address & 0xFF, 0, 1 + tx % 40);
            case 18, 19, 20, 21, 22, 23, 24, 25, 26, 27 -> adu(tx, unit, 0x04, address >>> 8, address & 0xFF, 0, 1 + tx % 20);
            case 28, 29, 30, 31, 32 -> adu(tx, unit, 0x01, address >>> 8, address & 0xFF, 0, 1 + tx % 64);
            case 33, 34, 35 -> adu(tx, unit, 0x02, address >>> 8, address & 0xFF, 0, 1 + tx % 32);
            case 36 -> adu(tx, unit, 0x06, address >>> 8, address & 0xFF, (tx >>> 8) & 0xFF, tx & 0xFF);
            case 37 -> adu(tx, unit, 0x05, address >>> 8, address & 0xFF, (tx & 1) == 0 ? 0xFF : 0, 0);
            case 38 -> adu(tx, unit, 0x10, address >>> 8, address & 0xFF, 0, 2, 4, 0x12, 0x34, 0x56, 0x78);
            default -> tx % 400 == 39 ? adu(tx, unit, 0x2B, 0x0E, 0x01, 0x00)
                    : adu(tx, unit, 0x0F, address >>> 8, address & 0xFF, 0, 10, 2, 0xFF, 0x03);
        };
    }

    private static byte[] response(int tx, byte[] request) {
        int unit = request[6] & 0xFF;
        int function = request[7] & 0xFF;
        if (tx % 997 == 0) {
            return adu(tx, unit, function | 0x80, 0x02);
        }
        int quantity = request.length >= 12 ? ((request[10] & 0xFF) << 8) | (request[11] & 0xFF) : 0;
        return switch (function) {
            case 0x03, 0x04 -> counted(tx, unit, function, quantity * 2);
            case 0x01, 0x02 -> counted(tx, unit, function, (quantity + 7) / 8);
            case 0x05, 0x06 -> java.util.Arrays.copyOf(request, request.length);
            case 0x0F, 0x10 -> adu(tx, unit, function, request[8] & 0xFF, request[9] & 0xFF, 0, quantity);
            default -> adu(tx, unit, 0x2B, 0x0E, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x08,
                    'S', 't', 'a', 't', 'e', 'w', 'a', 'l');
        };
    }

    private static byte[] counted(int tx, int unit, int function, int bytes) {
        int[] pdu = new int[2 + bytes];
        pdu[0] = function;
        pdu[1] = bytes;
        for (int i = 2; i < pdu.length; i++) {
            pdu[i] = (tx * 7 + i) & 0xFF;
        }
        return adu(tx, unit, pdu);
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
