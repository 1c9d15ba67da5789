package io.statewall.nma.inline;

import io.statewall.engine.decide.Verdict;
import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.policy.Action;
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
 * <p>Buffers are direct, fixed and allocated once per connection; the per-request path
 * allocates nothing.
 */
final class Link implements ModbusListener {
    /** MB-AP §7: 0x0B, gateway target device failed to respond. */
    static final int GATEWAY_TARGET_FAILED = 0x0B;
    /** MB-TCP §3.1.3: 7-byte MBAP header, then function and exception code. */
    private static final int EXCEPTION_ADU = 9;
    /** The largest Modbus/TCP ADU (MB-TCP §3.1.3: 6-byte prefix, length up to 254). */
    private static final int MAX_ADU = 260;
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

    Link(InlineProxy proxy, RouteState route, SocketChannel client, InetSocketAddress clientAddress, long flowId,
         int queueBytes) {
        this.proxy = proxy;
        this.route = route;
        this.client = client;
        this.clientAddress = clientAddress;
        // Each read is bounded so that what it can produce always fits its queues (see canReadClient).
        fromClient = ByteBuffer.allocateDirect(4 * MAX_ADU);
        fromClientSegment = MemorySegment.ofBuffer(fromClient);
        toUpstream = ByteBuffer.allocateDirect(queueBytes);
        toUpstreamSegment = MemorySegment.ofBuffer(toUpstream);
        fromUpstream = ByteBuffer.allocateDirect(4 * MAX_ADU);
        fromUpstreamSegment = MemorySegment.ofBuffer(fromUpstream);
        toClient = ByteBuffer.allocateDirect(queueBytes);
        toClientSegment = MemorySegment.ofBuffer(toClient);
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
        return toUpstream.remaining() >= fromClient.capacity()
                && toClient.remaining() >= fromClient.capacity() / 8 * EXCEPTION_ADU + EXCEPTION_ADU
                && heldCount + fromClient.capacity() / 8 < HELD
                && upstreamState != Upstream.CONNECTING;
    }

    /** @return false when the client has gone (the link must be closed) */
    boolean onClientReadable(long loopNanos, long epochNanos) throws IOException {
        now = loopNanos;
        epochNow = epochNanos;
        int n = client.read(fromClient);
        if (n < 0) {
            return false;
        }
        route.bytesFromClients += n;
        int length = fromClient.position();
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
        route.requests++;
        ModbusFrame frame = request.request();
        if ((request.anomalyFlags() & MALFORMED) != 0) {
            route.malformed++;
            proxy.events().malformed(route, flow, epochNow, request.transactionId(), request.anomalyFlags());
            if (proxy.options().malformed() == MalformedAction.RESET) {
                resetRequested = true;
            }
            return false;
        }
        long started = System.nanoTime();
        boolean forward;
        Verdict v = null;
        try {
            v = proxy.judge().judgeRequest(flow, request, epochNow);
            forward = v.forward();
        } catch (RuntimeException bug) {
            // The engine could not decide: the state's fail mode says what availability means here.
            forward = proxy.judge().failMode() == FailMode.OPEN;
            if (forward) {
                route.failOpenForwards++;
            } else {
                route.failClosedDrops++;
            }
            proxy.events().engineFailure(route, flow, epochNow, request.transactionId(), bug, forward);
        }
        route.decision.record(System.nanoTime() - started);
        if (!forward) {
            route.blocked++;
            answerBlocked(request);
            return false;
        }
        if (v != null && v.action() == Action.ALERT) {
            route.alerted++;
        }
        route.allowed++;
        if (upstreamState != Upstream.CONNECTED) {
            route.upstreamUnavailableAnswers++;
            answer(request.transactionId(), request.unitId(), request.functionRaw(), GATEWAY_TARGET_FAILED);
            return false;
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
            case EXCEPTION -> answer(request.transactionId(), request.unitId(), request.functionRaw(),
                    proxy.options().blockExceptionCode());
            case DROP -> { }
            case RESET -> resetRequested = true;
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
        route.bytesFromUpstream += n;
        int length = fromUpstream.position();
        int consumed = session.onData(false, fromUpstreamSegment, 0, length, epochNow);
        compact(fromUpstream, consumed, length);
        releaseHeld();
        return true;
    }

    @Override
    public void onTransaction(ModbusSession s, ModbusTransaction tx) {
        if (tx.hasResponse()) {
            route.responses++;
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
        route.anomalies++;
        proxy.events().modbusAnomaly(route, flow, timestampNanos, anomaly, toServer, transactionId, detail);
    }

    // ---------------------------------------------------------------------------------------
    // Writing
    // ---------------------------------------------------------------------------------------

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
        return flush(client, toClient);
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
