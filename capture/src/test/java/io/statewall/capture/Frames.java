package io.statewall.capture;

/** Annotated frames shared by the decoder, reader and fuzz-seed tests. */
final class Frames {
    private Frames() {}

    /** Modbus/TCP Read Holding Registers request; payload at 54, 12 bytes. */
    static final byte[] ETHERNET_IPV4_MODBUS = Hex.bytes("""
            00 0c 29 8a 1b 2c  00 1d 9c c7 b0 e4  08 00   # Ethernet: destination, source, IPv4
            45 00 00 34        # IPv4: version 4, IHL 5; total length 52 = 20 + 20 + 12
            12 34 40 00        # identification; DF, fragment offset 0
            40 06 00 00        # TTL 64, protocol TCP, checksum (not checked)
            c0 a8 01 0a        # source 192.168.1.10
            c0 a8 01 14        # destination 192.168.1.20
            c3 50 01 f6        # TCP: source port 50000, destination port 502
            fe dc ba 98        # sequence number 0xfedcba98 (above 2^31: unsigned)
            80 00 00 01        # acknowledgment number 0x80000001
            50 18 fa f0        # data offset 5; PSH ACK; window 64240
            00 00 00 00        # checksum, urgent pointer
            00 01 00 00 00 06  # Modbus MBAP: transaction 1, protocol 0, length 6
            01 03 00 00 00 0a  # unit 1, Read Holding Registers, address 0, quantity 10
            """);
    static final int MODBUS_PAYLOAD_OFFSET = 54;
    static final int MODBUS_PAYLOAD_LENGTH = 12;

    /** 802.1Q VLAN 100, UDP with 4 payload bytes, padded to Ethernet's 60-byte minimum. */
    static final byte[] ETHERNET_VLAN_IPV4_UDP = Hex.bytes("""
            ff ff ff ff ff ff  00 1d 9c c7 b0 e4  # Ethernet: broadcast, source
            81 00  20 64       # 802.1Q: PCP 1, DEI 0, VLAN 100
            08 00              # IPv4
            45 00 00 20        # IPv4: IHL 5, total length 32 = 20 + 8 + 4
            ab cd 00 00  40 11 00 00          # no fragmentation; TTL 64, UDP
            0a 00 00 01  0a 00 00 ff          # 10.0.0.1 → 10.0.0.255
            4e 20 4e 21  00 0c 00 00          # UDP: 20000 → 20001, length 12, no checksum
            de ad be ef                       # payload
            00 00 00 00 00 00 00 00 00 00     # Ethernet padding: not payload
            """);

    /** Linux cooked v1, TCP SYN over loopback; payload at 56, empty. */
    static final byte[] SLL_IPV4_TCP = Hex.bytes("""
            00 00              # packet type: to us
            03 04              # ARPHRD_LOOPBACK
            00 06  00 00 00 00 00 00 00 00    # address length 6, address padded to 8
            08 00              # protocol IPv4
            45 00 00 28  00 01 00 00  40 06 00 00  7f 00 00 01  7f 00 00 01  # 127.0.0.1 → 127.0.0.1
            b8 2d 01 f6  00 00 00 01  00 00 00 00  50 02 ff ff  00 00 00 00  # 47149 → 502, SYN
            """);

    /** Linux cooked v2, IPv6 UDP; payload at 68, 4 bytes. */
    static final byte[] SLL2_IPV6_UDP = Hex.bytes("""
            86 dd  00 00       # protocol IPv6, reserved
            00 00 00 02        # interface index 2
            00 01  04  06      # ARPHRD_ETHER, packet type outgoing, address length 6
            00 1d 9c c7 b0 e4 00 00                           # address, padded to 8
            60 00 00 00        # IPv6: version 6, traffic class 0, flow label 0
            00 0c 11 40        # payload length 12, next header UDP, hop limit 64
            fe 80 00 00 00 00 00 00  02 1d 9c ff fe c7 b0 e4  # fe80::21d:9cff:fec7:b0e4
            ff 02 00 00 00 00 00 00  00 00 00 00 00 00 00 01  # ff02::1
            4e 20 4e 21  00 0c 00 00                          # UDP: 20000 → 20001, length 12
            01 02 03 04                                       # payload
            """);

    /** BSD loopback as Darwin writes it: AF_INET6 = 30, little-endian; TCP ACK, no payload. */
    static final byte[] NULL_IPV6_TCP = Hex.bytes("""
            1e 00 00 00        # address family 30 (Darwin AF_INET6), host byte order
            60 00 00 00  00 14 06 40                          # IPv6: payload 20, TCP, hop limit 64
            20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 01  # 2001:db8::1
            20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 02  # 2001:db8::2
            01 f6 c3 51  00 00 00 10  00 00 00 20  50 10 01 00  00 00 00 00  # 502 → 50001, ACK
            """);

    /** Raw IPv6 through Hop-by-Hop, Destination Options and an atomic Fragment header to UDP. */
    static final byte[] RAW_IPV6_EXTENSIONS_UDP = Hex.bytes("""
            60 00 00 00        # IPv6
            00 34 00 40        # payload length 52 = 8 + 16 + 8 + 20; next header Hop-by-Hop
            20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 01  # 2001:db8::1
            20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 02  # 2001:db8::2
            3c 00  01 04 00 00 00 00                          # Hop-by-Hop: next Destination Options, 8 bytes; PadN
            2c 01  01 0c 00 00 00 00 00 00 00 00 00 00 00 00  # Destination Options: next Fragment, 16 bytes; PadN
            11 00  00 00  00 00 00 2a                         # Fragment: next UDP, offset 0, M 0 (atomic), id 42
            13 88 13 89  00 14 00 00                          # UDP: 5000 → 5001, length 20
            48 65 6c 6c 6f 2c 20 70 6c 61 6e 74               # payload "Hello, plant"
            """);
    static final int RAW_IPV6_EXTENSIONS_PAYLOAD_OFFSET = 80;
}
