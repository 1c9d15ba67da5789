package io.statewall.capture.flow;

import io.statewall.capture.DecodeIssue;
import io.statewall.capture.Packet;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The flow table: finds the {@link Flow} of every decoded TCP or UDP packet, reassembles TCP
 * byte streams, hands them (and UDP datagrams) to a {@link StreamHandler}, and ends flows on
 * FIN, RST, idle timeout, eviction or end of input.
 *
 * <p>Per packet the common path is one hash, one probe of a primitive-keyed open-addressing
 * index, a few counter updates and one handler call on the capture's own bytes: no allocation.
 * Memory is bounded by {@link FlowLimits}; reaching a bound is counted (and reported to the
 * handler as a gap where bytes are given up), never thrown.
 *
 * <p>Time is capture time: idle flows are found from the packets' timestamps, checked when
 * the clock has advanced by a second since the last check. Flows sit in least-recently-seen
 * lists (TCP established; UDP and half-open TCP; closed TCP lingering like TIME_WAIT to absorb
 * the last ACKs and retransmissions), so expiry and eviction look only at list heads.
 *
 * <p>Not thread-safe: one table per capture thread.
 */
public final class FlowTable {
    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;
    private static final long MASK = 0xFFFF_FFFFL;
    private static final int SYN_ACK_RST = Packet.TCP_SYN | Packet.TCP_ACK | Packet.TCP_RST;

    private final StreamHandler handler;
    private final int maxFlows;
    private final long establishedTimeoutNanos;
    private final long shortTimeoutNanos;
    private final long[] servicePorts = new long[65_536 / 64];
    private final long seed = new SplittableRandom().nextLong();
    private final FlowIndex index;
    private final StreamContext ctx;
    private final FlowList established = new FlowList();
    private final FlowList unestablished = new FlowList();
    private final FlowList closed = new FlowList();

    private long now = Long.MIN_VALUE;
    private long nextSweep = Long.MIN_VALUE;
    private int active;
    private long flowsCreated, flowsEvicted, flowsTimedOut;
    private long packetsProcessed, packetsIgnored, memcapGiveUps;

    /**
     * @param servicePorts ports that mark the server of a flow picked up without its handshake
     *                     (e.g. 502 Modbus, 20000 DNP3, 2404 IEC 104, 102 S7, 44818 EtherNet/IP)
     */
    public FlowTable(FlowLimits limits, StreamHandler handler, int... servicePorts) {
        Objects.requireNonNull(limits, "limits");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.maxFlows = limits.maxFlows();
        this.establishedTimeoutNanos = saturatedNanos(limits.tcpEstablishedIdleTimeout());
        this.shortTimeoutNanos = saturatedNanos(limits.udpAndHalfOpenIdleTimeout());
        for (int port : servicePorts) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            this.servicePorts[port >>> 6] |= 1L << port;
        }
        this.index = new FlowIndex(maxFlows);
        this.ctx = new StreamContext(handler, limits);
    }

    /**
     * Accounts one decoded packet to its flow and delivers its payload. Packets that are not
     * TCP or UDP over IP, or whose decoding stopped early, are counted in
     * {@link #packetsIgnored()}. The packet is not kept.
     */
    public void process(Packet p) {
        packetsProcessed++;
        int protocol = p.protocol();
        if ((protocol != Packet.PROTO_TCP && protocol != Packet.PROTO_UDP)
                || p.ipVersion() == Packet.NO_IP || p.issue() != DecodeIssue.NONE) {
            packetsIgnored++;
            return;
        }
        long ts = p.timestampNanos();
        if (ts > now) {
            now = ts;
            if (ts >= nextSweep) {
                sweep();
            }
        }
        long hash = FlowHash.slot(p, seed);
        Flow f = index.find(hash, p);
        if (f == null || f.closed) {
            if (protocol == Packet.PROTO_TCP && (p.tcpFlags() & Packet.TCP_RST) != 0) {
                packetsIgnored++; // an RST opens nothing
                return;
            }
            if (f != null) {
                // Closed (TIME_WAIT): only a fresh SYN starts a new connection on the 5-tuple.
                if (protocol != Packet.PROTO_TCP || (p.tcpFlags() & SYN_ACK_RST) != Packet.TCP_SYN) {
                    packetsIgnored++;
                    return;
                }
                forget(f);
            }
            f = open(p, hash, ts);
        }
        boolean toServer = f.sentByClient(p);
        if (toServer) {
            f.packetsToServer++;
            f.bytesToServer += p.originalLength();
        } else {
            f.packetsToClient++;
            f.bytesToClient += p.originalLength();
        }
        if (ts > f.lastSeenNanos) {
            f.lastSeenNanos = ts;
        }
        if (!f.bidirectional && f.packetsToServer != 0 && f.packetsToClient != 0) {
            f.bidirectional = true;
            if (protocol == Packet.PROTO_TCP) {
                f.lruList.remove(f);
                established.append(f);
            }
        }
        f.lruList.touch(f);
        if (protocol == Packet.PROTO_TCP) {
            tcp(f, toServer, p, ts);
        } else {
            udp(f, toServer, p, ts);
        }
        if (ctx.budget.overLimit()) {
            relieveMemory();
        }
    }

    private void tcp(Flow f, boolean toServer, Packet p, long ts) {
        TcpStream s = toServer ? f.toServerStream : f.toClientStream;
        int flags = p.tcpFlags();
        long seq = p.seq();
        if ((flags & (Packet.TCP_SYN | Packet.TCP_RST)) != 0) {
            if ((flags & Packet.TCP_RST) != 0) {
                if (s.rstAcceptable(seq)) {
                    end(f, FlowEndReason.RST, ts);
                } else {
                    ctx.outOfWindowSegments++; // a blind RST must not end our view of the flow
                }
                return;
            }
            if (!s.started) {
                s.start(seq + 1);
            }
            seq = (seq + 1) & MASK; // the SYN takes one sequence number; data follows it
        }
        if ((flags & Packet.TCP_ACK) != 0) {
            s.sentAck = true;
            s.peer.onPeerAck(p.ack(), ts);
        }
        if (!s.started) {
            s.start(seq); // mid-stream pick-up: no gap, the stream starts here
        }
        int length = p.payloadLength();
        if (length > 0) {
            s.segment(seq, p.data(), p.payloadOffset(), length, ts);
        }
        if ((flags & Packet.TCP_FIN) != 0) {
            s.onFin(seq + length, ts);
            if (s.finSeen && s.peer.finSeen) {
                end(f, FlowEndReason.FIN, ts);
            }
        }
    }

    /** Each datagram stands alone: offered until the handler stops progressing, the rest dropped. */
    private void udp(Flow f, boolean toServer, Packet p, long ts) {
        int left = p.payloadLength();
        long offset = p.payloadOffset();
        MemorySegment data = p.data();
        while (left > 0) {
            int consumed = StreamContext.checkConsumed(handler.onData(f, toServer, data, offset, left, ts), left);
            if (consumed == 0) {
                return;
            }
            offset += consumed;
            left -= consumed;
        }
    }

    private Flow open(Packet p, long hash, long ts) {
        if (index.size() >= maxFlows) {
            evictOne();
        }
        boolean srcIsClient;
        boolean handshake = false;
        int synAck = p.protocol() == Packet.PROTO_TCP ? p.tcpFlags() & (Packet.TCP_SYN | Packet.TCP_ACK) : 0;
        if (synAck == Packet.TCP_SYN) {
            srcIsClient = true;
            handshake = true;
        } else if (synAck == (Packet.TCP_SYN | Packet.TCP_ACK)) {
            srcIsClient = false;
            handshake = true;
        } else {
            boolean srcService = isServicePort(p.srcPort());
            boolean dstService = isServicePort(p.dstPort());
            if (srcService != dstService) {
                srcIsClient = dstService;
            } else {
                srcIsClient = p.srcPort() >= p.dstPort();
            }
        }
        Flow f = new Flow(p, srcIsClient, handshake, hash, ts, ctx);
        index.insert(f);
        unestablished.append(f);
        active++;
        flowsCreated++;
        handler.onFlowStart(f);
        return f;
    }

    private boolean isServicePort(int port) {
        return (servicePorts[(port & 0xFFFF) >>> 6] & (1L << port)) != 0;
    }

    /** Delivers what can be delivered, tells the handler, and leaves the table (or lingers if closed). */
    private void end(Flow f, FlowEndReason reason, long ts) {
        if (f.toServerStream != null) {
            f.toServerStream.flush(ts);
            f.toClientStream.flush(ts);
            f.toServerStream.discard();
            f.toClientStream.discard();
        }
        active--;
        f.lruList.remove(f);
        if (reason == FlowEndReason.FIN || reason == FlowEndReason.RST) {
            f.closed = true;
            closed.append(f);
        } else {
            index.remove(f);
        }
        handler.onFlowEnd(f, reason, ts);
    }

    private void forget(Flow closedFlow) {
        closed.remove(closedFlow);
        index.remove(closedFlow);
    }

    /** Table full: a lingering closed flow goes first, else the least recently seen live one. */
    private void evictOne() {
        if (closed.head != null) {
            forget(closed.head);
            return;
        }
        Flow a = unestablished.head;
        Flow b = established.head;
        Flow victim = a == null ? b : b == null ? a : (a.lastSeenNanos <= b.lastSeenNanos ? a : b);
        flowsEvicted++;
        end(victim, FlowEndReason.EVICTED, now);
    }

    private void sweep() {
        Flow f;
        while ((f = established.head) != null && idleAtLeast(f, establishedTimeoutNanos)) {
            flowsTimedOut++;
            end(f, FlowEndReason.IDLE_TIMEOUT, now);
        }
        while ((f = unestablished.head) != null && idleAtLeast(f, shortTimeoutNanos)) {
            flowsTimedOut++;
            end(f, FlowEndReason.IDLE_TIMEOUT, now);
        }
        while ((f = closed.head) != null && idleAtLeast(f, shortTimeoutNanos)) {
            forget(f);
        }
        nextSweep = now > Long.MAX_VALUE - SWEEP_INTERVAL_NANOS ? Long.MAX_VALUE : now + SWEEP_INTERVAL_NANOS;
    }

    private boolean idleAtLeast(Flow f, long timeout) {
        long idle = now - f.lastSeenNanos;
        boolean overflow = ((now ^ f.lastSeenNanos) & (now ^ idle)) < 0;
        return overflow || idle >= timeout;
    }

    /** Over the total budget: the biggest buffer holders give up their queues until it fits. */
    private void relieveMemory() {
        TcpStream s;
        while (ctx.budget.overLimit() && (s = ctx.budget.largest()) != null) {
            memcapGiveUps++;
            s.giveUp(now);
        }
    }

    /**
     * The input ended: every live flow delivers what it can (holes skipped and reported) and
     * ends with {@link FlowEndReason#END_OF_INPUT}, least recently seen first. The table is
     * empty afterwards and can take new packets.
     */
    public void finish(long nanos) {
        if (nanos > now) {
            now = nanos;
        }
        while (true) {
            Flow a = unestablished.head;
            Flow b = established.head;
            if (a == null && b == null) {
                break;
            }
            Flow f = a == null ? b : b == null ? a : (a.lastSeenNanos <= b.lastSeenNanos ? a : b);
            end(f, FlowEndReason.END_OF_INPUT, nanos);
        }
        while (closed.head != null) {
            forget(closed.head);
        }
    }

    private static long saturatedNanos(Duration d) {
        return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    /** Flows that entered the table. */
    public long flowsCreated() { return flowsCreated; }
    /** Live flows ended to make room ({@link FlowEndReason#EVICTED}). */
    public long flowsEvicted() { return flowsEvicted; }
    /** Flows ended by their idle timeout. */
    public long flowsTimedOut() { return flowsTimedOut; }
    /** Flows that have started and not yet ended. */
    public int activeFlows() { return active; }
    /** {@link StreamHandler#onGap} calls. */
    public long gaps() { return ctx.gaps; }
    /** Sum of the {@code missingBytes} reported by {@link StreamHandler#onGap}. */
    public long gapBytes() { return ctx.gapBytes; }
    /** TCP segments that arrived ahead of a hole (queued or duplicating queued data). */
    public long outOfOrderSegments() { return ctx.outOfOrderSegments; }
    /** Payload bytes of TCP segments that brought nothing new. */
    public long retransmittedBytes() { return ctx.retransmittedBytes; }
    /** Bytes trimmed from segments that also brought new data (the first copy won). */
    public long overlapBytes() { return ctx.overlapBytes; }
    /**
     * Segments whose overlapping bytes differ from the first copy still held: the same stream
     * offset carrying two contents is how IDS evasion by overlap works.
     */
    public long overlapConflicts() { return ctx.overlapConflicts; }
    /** Segments, FINs and RSTs too far from the expected sequence number to be believed. */
    public long outOfWindowSegments() { return ctx.outOfWindowSegments; }
    /** Payload bytes sent after the direction's FIN. */
    public long bytesAfterFin() { return ctx.bytesAfterFin; }
    /** Times a flow gave up its buffered bytes because the total budget was exceeded. */
    public long memcapGiveUps() { return memcapGiveUps; }
    /** Reassembly buffer memory held right now. */
    public long bufferedBytes() { return ctx.budget.allocated(); }
    /** Every packet given to {@link #process}. */
    public long packetsProcessed() { return packetsProcessed; }
    /** Packets not accounted to a live flow (not TCP/UDP, lone RSTs, leftovers of closed flows). */
    public long packetsIgnored() { return packetsIgnored; }
}
