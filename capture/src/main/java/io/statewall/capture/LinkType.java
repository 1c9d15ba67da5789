package io.statewall.capture;

/**
 * LINKTYPE_ values (the tcpdump.org link-layer header type registry) that
 * {@link PacketDecoder} understands. A capture carries one per file (pcap) or per interface
 * (pcapng); {@link Packet#linkType()} holds it per frame.
 */
public final class LinkType {
    /** The frame's interface is not known (a pcapng packet naming an interface never described). */
    public static final int UNKNOWN = -1;
    /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
    public static final int NULL = 0;
    /** IEEE 802.3 Ethernet (DIX and 802.3 framing). */
    public static final int ETHERNET = 1;
    /** DLT_RAW as some systems numbered it in files: raw IPv4/IPv6. */
    public static final int RAW_12 = 12;
    /** DLT_RAW as OpenBSD numbered it: raw IPv4/IPv6. */
    public static final int RAW_14 = 14;
    /** Raw IPv4 or IPv6, told apart by the version nibble. */
    public static final int RAW = 101;
    /** OpenBSD loopback: like {@link #NULL} but the family is in network byte order. */
    public static final int LOOP = 108;
    /** Linux "cooked" capture, version 1 (the "any" device). */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4 only. */
    public static final int IPV4 = 228;
    /** Raw IPv6 only. */
    public static final int IPV6 = 229;
    /** Linux "cooked" capture, version 2. */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {}
}
