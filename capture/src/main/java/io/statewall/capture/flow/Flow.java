package io.statewall.capture.flow;

import io.statewall.capture.Packet;

/**
 * One conversation of the {@link FlowTable}: its 5-tuple oriented client → server, its
 * counters, and the application layer's per-flow state ({@link #attach}).
 *
 * <p>Orientation: the sender of a SYN without ACK is the client, the sender of a SYN+ACK the
 * server ({@link #sawHandshake()} is then true). A flow picked up in mid-stream takes the
 * endpoint whose port is one of the table's service ports as the server, else the endpoint
 * with the lower port; the same rule orients UDP.
 *
 * <p>Addresses follow {@link Packet}: IPv4 in the low 32 bits of the {@code Lo} word with
 * {@code Hi} zero, IPv6 most significant word first. Read the accessors from the handler
 * callbacks (the table's thread); the object stays valid after the flow ended.
 */
public final class Flow {
    private final long flowId;
    private final int ipVersion;
    private final int protocol;
    private final long clientAddrHi, clientAddrLo, serverAddrHi, serverAddrLo;
    private final int clientPort, serverPort;
    private final long startNanos;
    private final boolean sawHandshake;

    long lastSeenNanos;
    long packetsToServer, packetsToClient, bytesToServer, bytesToClient;
    private Object attachment;

    // --- table bookkeeping ---
    final long slotHash;
    /** Packets seen in both directions: a TCP flow is then established for the idle timeout. */
    boolean bidirectional;
    /** Closed by FIN or RST and kept only to absorb stray packets (TIME_WAIT). */
    boolean closed;
    FlowList lruList;
    Flow lruPrev, lruNext;
    /** Reassembly of each direction; null for UDP. */
    final TcpStream toServerStream, toClientStream;

    Flow(Packet p, boolean srcIsClient, boolean sawHandshake, long slotHash, long startNanos, StreamContext ctx) {
        this.flowId = FlowHash.flowId(p, startNanos);
        this.ipVersion = p.ipVersion();
        this.protocol = p.protocol();
        if (srcIsClient) {
            clientAddrHi = p.srcAddrHi();
            clientAddrLo = p.srcAddrLo();
            clientPort = p.srcPort();
            serverAddrHi = p.dstAddrHi();
            serverAddrLo = p.dstAddrLo();
            serverPort = p.dstPort();
        } else {
            clientAddrHi = p.dstAddrHi();
            clientAddrLo = p.dstAddrLo();
            clientPort = p.dstPort();
            serverAddrHi = p.srcAddrHi();
            serverAddrLo = p.srcAddrLo();
            serverPort = p.srcPort();
        }
        this.sawHandshake = sawHandshake;
        this.slotHash = slotHash;
        this.startNanos = startNanos;
        this.lastSeenNanos = startNanos;
        if (protocol == Packet.PROTO_TCP) {
            toServerStream = new TcpStream(this, true, ctx);
            toClientStream = new TcpStream(this, false, ctx);
            toServerStream.peer = toClientStream;
            toClientStream.peer = toServerStream;
        } else {
            toServerStream = null;
            toClientStream = null;
        }
    }

    /** Same 5-tuple as the packet, in either direction. */
    boolean matches(Packet p) {
        if (p.protocol() != protocol || p.ipVersion() != ipVersion) {
            return false;
        }
        return sentByClient(p) || (p.srcPort() == serverPort && p.dstPort() == clientPort
                && p.srcAddrLo() == serverAddrLo && p.dstAddrLo() == clientAddrLo
                && p.srcAddrHi() == serverAddrHi && p.dstAddrHi() == clientAddrHi);
    }

    /** The packet travels client → server (given that {@link #matches} holds). */
    boolean sentByClient(Packet p) {
        return p.srcPort() == clientPort && p.dstPort() == serverPort
                && p.srcAddrLo() == clientAddrLo && p.dstAddrLo() == serverAddrLo
                && p.srcAddrHi() == clientAddrHi && p.dstAddrHi() == serverAddrHi;
    }

    /** Stable id of the flow (63 bits, positive, both directions), for the events' {@code flow_id}. */
    public long flowId() { return flowId; }
    /** 4 or 6. */
    public int ipVersion() { return ipVersion; }
    /** {@link Packet#PROTO_TCP} or {@link Packet#PROTO_UDP}. */
    public int protocol() { return protocol; }
    public long clientAddrHi() { return clientAddrHi; }
    public long clientAddrLo() { return clientAddrLo; }
    public long serverAddrHi() { return serverAddrHi; }
    public long serverAddrLo() { return serverAddrLo; }
    public int clientPort() { return clientPort; }
    public int serverPort() { return serverPort; }
    /** Capture time of the first packet, nanoseconds since the Unix epoch. */
    public long startNanos() { return startNanos; }
    /** Latest capture time of any packet of the flow. */
    public long lastSeenNanos() { return lastSeenNanos; }
    public long packetsToServer() { return packetsToServer; }
    public long packetsToClient() { return packetsToClient; }
    /** Frame bytes as on the wire ({@link Packet#originalLength()}), like Suricata's bytes_toserver. */
    public long bytesToServer() { return bytesToServer; }
    public long bytesToClient() { return bytesToClient; }
    /** The flow began with SYN or SYN+ACK, so client and server are certain, not guessed. */
    public boolean sawHandshake() { return sawHandshake; }

    /** Stores the application layer's state for this flow (a dissector, a session record …). */
    public void attach(Object attachment) { this.attachment = attachment; }
    public Object attachment() { return attachment; }

    @Override
    public String toString() {
        return "Flow[" + flowId + " " + (protocol == Packet.PROTO_TCP ? "tcp " : protocol == Packet.PROTO_UDP ? "udp " : protocol + " ")
                + Long.toHexString(clientAddrHi) + ":" + Long.toHexString(clientAddrLo) + "." + clientPort + " -> "
                + Long.toHexString(serverAddrHi) + ":" + Long.toHexString(serverAddrLo) + "." + serverPort + "]";
    }
}
