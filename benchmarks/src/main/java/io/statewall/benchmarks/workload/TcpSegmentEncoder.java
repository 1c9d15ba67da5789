package io.statewall.benchmarks.workload;

import java.lang.foreign.MemorySegment;

/**
 * Writes one Ethernet II / IPv4 / TCP frame into a {@link FrameQueue}, both checksums included.
 *
 * <pre>
 * Ethernet II (IEEE 802.3 §3.2.6 Length/Type field used as EtherType)
 *  off len field
 *    0   6 destination MAC
 *    6   6 source MAC
 *   12   2 EtherType 0x0800 (IPv4)
 * IPv4 header, no options (RFC 791 §3.1)
 *   14   1 version 4 | IHL 5
 *   15   1 DSCP/ECN 0
 *   16   2 total length (IP header + TCP header + payload)
 *   18   2 identification
 *   20   2 flags DF (0x4000), fragment offset 0: TCP segments are never fragmented here
 *   22   1 TTL
 *   23   1 protocol 6 (TCP)
 *   24   2 header checksum: RFC 1071 over bytes 14..33
 *   26   4 source address
 *   30   4 destination address
 * TCP header (RFC 9293 §3.1)
 *   34   2 source port
 *   36   2 destination port
 *   38   4 sequence number
 *   42   4 acknowledgment number
 *   46   1 data offset (header length in 32-bit words) in the high nibble
 *   47   1 flags CWR ECE URG ACK PSH RST SYN FIN
 *   48   2 window
 *   50   2 checksum: RFC 1071 over the pseudo-header (source, destination, 0, 6, TCP length)
 *          and the whole segment
 *   52   2 urgent pointer 0
 *   54   n options (a multiple of 4 bytes), then the payload
 * </pre>
 * No Ethernet FCS: captures taken on a host never contain it.
 */
final class TcpSegmentEncoder {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    static final int ETHERNET_BYTES = 14;
    static final int IPV4_BYTES = 20;
    static final int TCP_BYTES = 20;
    static final int HEADERS_BYTES = ETHERNET_BYTES + IPV4_BYTES + TCP_BYTES;
    static final MemorySegment NONE = MemorySegment.ofArray(new byte[0]);

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int IP_PROTO_TCP = 6;
    private static final int IP_DONT_FRAGMENT = 0x4000;
    private static final int IP = ETHERNET_BYTES;
    private static final int TCP = ETHERNET_BYTES + IPV4_BYTES;

    private TcpSegmentEncoder() {}

    /**
     * Appends the frame at {@code timestampMicros}. Sequence numbers are taken modulo 2^32; options
     * must already be padded to a multiple of 4 bytes.
     */
    static void write(FrameQueue queue, long timestampMicros, Host src, Host dst, int ipId,
                      int srcPort, int dstPort, long seq, long ack, int flags, int window,
                      MemorySegment options, int optionsLength, MemorySegment payload, int payloadLength) {
        if ((optionsLength & 3) != 0 || optionsLength > 40) {
            throw new IllegalArgumentException("TCP options must be 0..40 bytes in 4-byte words: " + optionsLength);
        }
        int tcpLength = TCP_BYTES + optionsLength + payloadLength;
        int frameLength = ETHERNET_BYTES + IPV4_BYTES + tcpLength;
        int base = queue.reserve(frameLength);
        MemorySegment f = queue.segment();

        putMac(f, base, dst.mac());
        putMac(f, base + 6, src.mac());
        f.set(Layouts.BE16, base + 12, (short) ETHERTYPE_IPV4);

        int ip = base + IP;
        f.set(Layouts.U8, ip, (byte) 0x45);
        f.set(Layouts.U8, ip + 1, (byte) 0);
        f.set(Layouts.BE16, ip + 2, (short) (IPV4_BYTES + tcpLength));
        f.set(Layouts.BE16, ip + 4, (short) ipId);
        f.set(Layouts.BE16, ip + 6, (short) IP_DONT_FRAGMENT);
        f.set(Layouts.U8, ip + 8, (byte) src.ttl());
        f.set(Layouts.U8, ip + 9, (byte) IP_PROTO_TCP);
        f.set(Layouts.BE16, ip + 10, (short) 0);
        f.set(Layouts.BE32, ip + 12, src.ipv4());
        f.set(Layouts.BE32, ip + 16, dst.ipv4());
        f.set(Layouts.BE16, ip + 10, (short) InternetChecksum.finish(InternetChecksum.add(0, f, ip, IPV4_BYTES)));

        int tcp = base + TCP;
        f.set(Layouts.BE16, tcp, (short) srcPort);
        f.set(Layouts.BE16, tcp + 2, (short) dstPort);
        f.set(Layouts.BE32, tcp + 4, (int) seq);
        f.set(Layouts.BE32, tcp + 8, (int) ack);
        f.set(Layouts.U8, tcp + 12, (byte) (((TCP_BYTES + optionsLength) / 4) << 4));
        f.set(Layouts.U8, tcp + 13, (byte) flags);
        f.set(Layouts.BE16, tcp + 14, (short) window);
        f.set(Layouts.BE16, tcp + 16, (short) 0);
        f.set(Layouts.BE16, tcp + 18, (short) 0);
        if (optionsLength > 0) {
            MemorySegment.copy(options, 0, f, tcp + TCP_BYTES, optionsLength);
        }
        if (payloadLength > 0) {
            MemorySegment.copy(payload, 0, f, tcp + TCP_BYTES + optionsLength, payloadLength);
        }
        long sum = InternetChecksum.addInt(0, src.ipv4());
        sum = InternetChecksum.addInt(sum, dst.ipv4());
        sum += IP_PROTO_TCP + tcpLength;
        sum = InternetChecksum.add(sum, f, tcp, tcpLength);
        f.set(Layouts.BE16, tcp + 16, (short) InternetChecksum.finish(sum));

        queue.commit(timestampMicros, frameLength);
    }

    private static void putMac(MemorySegment f, int at, long mac) {
        f.set(Layouts.BE16, at, (short) (mac >>> 32));
        f.set(Layouts.BE32, at + 2, (int) mac);
    }
}
