package io.statewall.capture;

import java.lang.foreign.MemorySegment;

/**
 * Decodes the link, network and transport headers of a captured frame into the decoded fields
 * of its {@link Packet}: addresses, ports, TCP sequence numbers and flags, and where the
 * transport payload lies. One instance is reused for every packet; decoding allocates nothing
 * and never throws, whatever the bytes: what it cannot decode it names in
 * {@link Packet#issue()}.
 *
 * <p>Fields are filled as far as decoding got: the IP version and addresses once the whole IP
 * header is present, the protocol, ports and payload once the whole TCP or UDP header is. The
 * payload is bounded by every length that covers it (IP total or payload length, UDP length)
 * and by the captured bytes: Ethernet padding and trailers never become payload, and a frame cut
 * by the snap length yields the payload bytes that were kept, without an issue.
 *
 * <p>A header that ends beyond the captured bytes but inside its IP packet is
 * {@link DecodeIssue#TRUNCATED}; one that would not fit even in the lengths the packet declares
 * is {@link DecodeIssue#BAD_HEADER}.
 *
 * <pre>
 * Link layers (tcpdump.org link-layer header types)
 *   ETHERNET (1)       0 6 destination | 6 6 source | 12 2 EtherType | 14 … payload
 *   802.1Q / 802.1ad   EtherType 0x8100, 0x88a8 (0x9100, 0x9200 before 802.1ad): a 4-byte tag
 *                      0 2 TCI (PCP 3 bits, DEI 1, VLAN id 12) | 2 2 next EtherType
 *   LINUX_SLL (113)    0 2 packet type | 2 2 ARPHRD | 4 2 address length | 6 8 address |
 *                      14 2 protocol (EtherType) | 16 … payload
 *   LINUX_SLL2 (276)   0 2 protocol (EtherType) | 2 2 reserved | 4 4 interface index |
 *                      8 2 ARPHRD | 10 1 packet type | 11 1 address length | 12 8 address | 20 …
 *   NULL (0), LOOP (108)  0 4 address family, host byte order (NULL) or big-endian (LOOP):
 *                      AF_INET 2; AF_INET6 10 Linux, 23 Windows, 24 NetBSD/OpenBSD, 28 FreeBSD,
 *                      30 Darwin
 *   RAW (101, 12, 14)  IPv4 or IPv6, by the version nibble; IPV4 (228), IPV6 (229) one only
 *
 * IPv4 header (RFC 791 §3.1)
 *    0 1 version 4 | IHL (32-bit words, 5..15)      9 1 protocol
 *    1 1 DSCP | ECN                                10 2 header checksum (not checked: captures
 *    2 2 total length (0 under TCP segmentation        on the sending host carry offloaded ones)
 *        offload: then the captured bytes count)   12 4 source address
 *    4 2 identification                            16 4 destination address
 *    6 2 reserved | DF | MF | fragment offset      20 … options, to IHL * 4
 *    8 1 TTL
 *
 * IPv6 header (RFC 8200 §3)
 *    0 4 version 6 | traffic class | flow label     7 1 hop limit
 *    4 2 payload length (extension headers included; 8 16 source address
 *        0 = jumbogram: the captured bytes count)   24 16 destination address
 *    6 1 next header                                40 … extension headers, upper-layer header
 *
 * IPv6 extension headers walked (RFC 8200 §4; RFC 4302 §2 for AH)
 *   Hop-by-Hop (0), Routing (43), Destination Options (60):
 *                      0 1 next header | 1 1 length in 8-octet units, not counting the first 8
 *   Fragment (44):     0 1 next header | 1 1 reserved | 2 2 offset (13 bits) | res 2 | M 1 |
 *                      4 4 identification; offset 0 with M clear is an atomic fragment, walked past
 *   AH (51):           0 1 next header | 1 1 length in 4-octet units, minus 2
 *
 * TCP header (RFC 9293 §3.1)
 *    0 2 source port                               13 1 CWR ECE URG ACK PSH RST SYN FIN
 *    2 2 destination port                          14 2 window
 *    4 4 sequence number                           16 2 checksum (not checked)
 *    8 4 acknowledgment number                     18 2 urgent pointer
 *   12 1 data offset (32-bit words, 5..15) | rsvd  20 … options, to data offset * 4
 *
 * UDP header (RFC 768)
 *    0 2 source port | 2 2 destination port | 4 2 length (header + data, ≥ 8) | 6 2 checksum
 * </pre>
 */
public final class PacketDecoder {
    /** More stacked VLAN tags than this is not a real network: a loop in a hostile frame. */
    static final int MAX_VLAN_TAGS = 8;
    /** Likewise for IPv6 extension headers. */
    static final int MAX_EXTENSION_HEADERS = 16;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_9100 = 0x9100;
    private static final int ETHERTYPE_QINQ_9200 = 0x9200;

    private static final int ETHERNET_HEADER = 14;
    private static final int SLL_HEADER = 16;
    private static final int SLL2_HEADER = 20;
    private static final int LOOPBACK_HEADER = 4;
    private static final int IPV4_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int TCP_HEADER = 20;
    private static final int UDP_HEADER = 8;

    private static final int IP_HOP_BY_HOP = 0;
    private static final int IP_ROUTING = 43;
    private static final int IP_FRAGMENT = 44;
    private static final int IP_AH = 51;
    private static final int IP_DESTINATION_OPTIONS = 60;

    private static final int IPV4_MF_AND_OFFSET = 0x3FFF;
    private static final int IPV6_OFFSET_AND_M = 0xFFF9;
    private static final long U32 = 0xFFFF_FFFFL;

    /** Decodes {@code p}'s frame, replacing whatever a previous decode left there. */
    public void decode(Packet p) {
        p.clearDecoded();
        MemorySegment d = p.data;
        long start = p.frameOffset;
        if (d == null || start < 0 || start > d.byteSize() || p.capturedLength <= 0) {
            p.issue = DecodeIssue.TRUNCATED;
            return;
        }
        long end = Math.min(start + p.capturedLength, d.byteSize());
        switch (p.linkType) {
            case LinkType.ETHERNET -> {
                if (end - start < ETHERNET_HEADER) {
                    p.issue = DecodeIssue.TRUNCATED;
                } else {
                    etherType(p, d, start + 12, start + ETHERNET_HEADER, end);
                }
            }
            case LinkType.LINUX_SLL -> {
                if (end - start < SLL_HEADER) {
                    p.issue = DecodeIssue.TRUNCATED;
                } else {
                    etherType(p, d, start + 14, start + SLL_HEADER, end);
                }
            }
            case LinkType.LINUX_SLL2 -> {
                if (end - start < SLL2_HEADER) {
                    p.issue = DecodeIssue.TRUNCATED;
                } else {
                    etherType(p, d, start, start + SLL2_HEADER, end);
                }
            }
            case LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14 -> rawIp(p, d, start, end);
            case LinkType.IPV4 -> ipv4(p, d, start, end);
            case LinkType.IPV6 -> ipv6(p, d, start, end);
            case LinkType.NULL, LinkType.LOOP -> loopback(p, d, start, end);
            default -> p.issue = DecodeIssue.UNSUPPORTED_LINK_TYPE;
        }
    }

    private static int u8(MemorySegment d, long at) { return d.get(ByteLayouts.U8, at) & 0xFF; }

    private static int u16(MemorySegment d, long at) { return d.get(ByteLayouts.BE16, at) & 0xFFFF; }

    /** Walks VLAN tags from the EtherType at {@code typeAt}; the header it names starts at {@code at}. */
    private static void etherType(Packet p, MemorySegment d, long typeAt, long at, long end) {
        int type = u16(d, typeAt);
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ
                || type == ETHERTYPE_QINQ_9100 || type == ETHERTYPE_QINQ_9200) {
            if (p.vlanCount == MAX_VLAN_TAGS) {
                p.issue = DecodeIssue.BAD_HEADER;
                return;
            }
            if (end - at < 4) {
                p.issue = DecodeIssue.TRUNCATED;
                return;
            }
            if (p.vlanCount++ == 0) {
                p.outerVlanId = u16(d, at) & 0x0FFF;
            }
            type = u16(d, at + 2);
            at += 4;
        }
        switch (type) {
            case ETHERTYPE_IPV4 -> ipv4(p, d, at, end);
            case ETHERTYPE_IPV6 -> ipv6(p, d, at, end);
            default -> p.issue = DecodeIssue.NOT_IP;
        }
    }

    private static void loopback(Packet p, MemorySegment d, long start, long end) {
        if (end - start < LOOPBACK_HEADER) {
            p.issue = DecodeIssue.TRUNCATED;
            return;
        }
        // Families are small numbers: whichever byte order leaves the high half zero is the writer's.
        int family = d.get(ByteLayouts.LE32, start);
        if ((family & 0xFFFF_0000) != 0) {
            family = Integer.reverseBytes(family);
        }
        switch (family) {
            case 2 -> ipv4(p, d, start + LOOPBACK_HEADER, end);
            case 10, 23, 24, 28, 30 -> ipv6(p, d, start + LOOPBACK_HEADER, end);
            default -> p.issue = DecodeIssue.NOT_IP;
        }
    }

    private static void rawIp(Packet p, MemorySegment d, long start, long end) {
        switch (u8(d, start) >>> 4) {
            case 4 -> ipv4(p, d, start, end);
            case 6 -> ipv6(p, d, start, end);
            default -> p.issue = DecodeIssue.BAD_HEADER;
        }
    }

    private static void ipv4(Packet p, MemorySegment d, long at, long end) {
        if (!version(p, d, at, end, 4, IPV4_HEADER)) {
            return;
        }
        int headerLength = (u8(d, at) & 0x0F) * 4;
        int totalLength = u16(d, at + 2);
        if (headerLength < IPV4_HEADER || (totalLength != 0 && totalLength < headerLength)) {
            p.issue = DecodeIssue.BAD_HEADER;
            return;
        }
        if (end - at < headerLength) {
            p.issue = DecodeIssue.TRUNCATED;
            return;
        }
        p.ipVersion = 4;
        p.srcAddrLo = d.get(ByteLayouts.BE32, at + 12) & U32;
        p.dstAddrLo = d.get(ByteLayouts.BE32, at + 16) & U32;
        if ((u16(d, at + 6) & IPV4_MF_AND_OFFSET) != 0) {
            p.issue = DecodeIssue.FRAGMENT;
            return;
        }
        long declaredEnd = totalLength == 0 ? end : at + totalLength;
        transport(p, d, u8(d, at + 9), at + headerLength, Math.min(end, declaredEnd), declaredEnd);
    }

    private static void ipv6(Packet p, MemorySegment d, long at, long end) {
        if (!version(p, d, at, end, 6, IPV6_HEADER)) {
            return;
        }
        p.ipVersion = 6;
        p.srcAddrHi = d.get(ByteLayouts.BE64, at + 8);
        p.srcAddrLo = d.get(ByteLayouts.BE64, at + 16);
        p.dstAddrHi = d.get(ByteLayouts.BE64, at + 24);
        p.dstAddrLo = d.get(ByteLayouts.BE64, at + 32);
        int payloadLength = u16(d, at + 4);
        long declaredEnd = payloadLength == 0 ? end : at + IPV6_HEADER + payloadLength;
        long bound = Math.min(end, declaredEnd);
        int next = u8(d, at + 6);
        long h = at + IPV6_HEADER;
        for (int walked = 0; ; walked++) {
            int length;
            switch (next) {
                case IP_HOP_BY_HOP, IP_ROUTING, IP_DESTINATION_OPTIONS, IP_FRAGMENT, IP_AH -> {
                    if (walked == MAX_EXTENSION_HEADERS) {
                        p.issue = DecodeIssue.BAD_HEADER;
                        return;
                    }
                    if (bound - h < 8) { // every extension header is at least 8 bytes
                        p.issue = shortOf(h + 8, declaredEnd);
                        return;
                    }
                    length = switch (next) {
                        case IP_FRAGMENT -> 8;
                        case IP_AH -> (u8(d, h + 1) + 2) * 4;
                        default -> (u8(d, h + 1) + 1) * 8;
                    };
                    if (bound - h < length) {
                        p.issue = shortOf(h + length, declaredEnd);
                        return;
                    }
                    if (next == IP_FRAGMENT && (u16(d, h + 2) & IPV6_OFFSET_AND_M) != 0) {
                        p.issue = DecodeIssue.FRAGMENT;
                        return;
                    }
                }
                default -> {
                    transport(p, d, next, h, bound, declaredEnd);
                    return;
                }
            }
            next = u8(d, h);
            h += length;
        }
    }

    /** A wrong version is the worse news, so it is told even when the header is also cut short. */
    private static boolean version(Packet p, MemorySegment d, long at, long end, int version, int headerLength) {
        if (end - at < 1) {
            p.issue = DecodeIssue.TRUNCATED;
            return false;
        }
        if (u8(d, at) >>> 4 != version) {
            p.issue = DecodeIssue.BAD_HEADER;
            return false;
        }
        if (end - at < headerLength) {
            p.issue = DecodeIssue.TRUNCATED;
            return false;
        }
        return true;
    }

    /**
     * @param end         end of the bytes present for this packet: min(captured, declared)
     * @param declaredEnd end of the IP packet as its header declares it (may lie past the capture)
     */
    private static void transport(Packet p, MemorySegment d, int protocol, long at, long end, long declaredEnd) {
        switch (protocol) {
            case Packet.PROTO_TCP -> tcp(p, d, at, end, declaredEnd);
            case Packet.PROTO_UDP -> udp(p, d, at, end, declaredEnd);
            default -> p.issue = DecodeIssue.OTHER_TRANSPORT;
        }
    }

    private static void tcp(Packet p, MemorySegment d, long at, long end, long declaredEnd) {
        if (end - at < TCP_HEADER) {
            p.issue = shortOf(at + TCP_HEADER, declaredEnd);
            return;
        }
        int headerLength = (u8(d, at + 12) >>> 4) * 4;
        if (headerLength < TCP_HEADER) {
            p.issue = DecodeIssue.BAD_HEADER;
            return;
        }
        if (end - at < headerLength) {
            p.issue = shortOf(at + headerLength, declaredEnd);
            return;
        }
        p.protocol = Packet.PROTO_TCP;
        p.srcPort = u16(d, at);
        p.dstPort = u16(d, at + 2);
        p.seq = d.get(ByteLayouts.BE32, at + 4) & U32;
        p.ack = d.get(ByteLayouts.BE32, at + 8) & U32;
        p.tcpFlags = u8(d, at + 13);
        p.tcpWindow = u16(d, at + 14);
        p.payloadOffset = at + headerLength;
        p.payloadLength = (int) (end - p.payloadOffset);
    }

    private static void udp(Packet p, MemorySegment d, long at, long end, long declaredEnd) {
        if (end - at < UDP_HEADER) {
            p.issue = shortOf(at + UDP_HEADER, declaredEnd);
            return;
        }
        int length = u16(d, at + 4);
        if (length < UDP_HEADER || at + length > declaredEnd) {
            p.issue = DecodeIssue.BAD_HEADER;
            return;
        }
        p.protocol = Packet.PROTO_UDP;
        p.srcPort = u16(d, at);
        p.dstPort = u16(d, at + 2);
        p.payloadOffset = at + UDP_HEADER;
        p.payloadLength = (int) (Math.min(end, at + length) - p.payloadOffset);
    }

    /** A header needing bytes up to {@code needEnd} is missing some: cut by the capture, or impossible? */
    private static DecodeIssue shortOf(long needEnd, long declaredEnd) {
        return needEnd > declaredEnd ? DecodeIssue.BAD_HEADER : DecodeIssue.TRUNCATED;
    }
}
