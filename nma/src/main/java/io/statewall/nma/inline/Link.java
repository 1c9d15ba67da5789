package io.statewall.nma.inline;

import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.policy.FailMode;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusFrame;
import io.statewall.protocols.modbus.ModbusLimits;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection carried through the proxy, and its own connection to the controller.
 * Lives on the event-loop thread.
 *
 * <p>Client bytes are framed by a {@link ModbusSession}; each complete request is judged
 * ({@link #admitRequest}) before a byte of it moves: allowed requests are copied, whole, to the
 * controller's queue; blocked ones are answered here (or dropped, or the connection reset);
 * bytes that are not a valid request are never forwarded. Controller bytes go through the same
 * session, so each answer is paired with its request (process image, response rules, EVE) and
 * then copied to the client.
 *
 * <p>Order: an answer made here for a blocked request is held until the controller has
 * answered every request forwarded before it, so a pipelining client receives its answers in
 * the order it asked.
 *
 * <p>Buffers are direct, fixed and pooled ({@link LinkBuffers}); the per-request path allocates
 * nothing.
 */
final class Link implements ModbusListener {
    /** MB-AP §7: 0x0B, gateway target device failed to respond. */
    static final int GATEWAY_TARGET_FAILED = 0x0B;
    /** MB-TCP §3.1.3: 7-byte MBAP header, then function and exception code. */
    private static final int EXCEPTION_ADU = 9;
    private static final int MALFORMED = ModbusAnomaly.INVALID_LENGTH.bit() | ModbusAnomaly.INVALID_FUNCTION_CODE.bit()
            | ModbusAnomaly.INVALID_VALUE.bit() | ModbusAnomaly.INVALID_PROTOCOL_ID.bit();
    private static final int HELD = 256;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    enum Upstream { CONNECTING, CONNECTED, DOWN }

    final InlineProxy proxy;
    final RouteState route;
    final SocketChannel client;
    final InetSocketAddress clientAddress;
    SocketChannel upstream;
    SelectionKey clientKey;
    SelectionKey upstreamKey;
    Upstream upstreamState = Upstream.CONNECTING;
    /** When DOWN: loop time at which to try again, and the wait after that. */
    long retryAt;
    long retryWaitNanos;

    final FlowContext flow = new FlowContext();
    final ModbusSession session;

    final LinkBuffers buffers;
    private final ByteBuffer fromClient;
    private final MemorySegment fromClientSegment;
    private final ByteBuffer toUpstream;
    private final MemorySegment toUpstreamSegment;
    private final ByteBuffer fromUpstream;
    private final MemorySegment fromUpstreamSegment;
    private final ByteBuffer toClient;
    private final MemorySegment toClientSegment;

    /** Answers made here, waiting for the controller to answer what was forwarded before them. */
    private final long[] heldAfter = new long[HELD];
    private final int[] heldAdu = new int[HELD];
    private final int[] heldCodes = new int[HELD];
    private int heldHead;
    private int heldCount;
    /** Requests forwarded, and those of them the controller answered or that were given up. */
    private long forwarded;
    private long settled;

    /** Loop time of the bytes being handled. */
    private long now;
    private long epochNow;
    private boolean resetRequested;
    boolean closed;
    /**
     * The client closed its sending side (TCP FIN): nothing more will come, but the answers to
     * what it sent must still reach it, or an allowed write could be carried out unacknowledged.
     */
    boolean clientDone;
    /** The tap's view of this connection, or null (no tap, or it failed). */
    ConversationTap.Conversation tapped;

    Link(InlineProxy proxy, RouteState route, SocketChannel client, InetSocketAddress clientAddress, long flowId,
         LinkBuffers buffers) {
        this.proxy = proxy;
        this.route = route;
        this.client = client;
        this.clientAddress = clientAddress;
        this.buffers = buffers;
        fromClient = buffers.fromClient;
        fromClientSegment = buffers.fromClientSegment;
        toUpstream = buffers.toUpstream;
        toUpstreamSegment = buffers.toUpstreamSegment;
        fromUpstream = buffers.fromUpstream;
        fromUpstreamSegment = buffers.fromUpstreamSegment;
        toClient = buffers.toClient;
        toClientSegment = buffers.toClientSegment;
        session = new ModbusSession(ModbusLimits.DEFAULT, this, null);
        Endpoints.fill(flow, flowId, clientAddress, route.route().upstream());
    }

    // ---------------------------------------------------------------------------------------
    // Client side
    // ---------------------------------------------------------------------------------------

    /**
     * Reading more from the client could produce at most a buffer of forwarded bytes and one
     * 9-byte answer per 8 bytes read: read only when both fit, else wait for the queues to drain.
     */
    boolean canReadClient() {
        return !clientDone && toUpstream.remaining() >= fromClient.capacity()
                && toClient.remaining() >= fromClient.capacity() / 8 * EXCEPTION_ADU + EXCEPTION_ADU
                && heldCount + fromClient.capacity() / 8 < HELD
                && upstreamState != Upstream.CONNECTING;
    }

    /**
     * @return false when the link must be closed: a reset was asked for. A client that has
     *     finished sending ({@link #clientDone}) still gets the answers to what it sent.
     */
    boolean onClientReadable(long loopNanos, long epochNanos) throws IOException {
        now = loopNanos;
        epochNow = epochNanos;
        int n = client.read(fromClient);
        if (n < 0) {
            clientDone = true;
            return true;
        }
        route.metrics.countBytesFromClient(n);
        int length = fromClient.position();
        if (tapped != null) {
            tap(true, fromClientSegment, length - n, n);
        }
        int consumed = session.onData(true, fromClientSegment, 0, length, epochNow);
        compact(fromClient, consumed, length);
        return !resetRequested;
    }

    @Override
    public boolean admitsRequests() {
        return true;
    }

    @Override
    public boolean admitRequest(ModbusSession s, ModbusTransaction request) {
        route.metrics.countRequest();
        ModbusFrame frame = request.request();
        if ((request.anomalyFlags() & MALFORMED) != 0) {
            route.metrics.countMalformed();
            proxy.events().malformed(route, flow, epochNow, request.transactionId(), request.anomalyFlags());
            if (proxy.options().malformed() == MalformedAction.RESET) {
                resetRequested = true;
            }
            return false;
        }
        long started = System.nanoTime();
        boolean forward;
        InlineJudge.Judgement judgement = null;
        try {
            judgement = proxy.judge().judgeRequest(flow, request, epochNow);
            forward = judgement != InlineJudge.Judgement.BLOCK;
        } catch (RuntimeException bug) {
            // The engine could not decide: the state's fail mode says what availability means here.
            forward = proxy.judge().failMode() == FailMode.OPEN;
            if (forward) {
                route.metrics.countFailOpenForward();
            } else {
                route.metrics.countFailClosedDrop();
            }
            proxy.events().engineFailure(route, flow, epochNow, request.transactionId(), bug, forward);
        }
        route.metrics.recordDecisionNanos(System.nanoTime() - started);
        if (!forward) {
            answerBlocked(request);
            return false;
        }
        if (upstreamState != Upstream.CONNECTED) {
            // Allowed, but there is nowhere to send it: MB-AP §7's gateway answer, at once.
            route.metrics.countUpstreamUnavailableAnswer();
            answer(request.transactionId(), request.unitId(), request.functionRaw(), GATEWAY_TARGET_FAILED);
            return false;
        }
        if (judgement == InlineJudge.Judgement.FORWARD_ALERTED) {
            route.metrics.countAllowedWithAlert();
        } else {
            route.metrics.countAllowed();
        }
        int length = frame.length();
        int at = toUpstream.position();
        MemorySegment.copy(frame.segment(), frame.offset(), toUpstreamSegment, at, length);
        toUpstream.position(at + length);
        forwarded++;
        return true;
    }

    private void answerBlocked(ModbusTransaction request) {
        switch (proxy.options().blockAction()) {
            case EXCEPTION -> {
                route.metrics.countBlockedWithException();
                answer(request.transactionId(), request.unitId(), request.functionRaw(),
                        proxy.options().blockExceptionCode());
            }
            case DROP -> route.metrics.countBlockedWithDrop();
            case RESET -> {
                route.metrics.countBlockedWithReset();
                resetRequested = true;
            }
        }
    }

    /** An exception response made here, sent now or held behind earlier forwarded requests. */
    private void answer(int transactionId, int unitId, int function, int code) {
        int adu = (transactionId & 0xFFFF) << 16 | (unitId & 0xFF) << 8 | (function & 0x7F);
        if (forwarded == settled && heldCount == 0) {
            writeException(adu, code);
            return;
        }
        int slot = (heldHead + heldCount) % HELD;
        heldAfter[slot] = forwarded;
        heldAdu[slot] = adu;
        heldCodes[slot] = code;
        heldCount++;
    }

    /** MB-TCP §3.1.3 and MB-AP §7: tid, protocol 0, length 3, unit, function | 0x80, code. */
    private void writeException(int adu, int code) {
        int at = toClient.position();
        toClientSegment.set(U16, at, (short) (adu >>> 16));
        toClientSegment.set(U16, at + 2, (short) 0);
        toClientSegment.set(U16, at + 4, (short) 3);
        toClientSegment.set(ValueLayout.JAVA_BYTE, at + 6, (byte) (adu >>> 8));
        toClientSegment.set(ValueLayout.JAVA_BYTE, at + 7, (byte) ((adu & 0x7F) | 0x80));
        toClientSegment.set(ValueLayout.JAVA_BYTE, at + 8, (byte) code);
        toClient.position(at + EXCEPTION_ADU);
    }

    private void releaseHeld() {
        while (heldCount > 0 && heldAfter[heldHead] <= settled) {
            writeException(heldAdu[heldHead], heldCodes[heldHead]);
            heldHead = (heldHead + 1) % HELD;
            heldCount--;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Controller side
    // ---------------------------------------------------------------------------------------

    /** The controller's answers could fill at most their own buffer's worth of the client queue. */
    boolean canReadUpstream() {
        return upstreamState == Upstream.CONNECTED && toClient.remaining() >= fromUpstream.capacity() + HELD * EXCEPTION_ADU / 8;
    }

    /** @return false when the controller has closed the connection */
    boolean onUpstreamReadable(long loopNanos, long epochNanos) throws IOException {
        now = loopNanos;
        epochNow = epochNanos;
        int n = upstream.read(fromUpstream);
        if (n < 0) {
            return false;
        }
        route.metrics.countBytesFromUpstream(n);
        int length = fromUpstream.position();
        int consumed = session.onData(false, fromUpstreamSegment, 0, length, epochNow);
        compact(fromUpstream, consumed, length);
        releaseHeld();
        return true;
    }

    @Override
    public void onTransaction(ModbusSession s, ModbusTransaction tx) {
        if (tx.hasResponse()) {
            route.metrics.countResponse();
            ModbusFrame frame = tx.response();
            int length = frame.length();
            int at = toClient.position();
            MemorySegment.copy(frame.segment(), frame.offset(), toClientSegment, at, length);
            toClient.position(at + length);
        }
        if (tx.hasRequest()) {
            settled++;
            releaseHeld();
        }
        proxy.judge().onTransaction(flow, tx, epochNow);
    }

    @Override
    public void onAnomaly(ModbusSession s, ModbusAnomaly anomaly, boolean toServer, long timestampNanos,
                          int transactionId, long detail) {
        route.metrics.countAnomaly();
        proxy.events().modbusAnomaly(route, flow, timestampNanos, anomaly, toServer, transactionId, detail);
    }

    // ---------------------------------------------------------------------------------------
    // Writing
    // ---------------------------------------------------------------------------------------

    /** A finished client whose every forwarded request is answered and whose answers are written. */
    boolean finished() {
        return clientDone && settled == forwarded && heldCount == 0 && toClient.position() == 0
                && toUpstream.position() == 0;
    }

    boolean hasForUpstream() {
        return toUpstream.position() > 0;
    }

    boolean hasForClient() {
        return toClient.position() > 0;
    }

    /** Writes what is queued for the controller; true when all of it went. */
    boolean flushUpstream() throws IOException {
        return flush(upstream, toUpstream);
    }

    boolean flushClient() throws IOException {
        if (tapped == null) {
            return flush(client, toClient);
        }
        toClient.flip();
        try {
            int written = client.write(toClient);
            if (written > 0) {
                tap(false, toClientSegment, 0, written);
            }
            return !toClient.hasRemaining();
        } finally {
            toClient.compact();
        }
    }

    private void tap(boolean fromClientSide, MemorySegment data, int offset, int length) {
        try {
            if (fromClientSide) {
                tapped.fromClient(proxy.tapTime(), data, offset, length);
            } else {
                tapped.toClient(proxy.tapTime(), data, offset, length);
            }
        } catch (RuntimeException e) {
            tapped = null; // recording is a by-product: the traffic goes on untapped
        }
    }

    /** Tells the tap the connection ended. */
    void untap(long epochNanos) {
        if (tapped != null) {
            try {
                tapped.closed(epochNanos);
            } catch (RuntimeException ignored) {
                // as above
            }
            tapped = null;
        }
    }

    private static boolean flush(SocketChannel channel, ByteBuffer queue) throws IOException {
        queue.flip();
        try {
            channel.write(queue);
            return !queue.hasRemaining();
        } finally {
            queue.compact();
        }
    }

    /** Keeps the unconsumed tail {@code [consumed, length)} at the start of the buffer. */
    private static void compact(ByteBuffer buffer, int consumed, int length) {
        if (consumed == length) {
            buffer.clear();
            return;
        }
        buffer.limit(length).position(consumed);
        buffer.compact();
    }

    long loopTime() {
        return now;
    }
}
