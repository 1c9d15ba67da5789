package io.statewall.benchmarks.workload;

import java.lang.foreign.MemorySegment;

/**
 * Sequence and acknowledgment bookkeeping of one client/server TCP connection (RFC 9293 §3.4,
 * §3.5, §3.6): SYN and FIN each take one sequence number, data takes its length, and every
 * segment after the SYN acknowledges all the peer has sent so far.
 *
 * <p>The client is a Linux SCADA host: its SYN offers MSS, SACK-permitted, timestamps and window
 * scaling; the PLC's SYN-ACK answers with MSS only, which (RFC 7323 §2.2, §3.2; RFC 2018 §2)
 * leaves both sides without those options for the rest of the connection, so data segments carry
 * a bare 20-byte TCP header, as on most embedded stacks.
 *
 * <p>IPv4 identification: Linux draws a random start per connected socket and counts up; the
 * PLC keeps one counter for its whole stack, across reconnects.
 */
final class TcpConnection {
    private static final int CLIENT_SYN_OPTIONS = 20;
    private static final int SERVER_SYN_OPTIONS = 4;
    private static final int TCPOPT_NOP = 1;
    private static final int TCPOPT_MSS = 2;
    private static final int TCPOPT_WINDOW_SCALE = 3;
    private static final int TCPOPT_SACK_PERMITTED = 4;
    private static final int TCPOPT_TIMESTAMPS = 8;
    private static final int CLIENT_MSS = 1460;
    private static final int CLIENT_WINDOW_SCALE = 7;

    private final FrameQueue queue;
    private final Host client;
    private final Host server;
    private final int serverPort;
    private final int serverMss;
    private final MemorySegment options = MemorySegment.ofArray(new byte[40]);

    private int clientPort;
    private long clientSeq;
    private long serverSeq;
    private int clientIpId;
    private int serverIpId;
    private int clientWindow;
    private int serverWindow;
    private long clientTsOrigin;
    private boolean open;

    TcpConnection(FrameQueue queue, Host client, Host server, int serverPort, int serverMss, int serverIpId) {
        this.queue = queue;
        this.client = client;
        this.server = server;
        this.serverPort = serverPort;
        this.serverMss = serverMss;
        this.serverIpId = serverIpId;
    }

    /** Starts a new connection's state; nothing is sent until {@link #clientSyn}. */
    void reset(int clientPort, long clientIsn, long serverIsn, int clientIpId, long clientTsOrigin,
               int clientWindow, int serverWindow) {
        this.clientPort = clientPort;
        this.clientSeq = clientIsn & 0xFFFF_FFFFL;
        this.serverSeq = serverIsn & 0xFFFF_FFFFL;
        this.clientIpId = clientIpId;
        this.clientTsOrigin = clientTsOrigin;
        this.clientWindow = clientWindow;
        this.serverWindow = serverWindow;
    }

    boolean isOpen() {
        return open;
    }

    int clientPort() {
        return clientPort;
    }

    /**
     * <pre>
     * Client SYN options (20 bytes, Linux order)
     *  off len
     *    0   4 MSS: kind 2, length 4, 1460
     *    4   2 SACK permitted: kind 4, length 2
     *    6  10 timestamps: kind 8, length 10, TSval (ms clock), TSecr 0
     *   16   1 NOP
     *   17   3 window scale: kind 3, length 3, shift 7
     * </pre>
     */
    void clientSyn(long ts) {
        options.set(Layouts.U8, 0, (byte) TCPOPT_MSS);
        options.set(Layouts.U8, 1, (byte) 4);
        options.set(Layouts.BE16, 2, (short) CLIENT_MSS);
        options.set(Layouts.U8, 4, (byte) TCPOPT_SACK_PERMITTED);
        options.set(Layouts.U8, 5, (byte) 2);
        options.set(Layouts.U8, 6, (byte) TCPOPT_TIMESTAMPS);
        options.set(Layouts.U8, 7, (byte) 10);
        options.set(Layouts.BE32, 8, (int) (clientTsOrigin + ts / 1000));
        options.set(Layouts.BE32, 12, 0);
        options.set(Layouts.U8, 16, (byte) TCPOPT_NOP);
        options.set(Layouts.U8, 17, (byte) TCPOPT_WINDOW_SCALE);
        options.set(Layouts.U8, 18, (byte) 3);
        options.set(Layouts.U8, 19, (byte) CLIENT_WINDOW_SCALE);
        fromClient(ts, clientSeq, 0, TcpSegmentEncoder.SYN, options, CLIENT_SYN_OPTIONS, TcpSegmentEncoder.NONE, 0);
        clientSeq++;
    }

    /** SYN-ACK with the PLC's MSS as the only option (kind 2, length 4, value). */
    void serverSynAck(long ts) {
        options.set(Layouts.U8, 0, (byte) TCPOPT_MSS);
        options.set(Layouts.U8, 1, (byte) 4);
        options.set(Layouts.BE16, 2, (short) serverMss);
        fromServer(ts, TcpSegmentEncoder.SYN | TcpSegmentEncoder.ACK, options, SERVER_SYN_OPTIONS, TcpSegmentEncoder.NONE, 0);
        serverSeq++;
    }

    /** Third segment of the handshake: the connection is established. */
    void clientHandshakeAck(long ts) {
        clientAck(ts);
        open = true;
    }

    void clientData(long ts, MemorySegment payload, int length) {
        fromClient(ts, clientSeq, serverSeq, TcpSegmentEncoder.PSH | TcpSegmentEncoder.ACK,
                TcpSegmentEncoder.NONE, 0, payload, length);
        clientSeq += length;
    }

    void serverData(long ts, MemorySegment payload, int length) {
        fromServer(ts, TcpSegmentEncoder.PSH | TcpSegmentEncoder.ACK, TcpSegmentEncoder.NONE, 0, payload, length);
        serverSeq += length;
    }

    /** A segment carrying nothing but the acknowledgment (delayed ACK, RFC 9293 §3.8.6.3). */
    void clientAck(long ts) {
        fromClient(ts, clientSeq, serverSeq, TcpSegmentEncoder.ACK, TcpSegmentEncoder.NONE, 0, TcpSegmentEncoder.NONE, 0);
    }

    void serverAck(long ts) {
        fromServer(ts, TcpSegmentEncoder.ACK, TcpSegmentEncoder.NONE, 0, TcpSegmentEncoder.NONE, 0);
    }

    void clientFin(long ts) {
        fromClient(ts, clientSeq, serverSeq, TcpSegmentEncoder.FIN | TcpSegmentEncoder.ACK,
                TcpSegmentEncoder.NONE, 0, TcpSegmentEncoder.NONE, 0);
        clientSeq++;
        open = false;
    }

    void serverFin(long ts) {
        fromServer(ts, TcpSegmentEncoder.FIN | TcpSegmentEncoder.ACK, TcpSegmentEncoder.NONE, 0, TcpSegmentEncoder.NONE, 0);
        serverSeq++;
    }

    private void fromClient(long ts, long seq, long ack, int flags, MemorySegment opts, int optsLength,
                            MemorySegment payload, int length) {
        TcpSegmentEncoder.write(queue, ts, client, server, clientIpId, clientPort, serverPort, seq, ack, flags,
                clientWindow, opts, optsLength, payload, length);
        clientIpId = (clientIpId + 1) & 0xFFFF;
    }

    private void fromServer(long ts, int flags, MemorySegment opts, int optsLength, MemorySegment payload, int length) {
        TcpSegmentEncoder.write(queue, ts, server, client, serverIpId, serverPort, clientPort, serverSeq, clientSeq,
                flags, serverWindow, opts, optsLength, payload, length);
        serverIpId = (serverIpId + 1) & 0xFFFF;
    }
}
