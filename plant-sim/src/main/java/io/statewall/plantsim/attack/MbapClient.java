package io.statewall.plantsim.attack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The attacker's own Modbus/TCP client: raw frames on a socket bound to the attacker's address,
 * no Modbus library (an attacker's tool is a script, not a vendor stack). One request at a time;
 * the connection is opened on the first request and again after any failure, each time from a
 * new local port, reported to the {@code onConnect} callback as {@code ip:port}. Network trouble
 * is an {@link Answer}, never an exception. Not thread-safe: one client per sending thread.
 *
 * <p>Frame (Modbus Messaging on TCP/IP Implementation Guide §3.1.3, MBAP header; MB-AP §4.1, PDU),
 * multi-byte fields big-endian:
 * <pre>
 * offset  size  field                     request                   answer (checked)
 *   0      2    transaction identifier    counts up per connection  the request's
 *   2      2    protocol identifier       0 (MODBUS)                0
 *   4      2    length                    1 + PDU size              2..254 (unit id + PDU of 1..253)
 *   6      1    unit identifier           the request's             (not checked: gateways rewrite it)
 *   7      n    PDU                       function code, data       function code, data; or
 *                                                                   function | 0x80, exception code (§7)
 * </pre>
 */
final class MbapClient implements AutoCloseable {
    /** Connect and answer timeout of the attacker's tool. */
    static final int TIMEOUT_MILLIS = 1000;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    private static final int HEADER = 7;
    /** MB-AP §4.1: a PDU is at most 253 bytes. */
    static final int MAX_PDU = 253;

    private final InetSocketAddress server;
    private final InetAddress local;
    private final Consumer<String> onConnect;
    private final byte[] frame = new byte[HEADER + MAX_PDU];
    private final MemorySegment wire = MemorySegment.ofArray(frame);
    private Socket socket;
    private InputStream in;
    private String localEndpoint;
    private String lastFailure;
    private int transactionId;

    /**
     * @param local     the attacker's address (null: the system's choice)
     * @param onConnect told the local {@code ip:port} of every connection opened
     */
    MbapClient(InetSocketAddress server, InetAddress local, Consumer<String> onConnect) {
        this.server = Objects.requireNonNull(server, "server");
        this.local = local;
        this.onConnect = Objects.requireNonNull(onConnect, "onConnect");
    }

    /** The local {@code ip:port} of the connection now open, or null. */
    String localEndpoint() {
        return localEndpoint;
    }

    /** Why the last connection attempt or exchange failed, or null. */
    String lastFailure() {
        return lastFailure;
    }

    /** Sends {@code pdu} to {@code unitId} and waits up to {@link #TIMEOUT_MILLIS} for its answer. */
    Answer request(int unitId, byte[] pdu) {
        if (pdu.length < 1 || pdu.length > MAX_PDU || unitId < 0 || unitId > 0xFF) {
            throw new IllegalArgumentException("a PDU is 1.." + MAX_PDU + " bytes to a unit 0..255");
        }
        int tid = transactionId = (transactionId + 1) & 0xFFFF;
        if (socket == null && !connect()) {
            return new Answer(AnswerKind.CLOSED, null, tid, -1, -1);
        }
        String used = localEndpoint;
        int function = pdu[0] & 0xFF;
        try {
            wire.set(U16, 0, (short) tid);
            wire.set(U16, 2, (short) 0);
            wire.set(U16, 4, (short) (1 + pdu.length));
            wire.set(U8, 6, (byte) unitId);
            System.arraycopy(pdu, 0, frame, HEADER, pdu.length);
            socket.getOutputStream().write(frame, 0, HEADER + pdu.length);
            long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
            if (!readFully(HEADER, 0, deadline)) {
                return fail(AnswerKind.CLOSED, used, tid, "closed by " + server);
            }
            int length = Short.toUnsignedInt(wire.get(U16, 4));
            if (Short.toUnsignedInt(wire.get(U16, 0)) != tid || wire.get(U16, 2) != 0 || length < 2
                    || length > 1 + MAX_PDU) {
                return fail(AnswerKind.MALFORMED, used, tid, "not an answer to transaction " + tid);
            }
            if (!readFully(length - 1, HEADER, deadline)) {
                return fail(AnswerKind.CLOSED, used, tid, "closed by " + server + " within an answer");
            }
            int answered = frame[HEADER] & 0xFF;
            if (answered == function) {
                return new Answer(AnswerKind.RESPONSE, used, tid, answered, -1);
            }
            if (answered == (function | 0x80) && length == 3) {
                return new Answer(AnswerKind.EXCEPTION, used, tid, answered, frame[HEADER + 1] & 0xFF);
            }
            return fail(AnswerKind.MALFORMED, used, tid, "function " + answered + " in answer to " + function);
        } catch (SocketTimeoutException e) {
            return fail(AnswerKind.NO_ANSWER, used, tid, "no answer within " + TIMEOUT_MILLIS + " ms");
        } catch (IOException e) {
            return fail(AnswerKind.CLOSED, used, tid, String.valueOf(e.getMessage()));
        }
    }

    /** Reads {@code n} bytes into the frame at {@code at}; false on end of stream. */
    private boolean readFully(int n, int at, long deadline) throws IOException {
        int done = 0;
        while (done < n) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            socket.setSoTimeout((int) left);
            int r = in.read(frame, at + done, n - done);
            if (r < 0) {
                return false;
            }
            done += r;
        }
        return true;
    }

    private boolean connect() {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            if (local != null) {
                s.bind(new InetSocketAddress(local, 0));
            }
            s.connect(server, TIMEOUT_MILLIS);
            socket = s;
            in = s.getInputStream();
            localEndpoint = endpoint(s.getLocalAddress(), s.getLocalPort());
            onConnect.accept(localEndpoint);
            return true;
        } catch (IOException e) {
            lastFailure = "cannot connect from " + (local == null ? "any address" : local.getHostAddress()) + " to "
                    + endpoint(server.getAddress(), server.getPort()) + ": " + e.getMessage();
            try {
                s.close();
            } catch (IOException ignored) {
                // never opened
            }
            return false;
        }
    }

    /** {@code ip:port}, with brackets around an IPv6 address. */
    static String endpoint(InetAddress address, int port) {
        String ip = address.getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    private Answer fail(AnswerKind kind, String connection, int tid, String why) {
        lastFailure = why;
        close();
        return new Answer(kind, connection, tid, -1, -1);
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        in = null;
        localEndpoint = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }
}
