package io.statewall.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PacketDecoderTest {
    /** Frames sit at an odd offset in a larger segment, followed by bytes that were not captured. */
    static final int BASE = 7;
    static final byte NOT_CAPTURED = (byte) 0xEE;

    private final PacketDecoder decoder = new PacketDecoder();

    // Reusable annotated pieces. Each ends with a newline so that comments stay on their line.
    static final String ETH = "00 0c 29 8a 1b 2c  00 1d 9c c7 b0 e4   # Ethernet: destination, source\n";
    static final String IPV4_UDP = """
            45 00 00 20  00 01 00 00  40 11 00 00   # IPv4: IHL 5, total 32, UDP
            0a 00 00 01  0a 00 00 02                # 10.0.0.1 → 10.0.0.2
            04 d2 16 2e  00 0c 00 00                # UDP: 1234 → 5678, length 12
            ca fe ba be                             # payload
            """;
    static final String IPV6_ADDRESSES = """
            20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 01  # 2001:db8::1
            20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 02  # 2001:db8::2
            """;
    static final String TCP_502_EMPTY = """
            c3 50 01 f6  00 00 00 01  00 00 00 00  50 10 01 00  00 00 00 00  # TCP 50000 → 502, ACK
            """;

    // --- the table ---------------------------------------------------------------------------

    static Stream<Arguments> frames() {
        return Stream.of(
                // Ethernet and VLANs
                argumentSet("Ethernet IPv4 TCP, Modbus request", LinkType.ETHERNET, Frames.ETHERNET_IPV4_MODBUS,
                        Expect.tcp("192.168.1.10", 50000, "192.168.1.20", 502, 54, 12)),
                argumentSet("802.1Q VLAN 100 UDP, Ethernet padding is not payload", LinkType.ETHERNET,
                        Frames.ETHERNET_VLAN_IPV4_UDP,
                        Expect.udp("10.0.0.1", 20000, "10.0.0.255", 20001, 46, 4).vlans(1, 100)),
                argumentSet("QinQ: 802.1ad S-tag 10 over 802.1Q C-tag 20", LinkType.ETHERNET, Hex.bytes(ETH + """
                        88 a8 00 0a   # 802.1ad S-tag, VLAN 10
                        81 00 00 14   # 802.1Q C-tag, VLAN 20
                        08 00         # IPv4
                        """ + IPV4_UDP), Expect.udp("10.0.0.1", 1234, "10.0.0.2", 5678, 50, 4).vlans(2, 10)),
                argumentSet("legacy QinQ 0x9100, outer TCI PCP 7 DEI 1 VLAN 4095", LinkType.ETHERNET, Hex.bytes(ETH + """
                        91 00 ff ff   # pre-802.1ad S-tag: PCP 7, DEI 1, VLAN 4095
                        92 00 00 01   # another legacy tag, VLAN 1
                        81 00 00 02   # C-tag, VLAN 2
                        08 00
                        """ + IPV4_UDP), Expect.udp("10.0.0.1", 1234, "10.0.0.2", 5678, 54, 4).vlans(3, 4095)),
                argumentSet("nine stacked VLAN tags: a loop, not a network", LinkType.ETHERNET, Hex.bytes(ETH
                        + "81 00 00 01 ".repeat(9) + "08 00\n" + IPV4_UDP),
                        Expect.issue(DecodeIssue.BAD_HEADER).vlans(8, 1)),
                argumentSet("VLAN tag cut after 3 bytes", LinkType.ETHERNET, Hex.bytes(ETH + "81 00  00 64 08"),
                        Expect.issue(DecodeIssue.TRUNCATED)),
                argumentSet("ARP is not IP", LinkType.ETHERNET, Hex.bytes(ETH + """
                        08 06                                         # ARP
                        00 01 08 00 06 04 00 01  00 1d 9c c7 b0 e4 0a 00 00 01  00 00 00 00 00 00 0a 00 00 02
                        """), Expect.issue(DecodeIssue.NOT_IP)),
                argumentSet("VLAN 5 carrying ARP", LinkType.ETHERNET, Hex.bytes(ETH + "81 00 00 05  08 06  00 01 08 00"),
                        Expect.issue(DecodeIssue.NOT_IP).vlans(1, 5)),
                argumentSet("802.3 length field with LLC (spanning tree)", LinkType.ETHERNET, Hex.bytes("""
                        01 80 c2 00 00 00  00 1d 9c c7 b0 e4  00 26   # 802.3: length 38
                        42 42 03  00 00 00 00 00                       # LLC: STP BPDU
                        """), Expect.issue(DecodeIssue.NOT_IP)),
                argumentSet("Ethernet header cut at 13 bytes", LinkType.ETHERNET, Hex.bytes(ETH + "08"),
                        Expect.issue(DecodeIssue.TRUNCATED)),

                // IPv4
                argumentSet("IPv4 option Router Alert (IHL 6)", LinkType.ETHERNET, Hex.bytes(ETH + """
                        08 00
                        46 00 00 24  00 01 00 00  01 11 00 00   # IHL 6, total 36 = 24 + 8 + 4
                        0a 00 00 01  e0 00 00 16                # 10.0.0.1 → 224.0.0.22
                        94 04 00 00                             # option: Router Alert
                        04 d2 16 2e  00 0c 00 00  ca fe ba be   # UDP 1234 → 5678, length 12
                        """), Expect.udp("10.0.0.1", 1234, "224.0.0.22", 5678, 46, 4)),
                argumentSet("IPv4 IHL 15: 40 bytes of options", LinkType.RAW, Hex.bytes("""
                        4f 00 00 44  00 01 00 00  40 11 00 00   # IHL 15, total 68 = 60 + 8
                        0a 00 00 01  0a 00 00 02
                        """ + "01 ".repeat(39) + "00   # 39 NOPs, End of Option List\n" + """
                        04 d2 16 2e  00 08 00 00                # UDP, length 8: no payload
                        """), Expect.udp("10.0.0.1", 1234, "10.0.0.2", 5678, 68, 0)),
                argumentSet("IPv4 IHL 4 is impossible", LinkType.RAW, Hex.bytes("""
                        44 00 00 1c  00 01 00 00  40 11 00 00  0a 00 00 01  0a 00 00 02  04 d2 16 2e  00 08 00 00
                        """), Expect.issue(DecodeIssue.BAD_HEADER)),
                argumentSet("version 5 behind EtherType IPv4", LinkType.ETHERNET, Hex.bytes(ETH + "08 00\n"
                        + IPV4_UDP.replaceFirst("45", "55")), Expect.issue(DecodeIssue.BAD_HEADER)),
                argumentSet("IPv4 total length 16, below its own header", LinkType.RAW, Hex.bytes("""
                        45 00 00 10  00 01 00 00  40 11 00 00  0a 00 00 01  0a 00 00 02  04 d2 16 2e  00 08 00 00
                        """), Expect.issue(DecodeIssue.BAD_HEADER)),
                argumentSet("IPv4 total length 30 leaves no room for TCP", LinkType.RAW, Hex.bytes("""
                        45 00 00 1e  00 01 00 00  40 06 00 00  0a 00 00 01  0a 00 00 02   # total 30, TCP
                        """ + TCP_502_EMPTY), Expect.issue(DecodeIssue.BAD_HEADER).ip("10.0.0.1", "10.0.0.2")),
                argumentSet("IPv4 total length 0 (segmentation offload): captured bytes count", LinkType.RAW,
                        Hex.bytes("""
                        45 00 00 00  00 01 40 00  40 06 00 00  0a 00 00 01  0a 00 00 02   # total length 0
                        c3 50 01 f6  00 00 00 01  00 00 00 00  50 18 01 00  00 00 00 00   # TCP, PSH ACK
                        01 02 03 04 05 06 07 08                                           # payload
                        """), Expect.tcp("10.0.0.1", 50000, "10.0.0.2", 502, 40, 8)),
                argumentSet("IPv4 first fragment (MF)", LinkType.RAW, Hex.bytes("""
                        45 00 00 1c  00 07 20 00  40 11 00 00  0a 00 00 01  0a 00 00 02   # MF, offset 0
                        04 d2 16 2e  00 30 00 00
                        """), Expect.issue(DecodeIssue.FRAGMENT).ip("10.0.0.1", "10.0.0.2")),
                argumentSet("IPv4 last fragment (offset 185, MF clear)", LinkType.RAW, Hex.bytes("""
                        45 00 00 1c  00 07 00 b9  40 11 00 00  0a 00 00 01  0a 00 00 02   # offset 185 * 8
                        00 00 00 00  00 00 00 00
                        """), Expect.issue(DecodeIssue.FRAGMENT).ip("10.0.0.1", "10.0.0.2")),
                argumentSet("IPv4 ICMP echo request", LinkType.RAW, Hex.bytes("""
                        45 00 00 1c  00 01 00 00  40 01 00 00  0a 00 00 01  0a 00 00 02   # ICMP
                        08 00 f7 ff  00 00 00 00
                        """), Expect.issue(DecodeIssue.OTHER_TRANSPORT).ip("10.0.0.1", "10.0.0.2")),

                // TCP and UDP
                argumentSet("TCP options: data offset 10", LinkType.RAW, Hex.bytes("""
                        45 00 00 3e  00 01 40 00  40 06 00 00  0a 00 00 01  0a 00 00 02   # total 62 = 20 + 40 + 2
                        c3 50 01 f6  00 00 00 01  00 00 00 00  a0 02 ff ff  00 00 00 00   # data offset 10, SYN
                        02 04 05 b4  04 02 08 0a  00 00 00 01 00 00 00 00  01 03 03 07    # MSS, SACK-perm, TS, NOP, WS
                        ab cd                                                            # payload
                        """), Expect.tcp("10.0.0.1", 50000, "10.0.0.2", 502, 60, 2)),
                argumentSet("TCP data offset 4 is impossible", LinkType.RAW, Hex.bytes("""
                        45 00 00 28  00 01 40 00  40 06 00 00  0a 00 00 01  0a 00 00 02
                        c3 50 01 f6  00 00 00 01  00 00 00 00  40 10 01 00  00 00 00 00   # data offset 4
                        """), Expect.issue(DecodeIssue.BAD_HEADER).ip("10.0.0.1", "10.0.0.2")),
                argumentSet("TCP data offset 15 beyond IP total length", LinkType.RAW, Hex.bytes("""
                        45 00 00 28  00 01 40 00  40 06 00 00  0a 00 00 01  0a 00 00 02   # total 40
                        c3 50 01 f6  00 00 00 01  00 00 00 00  f0 10 01 00  00 00 00 00   # data offset 15
                        """ + "00 ".repeat(40)), Expect.issue(DecodeIssue.BAD_HEADER).ip("10.0.0.1", "10.0.0.2")),
                argumentSet("UDP length 7 is impossible", LinkType.RAW, Hex.bytes("""
                        45 00 00 1c  00 01 00 00  40 11 00 00  0a 00 00 01  0a 00 00 02
                        04 d2 16 2e  00 07 00 00                                          # length 7
                        """), Expect.issue(DecodeIssue.BAD_HEADER).ip("10.0.0.1", "10.0.0.2")),
                argumentSet("UDP length beyond the IP packet", LinkType.RAW, Hex.bytes("""
                        45 00 00 20  00 01 00 00  40 11 00 00  0a 00 00 01  0a 00 00 02   # IP payload 12
                        04 d2 16 2e  00 40 00 00  ca fe ba be                             # UDP length 64
                        """), Expect.issue(DecodeIssue.BAD_HEADER).ip("10.0.0.1", "10.0.0.2")),
                argumentSet("UDP length bounds the payload inside the IP packet", LinkType.RAW, Hex.bytes("""
                        45 00 00 20  00 01 00 00  40 11 00 00  0a 00 00 01  0a 00 00 02   # IP payload 12
                        04 d2 16 2e  00 0a 00 00  ca fe ba be                             # UDP length 10
                        """), Expect.udp("10.0.0.1", 1234, "10.0.0.2", 5678, 28, 2)),

                // IPv6
                argumentSet("Linux cooked v2, IPv6 UDP", LinkType.LINUX_SLL2, Frames.SLL2_IPV6_UDP,
                        Expect.udp("fe80::21d:9cff:fec7:b0e4", 20000, "ff02::1", 20001, 68, 4)),
                argumentSet("IPv6 Hop-by-Hop, Destination Options, atomic Fragment", LinkType.RAW,
                        Frames.RAW_IPV6_EXTENSIONS_UDP, Expect.udp("2001:db8::1", 5000, "2001:db8::2", 5001, 80, 12)),
                argumentSet("IPv6 Routing header (24 bytes) then TCP", LinkType.IPV6, Hex.bytes("""
                        60 00 00 00  00 2c 2b 40                          # payload 44 = 24 + 20; Routing
                        """ + IPV6_ADDRESSES + """
                        06 02 00 01 00 00 00 00                           # Routing: next TCP, 24 bytes, segments left 1
                        20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 03  # 2001:db8::3
                        """ + TCP_502_EMPTY), Expect.tcp("2001:db8::1", 50000, "2001:db8::2", 502, 84, 0)),
                argumentSet("IPv6 Authentication Header then UDP", LinkType.RAW, Hex.bytes("""
                        60 00 00 00  00 24 33 40                          # payload 36 = 24 + 12; AH
                        """ + IPV6_ADDRESSES + """
                        11 04 00 00  00 00 01 00  00 00 00 01             # AH: next UDP, length (4 + 2) * 4 = 24
                        00 00 00 00 00 00 00 00  00 00 00 00              # ICV
                        04 d2 16 2e  00 0c 00 00  ca fe ba be             # UDP 1234 → 5678
                        """), Expect.udp("2001:db8::1", 1234, "2001:db8::2", 5678, 72, 4)),
                argumentSet("IPv6 first fragment (M set)", LinkType.RAW, Hex.bytes("""
                        60 00 00 00  00 10 2c 40                          # payload 16; Fragment
                        """ + IPV6_ADDRESSES + """
                        11 00 00 01  00 00 00 2a                          # offset 0, M 1
                        04 d2 16 2e  00 30 00 00
                        """), Expect.issue(DecodeIssue.FRAGMENT).ip("2001:db8::1", "2001:db8::2")),
                argumentSet("IPv6 later fragment (offset 1, M clear)", LinkType.RAW, Hex.bytes("""
                        60 00 00 00  00 10 2c 40
                        """ + IPV6_ADDRESSES + """
                        11 00 00 08  00 00 00 2a                          # offset 1 (8 bytes), M 0
                        00 00 00 00  00 00 00 00
                        """), Expect.issue(DecodeIssue.FRAGMENT).ip("2001:db8::1", "2001:db8::2")),
                argumentSet("IPv6 ICMPv6", LinkType.RAW, Hex.bytes("""
                        60 00 00 00  00 08 3a ff                          # payload 8; ICMPv6
                        """ + IPV6_ADDRESSES + """
                        80 00 00 00  00 01 00 01                          # echo request
                        """), Expect.issue(DecodeIssue.OTHER_TRANSPORT).ip("2001:db8::1", "2001:db8::2")),
                argumentSet("IPv6 No Next Header", LinkType.RAW, Hex.bytes("""
                        60 00 00 00  00 00 3b 40                          # payload 0; No Next Header
                        """ + IPV6_ADDRESSES), Expect.issue(DecodeIssue.OTHER_TRANSPORT).ip("2001:db8::1", "2001:db8::2")),
                argumentSet("IPv6 payload length 0 (jumbogram, offload): captured bytes count", LinkType.RAW,
                        Hex.bytes("""
                        60 00 00 00  00 00 06 40                          # payload length 0; TCP
                        """ + IPV6_ADDRESSES + TCP_502_EMPTY + "01 02 03"),
                        Expect.tcp("2001:db8::1", 50000, "2001:db8::2", 502, 60, 3)),
                argumentSet("IPv6 seventeen Destination Options headers", LinkType.RAW, Hex.bytes("""
                        60 00 00 00  00 90 3c 40                          # payload 144 = 17 * 8 + 8; Dest Options
                        """ + IPV6_ADDRESSES + "3c 00 01 04 00 00 00 00\n".repeat(16) + """
                        11 00 01 04 00 00 00 00
                        04 d2 16 2e  00 08 00 00
                        """), Expect.issue(DecodeIssue.BAD_HEADER).ip("2001:db8::1", "2001:db8::2")),
                argumentSet("IPv6 extension header longer than the payload length", LinkType.RAW, Hex.bytes("""
                        60 00 00 00  00 08 3c 40                          # payload 8; Dest Options
                        """ + IPV6_ADDRESSES + """
                        11 01 01 0c 00 00 00 00  00 00 00 00 00 00 00 00  # says 16 bytes
                        """), Expect.issue(DecodeIssue.BAD_HEADER).ip("2001:db8::1", "2001:db8::2")),
                argumentSet("IPv4 packet on an IPv6-only link", LinkType.IPV6, Hex.bytes(IPV4_UDP),
                        Expect.issue(DecodeIssue.BAD_HEADER)),
                argumentSet("IPv6 packet on an IPv4-only link", LinkType.IPV4, Frames.RAW_IPV6_EXTENSIONS_UDP,
                        Expect.issue(DecodeIssue.BAD_HEADER)),

                // Other link types
                argumentSet("Linux cooked v1, IPv4 TCP SYN", LinkType.LINUX_SLL, Frames.SLL_IPV4_TCP,
                        Expect.tcp("127.0.0.1", 47149, "127.0.0.1", 502, 56, 0)),
                argumentSet("Linux cooked v1 with a VLAN tag put back by libpcap", LinkType.LINUX_SLL, Hex.bytes("""
                        00 00  00 01  00 06  00 1d 9c c7 b0 e4 00 00      # to us, Ethernet, address
                        81 00                                             # protocol 802.1Q
                        00 2a  08 00                                      # VLAN 42, IPv4
                        """ + IPV4_UDP), Expect.udp("10.0.0.1", 1234, "10.0.0.2", 5678, 48, 4).vlans(1, 42)),
                argumentSet("Linux cooked v1 ARP", LinkType.LINUX_SLL, Hex.bytes("""
                        00 01  00 01  00 06  00 1d 9c c7 b0 e4 00 00  08 06  00 01 08 00
                        """), Expect.issue(DecodeIssue.NOT_IP)),
                argumentSet("Linux cooked v1 cut at 15 bytes", LinkType.LINUX_SLL,
                        Hex.bytes("00 00  00 01  00 06  00 1d 9c c7 b0 e4 00 00  08"), Expect.issue(DecodeIssue.TRUNCATED)),
                argumentSet("Linux cooked v2 cut at 19 bytes", LinkType.LINUX_SLL2,
                        java.util.Arrays.copyOf(Frames.SLL2_IPV6_UDP, 19), Expect.issue(DecodeIssue.TRUNCATED)),
                argumentSet("BSD loopback, Darwin AF_INET6 30", LinkType.NULL, Frames.NULL_IPV6_TCP,
                        Expect.tcp("2001:db8::1", 502, "2001:db8::2", 50001, 64, 0)),
                argumentSet("BSD loopback, AF_INET little-endian", LinkType.NULL, Hex.bytes("02 00 00 00\n" + IPV4_UDP),
                        Expect.udp("10.0.0.1", 1234, "10.0.0.2", 5678, 32, 4)),
                argumentSet("BSD loopback, AF_INET from a big-endian host", LinkType.NULL,
                        Hex.bytes("00 00 00 02\n" + IPV4_UDP), Expect.udp("10.0.0.1", 1234, "10.0.0.2", 5678, 32, 4)),
                argumentSet("BSD loopback, FreeBSD AF_INET6 28", LinkType.NULL, Hex.bytes("1c 00 00 00\n"
                        + "60 00 00 00  00 14 06 40\n" + IPV6_ADDRESSES + TCP_502_EMPTY),
                        Expect.tcp("2001:db8::1", 50000, "2001:db8::2", 502, 64, 0)),
                argumentSet("BSD loopback, OpenBSD AF_INET6 24", LinkType.NULL, Hex.bytes("00 00 00 18\n"
                        + "60 00 00 00  00 14 06 40\n" + IPV6_ADDRESSES + TCP_502_EMPTY),
                        Expect.tcp("2001:db8::1", 50000, "2001:db8::2", 502, 64, 0)),
                argumentSet("BSD loopback, Linux AF_INET6 10", LinkType.NULL, Hex.bytes("0a 00 00 00\n"
                        + "60 00 00 00  00 14 06 40\n" + IPV6_ADDRESSES + TCP_502_EMPTY),
                        Expect.tcp("2001:db8::1", 50000, "2001:db8::2", 502, 64, 0)),
                argumentSet("BSD loopback, family 7 (not IP)", LinkType.NULL, Hex.bytes("07 00 00 00  45 00"),
                        Expect.issue(DecodeIssue.NOT_IP)),
                argumentSet("BSD loopback cut at 3 bytes", LinkType.NULL, Hex.bytes("02 00 00"),
                        Expect.issue(DecodeIssue.TRUNCATED)),
                argumentSet("OpenBSD loop, AF_INET big-endian", LinkType.LOOP, Hex.bytes("00 00 00 02\n" + IPV4_UDP),
                        Expect.udp("10.0.0.1", 1234, "10.0.0.2", 5678, 32, 4)),
                argumentSet("raw IP 101, IPv4", LinkType.RAW, Hex.bytes(IPV4_UDP),
                        Expect.udp("10.0.0.1", 1234, "10.0.0.2", 5678, 28, 4)),
                argumentSet("raw IP 12, IPv4", LinkType.RAW_12, Hex.bytes(IPV4_UDP),
                        Expect.udp("10.0.0.1", 1234, "10.0.0.2", 5678, 28, 4)),
                argumentSet("raw IP 14, IPv6", LinkType.RAW_14, Frames.RAW_IPV6_EXTENSIONS_UDP,
                        Expect.udp("2001:db8::1", 5000, "2001:db8::2", 5001, 80, 12)),
                argumentSet("IPv4 link 228", LinkType.IPV4, Hex.bytes(IPV4_UDP),
                        Expect.udp("10.0.0.1", 1234, "10.0.0.2", 5678, 28, 4)),
                argumentSet("raw IP with version 0: garbage", LinkType.RAW, Hex.bytes("00 11 22 33 44 55 66 77"),
                        Expect.issue(DecodeIssue.BAD_HEADER)),
                argumentSet("IEEE 802.11 (105) is not decoded", 105, Frames.ETHERNET_IPV4_MODBUS,
                        Expect.issue(DecodeIssue.UNSUPPORTED_LINK_TYPE)),
                argumentSet("interface never described", LinkType.UNKNOWN, Frames.ETHERNET_IPV4_MODBUS,
                        Expect.issue(DecodeIssue.UNSUPPORTED_LINK_TYPE)));
    }

    @ParameterizedTest
    @MethodSource("frames")
    void decodes(int linkType, byte[] frame, Expect expected) {
        Packet p = decode(linkType, frame, frame.length);
        expected.check(p);
    }

    @Test
    void tcpHeaderFieldsAreUnsignedAndComplete() {
        Packet p = decode(LinkType.ETHERNET, Frames.ETHERNET_IPV4_MODBUS, Frames.ETHERNET_IPV4_MODBUS.length);
        assertThat(p.seq()).isEqualTo(0xFEDC_BA98L);
        assertThat(p.ack()).isEqualTo(0x8000_0001L);
        assertThat(p.tcpFlags()).isEqualTo(Packet.TCP_PSH | Packet.TCP_ACK);
        assertThat(p.hasTcpFlag(Packet.TCP_SYN)).isFalse();
        assertThat(p.tcpWindow()).isEqualTo(64240);
        assertThat(p.vlanCount()).isZero();
        assertThat(p.outerVlanId()).isEqualTo(-1);
        byte[] payload = p.data().asSlice(p.payloadOffset(), p.payloadLength()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        assertThat(payload).isEqualTo(Hex.bytes("00 01 00 00 00 06 01 03 00 00 00 0a"));
    }

    @Test
    void reusedPacketKeepsNothingFromTheLastFrame() {
        Packet p = decode(LinkType.ETHERNET, Frames.ETHERNET_VLAN_IPV4_UDP, Frames.ETHERNET_VLAN_IPV4_UDP.length);
        assertThat(p.vlanCount()).isEqualTo(1);
        // Same instance, decoded again after only the link type changed: nothing may survive.
        p.linkType = 105;
        decoder.decode(p);
        assertThat(p.issue()).isEqualTo(DecodeIssue.UNSUPPORTED_LINK_TYPE);
        assertThat(p.vlanCount()).isZero();
        assertThat(p.outerVlanId()).isEqualTo(-1);
        assertThat(p.ipVersion()).isEqualTo(Packet.NO_IP);
        assertThat(p.srcPort()).isZero();
        assertThat(p.payloadLength()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.NULL, LinkType.ETHERNET, LinkType.RAW_12, LinkType.RAW_14, LinkType.RAW,
            LinkType.LOOP, LinkType.LINUX_SLL, LinkType.IPV4, LinkType.IPV6, LinkType.LINUX_SLL2})
    void emptyFrameIsTruncated(int linkType) {
        Packet p = decode(linkType, new byte[0], 0);
        assertThat(p.issue()).isEqualTo(DecodeIssue.TRUNCATED);
        assertThat(p.ipVersion()).isEqualTo(Packet.NO_IP);
    }

    @Test
    void packetWithoutBytesIsTruncated() {
        Packet p = new Packet();
        decoder.decode(p);
        assertThat(p.issue()).isEqualTo(DecodeIssue.TRUNCATED);
    }

    // --- every truncation point --------------------------------------------------------------

    static Stream<Arguments> cuttable() {
        return Stream.of(
                argumentSet("Ethernet IPv4 TCP", LinkType.ETHERNET, Frames.ETHERNET_IPV4_MODBUS, 34, 54, 66),
                argumentSet("Ethernet VLAN IPv4 UDP with padding", LinkType.ETHERNET, Frames.ETHERNET_VLAN_IPV4_UDP,
                        38, 46, 50),
                argumentSet("Linux cooked v2 IPv6 UDP", LinkType.LINUX_SLL2, Frames.SLL2_IPV6_UDP, 60, 68, 72),
                argumentSet("raw IPv6 with extension headers", LinkType.RAW, Frames.RAW_IPV6_EXTENSIONS_UDP, 40, 80, 92));
    }

    /**
     * A frame cut at every length, as a snap length would: before the payload the issue is
     * TRUNCATED and no transport field is set; from there on the payload is what was kept.
     */
    @ParameterizedTest
    @MethodSource("cuttable")
    void cutAtEveryOffset(int linkType, byte[] frame, int ipHeaderEnd, int payloadStart, int payloadEnd) {
        Packet whole = decode(linkType, frame, frame.length);
        for (int cut = 0; cut <= frame.length; cut++) {
            Packet p = decode(linkType, frame, cut);
            String at = "cut at " + cut;
            if (cut < payloadStart) {
                assertThat(p.issue()).as(at).isEqualTo(DecodeIssue.TRUNCATED);
                assertThat(p.protocol()).as(at).isZero();
                assertThat(p.srcPort()).as(at).isZero();
                assertThat(p.payloadLength()).as(at).isZero();
            } else {
                assertThat(p.issue()).as(at).isEqualTo(DecodeIssue.NONE);
                assertThat(p.protocol()).as(at).isEqualTo(whole.protocol());
                assertThat(p.srcPort()).as(at).isEqualTo(whole.srcPort());
                assertThat(p.dstPort()).as(at).isEqualTo(whole.dstPort());
                assertThat(p.payloadOffset()).as(at).isEqualTo(BASE + payloadStart);
                assertThat(p.payloadLength()).as(at).isEqualTo(Math.min(cut, payloadEnd) - payloadStart);
            }
            // The IP header is usable as soon as it is whole, even when the transport header is not.
            boolean ipWhole = cut >= ipHeaderEnd;
            assertThat(p.ipVersion()).as(at).isEqualTo(ipWhole ? whole.ipVersion() : Packet.NO_IP);
            assertThat(p.srcAddrLo()).as(at).isEqualTo(ipWhole ? whole.srcAddrLo() : 0);
        }
    }

    @Test
    void cutInsideTcpOptionsIsTruncated() {
        byte[] frame = Hex.bytes("""
                45 00 00 30  00 01 40 00  40 06 00 00  0a 00 00 01  0a 00 00 02   # total 48
                c3 50 01 f6  00 00 00 01  00 00 00 00  70 02 ff ff  00 00 00 00   # data offset 7
                02 04 05 b4  01 01 04 02                                          # MSS, NOP NOP, SACK-perm
                """);
        for (int cut = 20; cut < 48; cut++) {
            assertThat(decode(LinkType.RAW, frame, cut).issue()).as("cut at " + cut).isEqualTo(DecodeIssue.TRUNCATED);
        }
        assertThat(decode(LinkType.RAW, frame, 48).issue()).isEqualTo(DecodeIssue.NONE);
    }

    // --- helpers -----------------------------------------------------------------------------

    /** Decodes {@code frame} cut to {@code captured} bytes, placed at {@link #BASE} before bytes not captured. */
    Packet decode(int linkType, byte[] frame, int captured) {
        byte[] file = new byte[BASE + frame.length + 16];
        java.util.Arrays.fill(file, NOT_CAPTURED);
        System.arraycopy(frame, 0, file, BASE, captured);
        Packet p = new Packet();
        p.setFrame(MemorySegment.ofArray(file), BASE, captured, frame.length, 0, 0, linkType, 1);
        decoder.decode(p);
        return p;
    }

    static InetAddress address(int version, long hi, long lo) {
        try {
            if (version == 4) {
                return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt((int) lo).array());
            }
            return InetAddress.getByAddress(ByteBuffer.allocate(16).putLong(hi).putLong(lo).array());
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** What a decoded frame must hold; payload offsets relative to the frame. */
    record Expect(DecodeIssue issue, String src, String dst, int protocol, int srcPort, int dstPort,
                  int payloadOffset, int payloadLength, int vlanCount, int outerVlanId) {

        static Expect tcp(String src, int srcPort, String dst, int dstPort, int payloadOffset, int payloadLength) {
            return new Expect(DecodeIssue.NONE, src, dst, Packet.PROTO_TCP, srcPort, dstPort, payloadOffset,
                    payloadLength, 0, -1);
        }

        static Expect udp(String src, int srcPort, String dst, int dstPort, int payloadOffset, int payloadLength) {
            return new Expect(DecodeIssue.NONE, src, dst, Packet.PROTO_UDP, srcPort, dstPort, payloadOffset,
                    payloadLength, 0, -1);
        }

        static Expect issue(DecodeIssue issue) {
            return new Expect(issue, null, null, 0, 0, 0, 0, 0, 0, -1);
        }

        /** The IP header was decoded before the issue. */
        Expect ip(String source, String destination) {
            return new Expect(issue, source, destination, protocol, srcPort, dstPort, payloadOffset, payloadLength,
                    vlanCount, outerVlanId);
        }

        Expect vlans(int count, int outerId) {
            return new Expect(issue, src, dst, protocol, srcPort, dstPort, payloadOffset, payloadLength, count, outerId);
        }

        void check(Packet p) {
            assertThat(p.issue()).as("issue").isEqualTo(issue);
            if (src == null) {
                assertThat(p.ipVersion()).as("ipVersion").isEqualTo(Packet.NO_IP);
                assertThat(new long[] {p.srcAddrHi(), p.srcAddrLo(), p.dstAddrHi(), p.dstAddrLo()}).containsOnly(0);
            } else {
                InetAddress expectedSrc = InetAddress.ofLiteral(src);
                assertThat(p.ipVersion()).as("ipVersion").isEqualTo(expectedSrc.getAddress().length == 4 ? 4 : 6);
                assertThat(address(p.ipVersion(), p.srcAddrHi(), p.srcAddrLo())).as("source").isEqualTo(expectedSrc);
                assertThat(address(p.ipVersion(), p.dstAddrHi(), p.dstAddrLo())).as("destination")
                        .isEqualTo(InetAddress.ofLiteral(dst));
            }
            assertThat(p.protocol()).as("protocol").isEqualTo(protocol);
            assertThat(p.srcPort()).as("srcPort").isEqualTo(srcPort);
            assertThat(p.dstPort()).as("dstPort").isEqualTo(dstPort);
            assertThat(p.payloadOffset()).as("payloadOffset").isEqualTo(protocol == 0 ? 0 : BASE + payloadOffset);
            assertThat(p.payloadLength()).as("payloadLength").isEqualTo(payloadLength);
            assertThat(p.vlanCount()).as("vlanCount").isEqualTo(vlanCount);
            assertThat(p.outerVlanId()).as("outerVlanId").isEqualTo(outerVlanId);
        }
    }
}
