package io.statewall.capture;

import java.lang.foreign.MemorySegment;

/**
 * One captured frame and its decoded L2–L4 headers: a flyweight over the capture's bytes.
 *
 * <p>A reader fills the frame fields ({@link #data()}, {@link #frameOffset()}, lengths,
 * timestamp, link type) and {@link PacketDecoder} fills the rest. The same instance is reused
 * for every packet, so nothing here may be kept after the next packet is read: copy what you
 * need. Offsets are absolute within {@link #data()}.
 *
 * <p>Addresses are kept as two longs each. IPv4 addresses sit in the low 32 bits of the
 * {@code Lo} word with {@code Hi} zero; IPv6 addresses use both words, most significant first.
 */
public final class Packet {
    /** {@link #ipVersion()} when the frame carries no IP packet we could decode. */
    public static final int NO_IP = 0;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;

    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;

    // --- frame, filled by the reader ---
    MemorySegment data;
    long frameOffset;
    int capturedLength;
    int originalLength;
    long timestampNanos;
    int interfaceId;
    int linkType;
    long frameNumber;

    // --- decoded, filled by PacketDecoder ---
    int ipVersion;
    long srcAddrHi, srcAddrLo, dstAddrHi, dstAddrLo;
    int protocol;
    int srcPort, dstPort;
    long seq, ack;
    int tcpFlags;
    int tcpWindow;
    int vlanCount;
    int outerVlanId;
    long payloadOffset;
    int payloadLength;
    DecodeIssue issue = DecodeIssue.NONE;

    /** Set by readers: the frame as read from the capture; clears every decoded field. */
    public void setFrame(MemorySegment data, long frameOffset, int capturedLength, int originalLength,
                         long timestampNanos, int interfaceId, int linkType, long frameNumber) {
        this.data = data;
        this.frameOffset = frameOffset;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        this.timestampNanos = timestampNanos;
        this.interfaceId = interfaceId;
        this.linkType = linkType;
        this.frameNumber = frameNumber;
        clearDecoded();
    }

    /**
     * Sets the decoded L3/L4 fields directly: for sources that know them without parsing a
     * frame (a proxy's sockets, tests). {@code data} must already hold the payload bytes.
     */
    public void setDecoded(int ipVersion, long srcAddrHi, long srcAddrLo, long dstAddrHi, long dstAddrLo,
                           int protocol, int srcPort, int dstPort, long seq, long ack, int tcpFlags,
                           long payloadOffset, int payloadLength) {
        this.ipVersion = ipVersion;
        this.srcAddrHi = srcAddrHi;
        this.srcAddrLo = srcAddrLo;
        this.dstAddrHi = dstAddrHi;
        this.dstAddrLo = dstAddrLo;
        this.protocol = protocol;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.seq = seq & 0xFFFF_FFFFL;
        this.ack = ack & 0xFFFF_FFFFL;
        this.tcpFlags = tcpFlags;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.issue = DecodeIssue.NONE;
    }

    void clearDecoded() {
        ipVersion = NO_IP;
        srcAddrHi = srcAddrLo = dstAddrHi = dstAddrLo = 0;
        protocol = 0;
        srcPort = dstPort = 0;
        seq = ack = 0;
        tcpFlags = 0;
        tcpWindow = 0;
        vlanCount = 0;
        outerVlanId = -1;
        payloadOffset = 0;
        payloadLength = 0;
        issue = DecodeIssue.NONE;
    }

    public MemorySegment data() { return data; }
    public long frameOffset() { return frameOffset; }
    public int capturedLength() { return capturedLength; }
    public int originalLength() { return originalLength; }
    /** Capture time, nanoseconds since the Unix epoch. */
    public long timestampNanos() { return timestampNanos; }
    /**
     * The capture interface: 0 in pcap; in pcapng the position of the frame's Interface
     * Description Block among all of the file's (unique across sections), or -1 when the
     * frame names an interface that was never described.
     */
    public int interfaceId() { return interfaceId; }
    /** The LINKTYPE_ value of the frame's interface (1 Ethernet, 113 SLL, 276 SLL2, 101 raw IP …). */
    public int linkType() { return linkType; }
    /** 1-based position of the packet in its capture, as tshark's frame.number. */
    public long frameNumber() { return frameNumber; }

    /** 4, 6, or {@link #NO_IP}. */
    public int ipVersion() { return ipVersion; }
    public long srcAddrHi() { return srcAddrHi; }
    public long srcAddrLo() { return srcAddrLo; }
    public long dstAddrHi() { return dstAddrHi; }
    public long dstAddrLo() { return dstAddrLo; }
    /** IP protocol number of the transport header that was decoded (6 TCP, 17 UDP), or 0. */
    public int protocol() { return protocol; }
    public int srcPort() { return srcPort; }
    public int dstPort() { return dstPort; }
    /** TCP sequence number, unsigned 32-bit. */
    public long seq() { return seq; }
    /** TCP acknowledgement number, unsigned 32-bit. */
    public long ack() { return ack; }
    public int tcpFlags() { return tcpFlags; }
    public int tcpWindow() { return tcpWindow; }
    public boolean hasTcpFlag(int flag) { return (tcpFlags & flag) != 0; }
    /** Number of 802.1Q/802.1ad tags that were stripped (QinQ gives 2). */
    public int vlanCount() { return vlanCount; }
    /** VLAN id of the outermost tag, or -1 when untagged. */
    public int outerVlanId() { return outerVlanId; }
    /** Absolute offset of the transport payload in {@link #data()}. */
    public long payloadOffset() { return payloadOffset; }
    /** Transport payload bytes present in the capture (bounded by both IP length and snap length). */
    public int payloadLength() { return payloadLength; }
    /** Why decoding stopped early, or {@link DecodeIssue#NONE}. */
    public DecodeIssue issue() { return issue; }
}
