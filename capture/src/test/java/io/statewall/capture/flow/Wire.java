package io.statewall.capture.flow;

import io.statewall.capture.Packet;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Builds decoded packets for the flow tests without a decoder: the payload sits behind 54
 * bytes of stand-in headers, so a reader that ignored {@link Packet#payloadOffset()} would
 * deliver the wrong bytes.
 */
final class Wire {
    static final long CLIENT_IP = 0x0A00_0001L; // 10.0.0.1
    static final long SERVER_IP = 0x0A00_0002L; // 10.0.0.2
    static final int CLIENT_PORT = 49_152;
    static final int SERVER_PORT = 502;
    static final int HEADERS = 54;

    static final int SYN = Packet.TCP_SYN;
    static final int ACK = Packet.TCP_ACK;
    static final int FIN = Packet.TCP_FIN;
    static final int RST = Packet.TCP_RST;
    static final int PSH = Packet.TCP_PSH;

    private Wire() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static Packet tcp(boolean fromClient, long seq, long ack, int flags, byte[] payload, long ts) {
        return fromClient
                ? packet(Packet.PROTO_TCP, CLIENT_IP, CLIENT_PORT, SERVER_IP, SERVER_PORT, seq, ack, flags, payload, ts)
                : packet(Packet.PROTO_TCP, SERVER_IP, SERVER_PORT, CLIENT_IP, CLIENT_PORT, seq, ack, flags, payload, ts);
    }

    static Packet udp(boolean fromClient, byte[] payload, long ts) {
        return fromClient
                ? packet(Packet.PROTO_UDP, CLIENT_IP, CLIENT_PORT, SERVER_IP, 20_000, 0, 0, 0, payload, ts)
                : packet(Packet.PROTO_UDP, SERVER_IP, 20_000, CLIENT_IP, CLIENT_PORT, 0, 0, 0, payload, ts);
    }

    static Packet packet(int protocol, long srcIp, int srcPort, long dstIp, int dstPort,
                         long seq, long ack, int flags, byte[] payload, long ts) {
        Packet p = new Packet();
        fill(p, new byte[HEADERS + payload.length], protocol, srcIp, srcPort, dstIp, dstPort, seq, ack, flags, payload, ts);
        return p;
    }

    /** Refills {@code p} over {@code frame} (reused by the allocation test). */
    static void fill(Packet p, byte[] frame, int protocol, long srcIp, int srcPort, long dstIp, int dstPort,
                     long seq, long ack, int flags, byte[] payload, long ts) {
        System.arraycopy(payload, 0, frame, HEADERS, payload.length);
        int length = HEADERS + payload.length;
        p.setFrame(MemorySegment.ofArray(frame), 0, length, length, ts, 0, 1, 1);
        p.setDecoded(4, 0, srcIp, 0, dstIp, protocol, srcPort, dstPort, seq, ack, flags, HEADERS, payload.length);
    }
}
