package io.statewall.capture.write;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One TCP connection of a {@link TcpConversationRecorder}: turns the byte streams a proxy saw
 * into the segments a real pair of stacks would have exchanged, with exact sequence and
 * acknowledgment numbers (RFC 9293 §3.4: SYN and FIN take one sequence number each, data its
 * length, and every segment after the first SYN acknowledges all the peer has sent).
 *
 * <pre>
 * call              segments written, all stamped with the call's time
 * (opened)          client SYN, MSS option | server SYN+ACK, MSS option | client ACK
 * clientData        client ACK segments of at most MSS bytes, PSH on the last (RFC 9293
 *  / serverData     §3.9.1.2); the receiver's pure ACK after every second segment and after the
 *                   last, as a receiver acknowledging every second full-sized segment does
 *                   (RFC 9293 §3.8.6.3, RFC 5681 §4.2)
 * close             closer FIN+ACK | peer FIN+ACK | closer ACK (RFC 9293 §3.6)
 * reset             RST+ACK from the side that resets (RFC 9293 §3.5.2)
 * </pre>
 *
 * <p>The MSS is what a 1500-byte Ethernet MTU leaves after the fixed IP and TCP headers
 * (RFC 9293 §3.7.1): 1460 over IPv4, 1440 over IPv6. The window is fixed: these streams were
 * never flow-controlled, and with an ACK after at most two segments the bytes in flight stay far
 * below it. The SYNs carry the MSS option only, so neither side may use window scaling, SACK or
 * timestamps (RFC 7323 §2.2, §3.2; RFC 2018 §2) and every later segment has a bare 20-byte
 * header.
 *
 * <p>Thread-safe (every call takes the recorder's lock). Calls on a conversation that was
 * closed or reset, or whose recorder was closed, write nothing and return false: a proxy's
 * event loop racing a shutdown must not fail. They also return false once the recorder's
 * writing has failed ({@link TcpConversationRecorder#failure()}).
 */
public final class Conversation {
    public static final int MSS_IPV4 = 1500 - 20 - 20;
    public static final int MSS_IPV6 = 1500 - 40 - 20;
    /** Linux's initial receive window for a 1460-byte MSS (44 segments). */
    public static final int WINDOW = 64_240;

    private static final int ACK = TcpSegmentEncoder.ACK;
    private static final int PSH_ACK = TcpSegmentEncoder.PSH | TcpSegmentEncoder.ACK;
    private static final int FIN_ACK = TcpSegmentEncoder.FIN | TcpSegmentEncoder.ACK;
    private static final int RST_ACK = TcpSegmentEncoder.RST | TcpSegmentEncoder.ACK;
    private static final int SEGMENTS_PER_ACK = 2;
    private static final int TCPOPT_MSS = 2;
    private static final int MSS_OPTION_BYTES = 4;
    private static final long U32 = 0xFFFF_FFFFL;

    private final TcpConversationRecorder recorder;
    private final InetSocketAddress client;
    private final InetSocketAddress server;
    private final TcpSegmentEncoder toServer;
    private final TcpSegmentEncoder toClient;
    private final int mss;
    /** kind 2, length 4, MSS (RFC 9293 §3.2); already a whole 32-bit word. */
    private final MemorySegment mssOption = MemorySegment.ofArray(new byte[MSS_OPTION_BYTES]);
    /** Sequence number of the next byte (or SYN, or FIN) each side sends. */
    private long clientNext;
    private long serverNext;
    private boolean open;

    // Links of the recorder's list of open conversations, guarded by its lock.
    Conversation prev;
    Conversation next;

    Conversation(TcpConversationRecorder recorder, InetSocketAddress client, InetSocketAddress server,
                 long clientIsn, long serverIsn, int clientIpId, int serverIpId) {
        this.recorder = recorder;
        this.client = client;
        this.server = server;
        this.toServer = new TcpSegmentEncoder(client, server, clientIpId);
        this.toClient = new TcpSegmentEncoder(server, client, serverIpId);
        this.mss = toServer.ipVersion() == 4 ? MSS_IPV4 : MSS_IPV6;
        this.clientNext = clientIsn & U32;
        this.serverNext = serverIsn & U32;
        mssOption.set(Layouts.U8, 0, (byte) TCPOPT_MSS);
        mssOption.set(Layouts.U8, 1, (byte) MSS_OPTION_BYTES);
        mssOption.set(Layouts.BE16, 2, (short) mss);
    }

    /** The three-way handshake (RFC 9293 §3.5); the caller holds the lock. */
    void handshake(long t) {
        emit(true, t, TcpSegmentEncoder.SYN, MSS_OPTION_BYTES, null, 0, 0);
        clientNext = (clientNext + 1) & U32;
        emit(false, t, TcpSegmentEncoder.SYN | ACK, MSS_OPTION_BYTES, null, 0, 0);
        serverNext = (serverNext + 1) & U32;
        emit(true, t, ACK, 0, null, 0, 0);
        open = true;
    }

    /** Bytes the client sent to the server, as one or more segments. */
    public boolean clientData(long epochNanos, MemorySegment data, long offset, int length) {
        return data(true, epochNanos, data, offset, length);
    }

    /** Bytes the server sent to the client, as one or more segments. */
    public boolean serverData(long epochNanos, MemorySegment data, long offset, int length) {
        return data(false, epochNanos, data, offset, length);
    }

    public boolean clientData(long epochNanos, byte[] data) {
        return clientData(epochNanos, data, 0, data.length);
    }

    public boolean clientData(long epochNanos, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        return data(true, epochNanos, MemorySegment.ofArray(data), offset, length);
    }

    public boolean serverData(long epochNanos, byte[] data) {
        return serverData(epochNanos, data, 0, data.length);
    }

    public boolean serverData(long epochNanos, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        return data(false, epochNanos, MemorySegment.ofArray(data), offset, length);
    }

    /**
     * @return true when the bytes were recorded (nothing is written for 0 bytes), false when the
     *         conversation was already over or recording has failed
     * @throws IndexOutOfBoundsException when the bytes lie outside {@code data}
     */
    private boolean data(boolean fromClient, long epochNanos, MemorySegment data, long offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.byteSize());
        recorder.lock.lock();
        try {
            if (!open) {
                return false;
            }
            if (length == 0) {
                return recorder.healthy();
            }
            long t = recorder.stamp(epochNanos);
            int unacked = 0;
            int sent = 0;
            while (sent < length) {
                int n = Math.min(mss, length - sent);
                boolean last = sent + n == length;
                emit(fromClient, t, last ? PSH_ACK : ACK, 0, data, offset + sent, n);
                advance(fromClient, n);
                sent += n;
                if (++unacked == SEGMENTS_PER_ACK || last) {
                    emit(!fromClient, t, ACK, 0, null, 0, 0);
                    unacked = 0;
                }
            }
            return recorder.healthy();
        } finally {
            recorder.lock.unlock();
        }
    }

    /**
     * Ends the connection with a FIN exchange started by the client or the server.
     *
     * @return false when it had already ended (nothing is written) or recording has failed
     */
    public boolean close(long epochNanos, boolean byClient) {
        recorder.lock.lock();
        try {
            if (!open) {
                return false;
            }
            finish(recorder.stamp(epochNanos), byClient);
            return recorder.healthy();
        } finally {
            recorder.lock.unlock();
        }
    }

    /**
     * Aborts the connection: one RST from the client or the server.
     *
     * @return false when it had already ended (nothing is written) or recording has failed
     */
    public boolean reset(long epochNanos, boolean byClient) {
        recorder.lock.lock();
        try {
            if (!open) {
                return false;
            }
            emit(byClient, recorder.stamp(epochNanos), RST_ACK, 0, null, 0, 0);
            end();
            return recorder.healthy();
        } finally {
            recorder.lock.unlock();
        }
    }

    /** The FIN exchange; the caller holds the lock and has checked that the connection is open. */
    void finish(long t, boolean byClient) {
        emit(byClient, t, FIN_ACK, 0, null, 0, 0);
        advance(byClient, 1);
        emit(!byClient, t, FIN_ACK, 0, null, 0, 0);
        advance(!byClient, 1);
        emit(byClient, t, ACK, 0, null, 0, 0);
        end();
    }

    private void end() {
        open = false;
        recorder.forget(this);
    }

    private void advance(boolean fromClient, int sequenceNumbers) {
        if (fromClient) {
            clientNext = (clientNext + sequenceNumbers) & U32;
        } else {
            serverNext = (serverNext + sequenceNumbers) & U32;
        }
    }

    /** One segment from the given side: its own next sequence number, and the peer's as ACK. */
    private void emit(boolean fromClient, long t, int flags, int optionsLength,
                      MemorySegment payload, long payloadOffset, int payloadLength) {
        long seq = fromClient ? clientNext : serverNext;
        long ack = (flags & ACK) != 0 ? (fromClient ? serverNext : clientNext) : 0;
        recorder.emit(fromClient ? toServer : toClient, t, seq, ack, flags, WINDOW,
                mssOption, optionsLength, payload, payloadOffset, payloadLength);
    }

    /** True from the handshake until close, reset or the recorder's close. */
    public boolean isOpen() {
        recorder.lock.lock();
        try {
            return open;
        } finally {
            recorder.lock.unlock();
        }
    }

    public InetSocketAddress client() {
        return client;
    }

    public InetSocketAddress server() {
        return server;
    }

    /** 4, or 6 when either address is IPv6. */
    public int ipVersion() {
        return toServer.ipVersion();
    }

    /** Segment payload limit: {@link #MSS_IPV4} or {@link #MSS_IPV6}. */
    public int mss() {
        return mss;
    }

    @Override
    public String toString() {
        return "Conversation[" + client + " -> " + server + "]";
    }
}
