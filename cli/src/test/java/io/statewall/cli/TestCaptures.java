package io.statewall.cli;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds small classic pcap files (Ethernet, IPv4, TCP) for the CLI tests: a client on
 * 10.0.0.1:40000 and a Modbus server on 10.0.0.2:502, with a handshake and in-order data.
 */
final class TestCaptures {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long clientSeq = 1000;
    private long serverSeq = 5000;
    private long micros = 1_480_500_000_000_000L;

    TestCaptures() {
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(1);
        out.writeBytes(header.array());
    }

    TestCaptures handshake() {
        segment(true, 0x02, new byte[0]);
        clientSeq++;
        segment(false, 0x12, new byte[0]);
        serverSeq++;
        segment(true, 0x10, new byte[0]);
        return this;
    }

    TestCaptures request(byte[] adu) {
        segment(true, 0x18, adu);
        clientSeq += adu.length;
        return this;
    }

    TestCaptures response(byte[] adu) {
        segment(false, 0x18, adu);
        serverSeq += adu.length;
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void segment(boolean fromClient, int flags, byte[] payload) {
        int ipLength = 20 + 20 + payload.length;
        ByteBuffer f = ByteBuffer.allocate(14 + ipLength).order(ByteOrder.BIG_ENDIAN);
        f.put(new byte[] {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) 0).putShort((short) 0x4000)
         .put((byte) 64).put((byte) 6).putShort((short) 0);
        int client = 0x0A000001, server = 0x0A000002;
        f.putInt(fromClient ? client : server).putInt(fromClient ? server : client);
        f.putShort((short) (fromClient ? 40_000 : 502)).putShort((short) (fromClient ? 502 : 40_000));
        f.putInt((int) (fromClient ? clientSeq : serverSeq)).putInt((int) (flags == 0x02 ? 0 : fromClient ? serverSeq : clientSeq));
        f.put((byte) 0x50).put((byte) flags).putShort((short) 8192).putShort((short) 0).putShort((short) 0);
        f.put(payload);
        micros += 1500;
        ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(f.capacity()).putInt(f.capacity());
        out.writeBytes(record.array());
        out.writeBytes(f.array());
    }

    /** An ADU: MBAP header (transaction id, protocol 0, length, unit) and the PDU. */
    static byte[] adu(int transactionId, int unit, int... pdu) {
        ByteBuffer b = ByteBuffer.allocate(7 + pdu.length);
        b.putShort((short) transactionId).putShort((short) 0).putShort((short) (pdu.length + 1)).put((byte) unit);
        for (int v : pdu) {
            b.put((byte) v);
        }
        return b.array();
    }
}
