package io.statewall.benchmarks.workload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An independent check of a generated capture, frame by frame: IPv4 and TCP checksums recomputed
 * here, TCP sequence and acknowledgment numbers followed per connection (every byte accounted
 * for, every ACK exact), connections opened with a handshake and closed with FINs, exactly one
 * MBAP-framed ADU per data segment, one request outstanding at a time, answers matching their
 * request. Counts what it sees, so tests can compare with the generator's own summary.
 */
final class CaptureAudit {
    private static final int MAX_VIOLATIONS = 20;

    final List<String> violations = new ArrayList<>();
    long packets;
    long frameBytes;
    long pureAcks;
    long connectionsOpened;
    long connectionsClosed;
    long requests;
    long exceptions;
    final long[] requestsByFunction = new long[256];
    final long[] exceptionsByCode = new long[256];
    final Map<Integer, Set<Integer>> unitsByServer = new TreeMap<>();
    final List<Long> responseMicros = new ArrayList<>();
    long subMillisecondTimestamps;
    int largestInputRegisterStep;
    long inputRegisterComparisons;

    private long lastMicros = Long.MIN_VALUE;
    private final Map<String, Connection> connections = new HashMap<>();
    private final Map<String, int[]> lastInputBlock = new HashMap<>();

    private static final class Connection {
        long clientNext;
        long serverNext;
        boolean synAck;
        boolean established;
        boolean clientFin;
        boolean serverFin;
        boolean closed;
        int pendingTid = -1;
        int pendingUnit;
        int pendingFunction;
        int pendingStart;
        int pendingQuantity;
        long pendingMicros;
    }

    static CaptureAudit of(Path pcap) throws IOException {
        CaptureAudit a = new CaptureAudit();
        PcapRecords.forEach(pcap, a::frame);
        a.finish();
        return a;
    }

    private void violation(PcapRecords.Frame f, String what) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add("frame " + f.number() + ": " + what);
        }
    }

    /** RFC 1071 written the slow, obvious way: add every 16-bit word, fold, compare with ffff. */
    private static boolean sumsToAllOnes(byte[] b, int from, int to, long start) {
        long sum = start;
        for (int i = from; i < to; i += 2) {
            int hi = b[i] & 0xFF;
            int lo = i + 1 < to ? b[i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return sum == 0xFFFF;
    }

    private void frame(PcapRecords.Frame f) {
        packets++;
        byte[] b = f.bytes();
        frameBytes += b.length;
        if (f.micros() < lastMicros) {
            violation(f, "timestamp goes backwards");
        }
        lastMicros = f.micros();
        if (f.micros() % 1000 != 0) {
            subMillisecondTimestamps++;
        }
        if (b.length < 54 || f.etherType() != 0x0800 || (b[14] & 0xFF) != 0x45 || (b[23] & 0xFF) != 6) {
            violation(f, "not Ethernet / IPv4 without options / TCP");
            return;
        }
        if (f.ipTotalLength() != b.length - 14) {
            violation(f, "IPv4 total length " + f.ipTotalLength() + " for a " + b.length + "-byte frame");
            return;
        }
        if ((b[20] & 0xFF) != 0x40 || b[21] != 0) {
            violation(f, "IPv4 flags/fragment offset are not DF, 0");
        }
        if (!sumsToAllOnes(b, 14, 34, 0)) {
            violation(f, "IPv4 header checksum");
        }
        int tcpLength = f.ipTotalLength() - 20;
        long pseudo = ((f.srcIp() >>> 16) & 0xFFFF) + (f.srcIp() & 0xFFFF) + ((f.dstIp() >>> 16) & 0xFFFF)
                + (f.dstIp() & 0xFFFF) + 6 + tcpLength;
        if (!sumsToAllOnes(b, 34, b.length, pseudo)) {
            violation(f, "TCP checksum");
        }
        tcp(f);
    }

    private void tcp(PcapRecords.Frame f) {
        boolean fromClient = f.dstPort() == 502;
        if (!fromClient && f.srcPort() != 502) {
            violation(f, "neither port is 502");
            return;
        }
        String key = fromClient ? f.srcIp() + ":" + f.srcPort() + ">" + f.dstIp()
                : f.dstIp() + ":" + f.dstPort() + ">" + f.srcIp();
        int flags = f.flags();
        Connection c = connections.get(key);
        if (flags == TcpSegmentEncoder.SYN) {
            if (!fromClient || (c != null && !c.closed)) {
                violation(f, "SYN on an open connection or from the server");
                return;
            }
            c = new Connection();
            c.clientNext = (f.seq() + 1) & 0xFFFF_FFFFL;
            connections.put(key, c);
            connectionsOpened++;
            return;
        }
        if (c == null || c.closed) {
            violation(f, "segment outside any connection");
            return;
        }
        if (flags == (TcpSegmentEncoder.SYN | TcpSegmentEncoder.ACK)) {
            if (fromClient || f.ack() != c.clientNext) {
                violation(f, "SYN-ACK does not acknowledge the SYN");
            }
            c.serverNext = (f.seq() + 1) & 0xFFFF_FFFFL;
            c.synAck = true;
            return;
        }
        if (!c.synAck || (flags & TcpSegmentEncoder.ACK) == 0 || (flags & (TcpSegmentEncoder.SYN | TcpSegmentEncoder.RST)) != 0) {
            violation(f, "unexpected flags " + Integer.toHexString(flags));
            return;
        }
        long own = fromClient ? c.clientNext : c.serverNext;
        long peer = fromClient ? c.serverNext : c.clientNext;
        if (f.seq() != own) {
            violation(f, "seq " + f.seq() + " but " + own + " expected");
        }
        if (f.ack() != peer) {
            violation(f, "ack " + f.ack() + " but " + peer + " expected");
        }
        int length = f.payloadLength();
        boolean fin = (flags & TcpSegmentEncoder.FIN) != 0;
        long next = (f.seq() + length + (fin ? 1 : 0)) & 0xFFFF_FFFFL;
        if (fromClient) {
            c.clientNext = next;
        } else {
            c.serverNext = next;
        }
        if (length == 0 && flags == TcpSegmentEncoder.ACK) {
            pureAcks++;
            if (fromClient && !c.established) {
                c.established = true;
            } else if (fromClient && c.clientFin && c.serverFin) {
                c.closed = true;
                connectionsClosed++;
            }
        }
        if (fin) {
            if (fromClient) {
                c.clientFin = true;
            } else {
                c.serverFin = true;
            }
        }
        if (length > 0) {
            if (!c.established || c.clientFin || c.serverFin) {
                violation(f, "data outside the established state");
            }
            modbus(f, c, fromClient);
        }
    }

    private void modbus(PcapRecords.Frame f, Connection c, boolean request) {
        byte[] p = f.payload();
        java.nio.ByteBuffer be = java.nio.ByteBuffer.wrap(p);
        if (p.length < 8 || be.getShort(2) != 0 || (be.getShort(4) & 0xFFFF) != p.length - 6) {
            violation(f, "payload is not exactly one MBAP-framed ADU");
            return;
        }
        int tid = be.getShort(0) & 0xFFFF;
        int unit = p[6] & 0xFF;
        int fc = p[7] & 0xFF;
        int server = request ? f.dstIp() : f.srcIp();
        unitsByServer.computeIfAbsent(server, k -> new TreeSet<>()).add(unit);
        if (request) {
            if (c.pendingTid >= 0) {
                violation(f, "a second request while one is outstanding");
            }
            c.pendingTid = tid;
            c.pendingUnit = unit;
            c.pendingFunction = fc;
            c.pendingMicros = f.micros();
            c.pendingStart = p.length >= 12 ? be.getShort(8) & 0xFFFF : -1;
            c.pendingQuantity = p.length >= 12 ? be.getShort(10) & 0xFFFF : -1;
            requests++;
            requestsByFunction[fc]++;
            return;
        }
        if (c.pendingTid != tid || c.pendingUnit != unit) {
            violation(f, "response tid/unit " + tid + "/" + unit + " does not match the request");
            return;
        }
        if (fc != c.pendingFunction && fc != (c.pendingFunction | 0x80)) {
            violation(f, "response function " + fc + " to request function " + c.pendingFunction);
        }
        c.pendingTid = -1;
        responseMicros.add(f.micros() - c.pendingMicros);
        if ((fc & 0x80) != 0) {
            exceptions++;
            exceptionsByCode[p[8] & 0xFF]++;
            return;
        }
        int q = c.pendingQuantity;
        int expectedCount = switch (fc) {
            case 1, 2 -> (q + 7) / 8;
            case 3, 4 -> 2 * q;
            default -> -1;
        };
        if (expectedCount >= 0 && ((p[8] & 0xFF) != expectedCount || p.length != 9 + expectedCount)) {
            violation(f, "byte count " + (p[8] & 0xFF) + " for a quantity of " + q);
        }
        if (fc == 4) {
            String block = server + "/" + unit + "/" + c.pendingStart + "/" + q;
            int[] values = new int[q];
            for (int i = 0; i < q; i++) {
                values[i] = be.getShort(9 + 2 * i) & 0xFFFF;
            }
            int[] before = lastInputBlock.put(block, values);
            if (before != null) {
                for (int i = 0; i < q; i++) {
                    largestInputRegisterStep = Math.max(largestInputRegisterStep, Math.abs(values[i] - before[i]));
                    inputRegisterComparisons++;
                }
            }
        }
    }

    private void finish() {
        connections.forEach((k, c) -> {
            if (!c.closed && violations.size() < MAX_VIOLATIONS) {
                violations.add("connection " + k + " never closed");
            }
            if (c.pendingTid >= 0 && violations.size() < MAX_VIOLATIONS) {
                violations.add("connection " + k + " ends with an unanswered request");
            }
        });
    }
}
