package io.statewall.capture.write;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Synthesises the frames of one direction of a TCP connection: Ethernet II, then IPv4 or IPv6
 * (IPv4 when both addresses are, IPv6 otherwise), then TCP, with both checksums computed.
 * Everything that never changes within the direction (MACs, addresses, ports, TTL) is laid
 * out once in a template; {@link #encode} copies it and fills in the rest, allocating nothing.
 *
 * <pre>
 * Ethernet II (IEEE 802.3 §3.2.6: the Length/Type field used as EtherType); no FCS, as in
 * captures taken on a host
 *  off len field
 *    0   6 destination MAC
 *    6   6 source MAC
 *   12   2 EtherType: 0x0800 IPv4, 0x86DD IPv6
 *
 * IPv4 header, no options (RFC 791 §3.1)        IPv6 header (RFC 8200 §3)
 *   14   1 version 4 | IHL 5                      14   4 version 6 | traffic class 0 |
 *   15   1 DSCP | ECN: 0                                 flow label 0 (unlabelled, RFC 6437 §2)
 *   16   2 total length: 20 + TCP length         18   2 payload length: the TCP length
 *   18   2 identification: +1 per frame          20   1 next header 6 (TCP)
 *   20   2 DF (0x4000), fragment offset 0:       21   1 hop limit
 *          TCP avoids fragmentation itself       22  16 source address
 *   22   1 TTL                                   38  16 destination address
 *   23   1 protocol 6 (TCP)                      54     TCP header
 *   24   2 header checksum, over bytes 14..33
 *   26   4 source address
 *   30   4 destination address
 *   34     TCP header
 *
 * TCP header (RFC 9293 §3.1), at T = 34 (IPv4) or 54 (IPv6)
 *  T+0   2 source port
 *  T+2   2 destination port
 *  T+4   4 sequence number
 *  T+8   4 acknowledgment number
 *  T+12  1 data offset (header length in 32-bit words) in the high nibble
 *  T+13  1 flags CWR ECE URG ACK PSH RST SYN FIN
 *  T+14  2 window
 *  T+16  2 checksum: RFC 1071 over the pseudo-header and the whole segment; pseudo-header
 *          IPv4 (RFC 9293 §3.1): source, destination, zero, protocol 6, TCP length (16 bits)
 *          IPv6 (RFC 8200 §8.1): source, destination, TCP length (32 bits), zero, next header 6
 *  T+18  2 urgent pointer 0
 *  T+20  n options, a multiple of 4 bytes; then the payload
 * </pre>
 *
 * Not thread-safe: the identification counter is per instance.
 */
public final class TcpSegmentEncoder {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    public static final int ETHERNET_HEADER_BYTES = 14;
    public static final int IPV4_HEADER_BYTES = 20;
    public static final int IPV6_HEADER_BYTES = 40;
    public static final int TCP_HEADER_BYTES = 20;
    /** TCP options fill at most the 40 bytes a data offset of 15 words leaves (RFC 9293 §3.1). */
    public static final int MAX_OPTIONS_BYTES = 40;
    /** Initial TTL / hop limit of Linux and most stacks (RFC 1700's recommended default). */
    public static final int DEFAULT_HOP_LIMIT = 64;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int IP_PROTO_TCP = 6;
    private static final int IPV4_DONT_FRAGMENT = 0x4000;
    private static final int MAX_IP_LENGTH = 0xFFFF;
    private static final int IP = ETHERNET_HEADER_BYTES;

    private final int ipVersion;
    private final int tcp;
    private final MemorySegment template;
    /** The template's share of the TCP checksum: both addresses and the protocol number. */
    private final long pseudoHeaderSum;
    /** The template's share of the IPv4 header checksum, with length and identification zero. */
    private final long ipv4HeaderSum;
    private int ipId;

    /**
     * One direction, with MACs derived from the addresses (locally administered, see
     * {@link MacAddresses}) and the default hop limit.
     *
     * @param firstIpId IPv4 identification of the first frame; ignored for IPv6
     * @throws IllegalArgumentException when an address is unresolved
     */
    public TcpSegmentEncoder(InetSocketAddress source, InetSocketAddress destination, int firstIpId) {
        this(source, MacAddresses.derive(address(source)), destination, MacAddresses.derive(address(destination)),
                DEFAULT_HOP_LIMIT, firstIpId);
    }

    /**
     * One direction with explicit link-layer details. When one address is IPv4 and the other
     * IPv6 (a dual-stack socket), the IPv4 one is written IPv4-mapped (RFC 4291 §2.5.5.2).
     *
     * @param sourceMac      48 bits in the low bits of the long
     * @param hopLimit       IPv4 TTL or IPv6 hop limit, 0..255
     * @param firstIpId      IPv4 identification of the first frame, counted up modulo 2<sup>16</sup>
     * @throws IllegalArgumentException when an address is unresolved or a value out of range
     */
    public TcpSegmentEncoder(InetSocketAddress source, long sourceMac, InetSocketAddress destination,
                             long destinationMac, int hopLimit, int firstIpId) {
        InetAddress src = address(source);
        InetAddress dst = address(destination);
        requireRange(hopLimit, 0, 255, "hop limit");
        requireRange(sourceMac, 0, 0xFFFF_FFFF_FFFFL, "source MAC");
        requireRange(destinationMac, 0, 0xFFFF_FFFF_FFFFL, "destination MAC");
        boolean v4 = src instanceof Inet4Address && dst instanceof Inet4Address;
        byte[] srcBytes = v4 ? src.getAddress() : ipv6(src.getAddress());
        byte[] dstBytes = v4 ? dst.getAddress() : ipv6(dst.getAddress());
        this.ipVersion = v4 ? 4 : 6;
        this.tcp = IP + (v4 ? IPV4_HEADER_BYTES : IPV6_HEADER_BYTES);
        this.ipId = firstIpId & 0xFFFF;
        this.template = MemorySegment.ofArray(new byte[tcp + 4]);

        putMac(template, 0, destinationMac);
        putMac(template, 6, sourceMac);
        int addresses;
        if (v4) {
            template.set(Layouts.BE16, 12, (short) ETHERTYPE_IPV4);
            template.set(Layouts.U8, IP, (byte) 0x45);
            template.set(Layouts.BE16, IP + 6, (short) IPV4_DONT_FRAGMENT);
            template.set(Layouts.U8, IP + 8, (byte) hopLimit);
            template.set(Layouts.U8, IP + 9, (byte) IP_PROTO_TCP);
            addresses = IP + 12;
        } else {
            template.set(Layouts.BE16, 12, (short) ETHERTYPE_IPV6);
            template.set(Layouts.U8, IP, (byte) 0x60);
            template.set(Layouts.U8, IP + 6, (byte) IP_PROTO_TCP);
            template.set(Layouts.U8, IP + 7, (byte) hopLimit);
            addresses = IP + 8;
        }
        MemorySegment.copy(srcBytes, 0, template, Layouts.U8, addresses, srcBytes.length);
        MemorySegment.copy(dstBytes, 0, template, Layouts.U8, addresses + srcBytes.length, dstBytes.length);
        template.set(Layouts.BE16, tcp, (short) source.getPort());
        template.set(Layouts.BE16, tcp + 2, (short) destination.getPort());

        this.pseudoHeaderSum = InternetChecksum.add(IP_PROTO_TCP, template, addresses, 2 * srcBytes.length);
        this.ipv4HeaderSum = v4 ? InternetChecksum.add(0, template, IP, IPV4_HEADER_BYTES) : 0;
    }

    private static InetAddress address(InetSocketAddress endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        InetAddress a = endpoint.getAddress();
        if (a == null) {
            throw new IllegalArgumentException("unresolved address: " + endpoint);
        }
        return a;
    }

    /** Sixteen octets: IPv4 becomes IPv4-mapped IPv6 (RFC 4291 §2.5.5.2). */
    private static byte[] ipv6(byte[] a) {
        if (a.length == 16) {
            return a;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(a, 0, mapped, 12, 4);
        return mapped;
    }

    private static void putMac(MemorySegment s, int at, long mac) {
        s.set(Layouts.BE16, at, (short) (mac >>> 32));
        s.set(Layouts.BE32, at + 2, (int) mac);
    }

    private static void requireRange(long value, long min, long max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " out of range " + min + ".." + max + ": " + value);
        }
    }

    /** 4 or 6. */
    public int ipVersion() {
        return ipVersion;
    }

    /** The IPv4 identification the next frame will carry. */
    public int nextIpId() {
        return ipId;
    }

    /** Bytes of a frame with these options and payload. */
    public int frameLength(int optionsLength, int payloadLength) {
        return tcp + TCP_HEADER_BYTES + optionsLength + payloadLength;
    }

    /**
     * Writes one frame at {@code frame[at]} and returns its length. Sequence and acknowledgment
     * numbers are taken modulo 2<sup>32</sup>. {@code options} and {@code payload} may be null
     * when their length is 0.
     *
     * @param flags         {@link #SYN}, {@link #ACK}, … (the low 8 bits of byte 13)
     * @param window        0..65535, as sent (no scaling is applied)
     * @param optionsLength 0..40, a multiple of 4: pad options with NOP or EOL first
     * @throws IllegalArgumentException  when a value is out of range or the IP packet would
     *                                   exceed 65,535 bytes
     * @throws IndexOutOfBoundsException when the frame does not fit, or options or payload lie
     *                                   outside their segments
     */
    public int encode(MemorySegment frame, long at, long seq, long ack, int flags, int window,
                      MemorySegment options, long optionsOffset, int optionsLength,
                      MemorySegment payload, long payloadOffset, int payloadLength) {
        requireRange(flags, 0, 0xFF, "TCP flags");
        requireRange(window, 0, 0xFFFF, "window");
        if (optionsLength < 0 || optionsLength > MAX_OPTIONS_BYTES || (optionsLength & 3) != 0) {
            throw new IllegalArgumentException("TCP options must be 0..40 bytes in 4-byte words: " + optionsLength);
        }
        int tcpLength = TCP_HEADER_BYTES + optionsLength + payloadLength;
        int ipLength = ipVersion == 4 ? IPV4_HEADER_BYTES + tcpLength : tcpLength;
        if (payloadLength < 0 || ipLength > MAX_IP_LENGTH) {
            throw new IllegalArgumentException("payload of " + payloadLength + " bytes does not fit one IP packet");
        }
        int frameLength = tcp + tcpLength;
        Objects.checkFromIndexSize(at, frameLength, frame.byteSize());
        if (optionsLength > 0) {
            Objects.checkFromIndexSize(optionsOffset, optionsLength, options.byteSize());
        }
        if (payloadLength > 0) {
            Objects.checkFromIndexSize(payloadOffset, payloadLength, payload.byteSize());
        }

        MemorySegment.copy(template, 0, frame, at, template.byteSize());
        if (ipVersion == 4) {
            int id = ipId;
            ipId = (id + 1) & 0xFFFF;
            frame.set(Layouts.BE16, at + IP + 2, (short) ipLength);
            frame.set(Layouts.BE16, at + IP + 4, (short) id);
            frame.set(Layouts.BE16, at + IP + 10, (short) InternetChecksum.finish(ipv4HeaderSum + ipLength + id));
        } else {
            frame.set(Layouts.BE16, at + IP + 4, (short) ipLength);
        }

        long t = at + tcp;
        frame.set(Layouts.BE32, t + 4, (int) seq);
        frame.set(Layouts.BE32, t + 8, (int) ack);
        frame.set(Layouts.U8, t + 12, (byte) (((TCP_HEADER_BYTES + optionsLength) / 4) << 4));
        frame.set(Layouts.U8, t + 13, (byte) flags);
        frame.set(Layouts.BE16, t + 14, (short) window);
        frame.set(Layouts.BE32, t + 16, 0); // checksum and urgent pointer, zero while summing
        if (optionsLength > 0) {
            MemorySegment.copy(options, optionsOffset, frame, t + TCP_HEADER_BYTES, optionsLength);
        }
        if (payloadLength > 0) {
            MemorySegment.copy(payload, payloadOffset, frame, t + TCP_HEADER_BYTES + optionsLength, payloadLength);
        }
        long sum = InternetChecksum.add(pseudoHeaderSum + tcpLength, frame, t, tcpLength);
        frame.set(Layouts.BE16, t + 16, (short) InternetChecksum.finish(sum));
        return frameLength;
    }
}
