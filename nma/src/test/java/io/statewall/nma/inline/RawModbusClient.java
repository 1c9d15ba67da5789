package io.statewall.nma.inline;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * A Modbus/TCP client written by hand over a plain socket, for what a library client will not
 * do: several requests written back to back (pipelining), bytes that are not Modbus, and
 * watching the connection itself (who closed it, and when).
 *
 * <p>Every read is bounded by a socket time-out: a proxy that fails to answer makes the test
 * fail with a time-out instead of hanging it.
 */
final class RawModbusClient implements AutoCloseable {
    /** How long one read may wait for the proxy before the test fails. */
    static final int READ_TIMEOUT_MILLIS = 5_000;

    private final Socket socket;
    private final InputStream in;

    RawModbusClient(InetSocketAddress to) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(to, READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = socket.getInputStream();
    }

    /** Writes all the frames with one write call, so they leave back to back. */
    void send(byte[]... frames) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            all.writeBytes(f);
        }
        socket.getOutputStream().write(all.toByteArray());
        socket.getOutputStream().flush();
    }

    /** Half-closes: sends FIN (nothing more will be sent) and can still receive. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /**
     * Reads one whole ADU: the 6-byte MBAP prefix, then as many bytes as its length field says
     * (MB-TCP §3.1.3).
     *
     * @throws EOFException when the peer closed the connection first
     */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    Adu readAdu() throws IOException {
        byte[] prefix = in.readNBytes(6);
        if (prefix.length < 6) {
            throw new EOFException("connection closed after " + prefix.length + " bytes of an MBAP header");
        }
        int length = (prefix[4] & 0xFF) << 8 | (prefix[5] & 0xFF);
        byte[] rest = in.readNBytes(length);
        if (rest.length < length) {
            throw new EOFException("connection closed inside an ADU");
        }
        byte[] adu = new byte[6 + length];
        System.arraycopy(prefix, 0, adu, 0, 6);
        System.arraycopy(rest, 0, adu, 6, length);
        return new Adu(adu);
    }

    /** A request, then its answer. */
    Adu exchange(byte[] request) throws IOException {
        send(request);
        return readAdu();
    }

    /**
     * Waits (up to the read time-out) for the peer to close the connection without sending
     * anything first.
     *
     * @return true when the peer closed (end of stream or reset); false when bytes came instead
     * @throws SocketTimeoutException when the connection stayed open and silent
     */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // -------------------------------------------------------------------------------------------
    // Frames (MB-TCP §3.1.3 MBAP header, MB-AP §6 PDUs)
    //
    //   offset  size  field
    //   0       2     transaction id (echoed by the server)
    //   2       2     protocol id, 0 for Modbus
    //   4       2     length: bytes that follow (unit id + PDU)
    //   6       1     unit id
    //   7       1     function code (| 0x80 in an exception response)
    //   8       ...   function data (an exception response: the exception code, 1 byte)
    // -------------------------------------------------------------------------------------------

    /** An ADU with protocol id 0 and the right length, around the given PDU bytes. */
    static byte[] adu(int transactionId, int unitId, int... pdu) {
        byte[] out = new byte[7 + pdu.length];
        out[0] = (byte) (transactionId >>> 8);
        out[1] = (byte) transactionId;
        int length = 1 + pdu.length;
        out[4] = (byte) (length >>> 8);
        out[5] = (byte) length;
        out[6] = (byte) unitId;
        for (int i = 0; i < pdu.length; i++) {
            out[7 + i] = (byte) pdu[i];
        }
        return out;
    }

    /** MB-AP §6.3 FC 03: starting address, quantity of registers (1..125). */
    static byte[] readHoldingRegisters(int transactionId, int unitId, int address, int quantity) {
        return adu(transactionId, unitId, 0x03, address >>> 8, address & 0xFF, quantity >>> 8, quantity & 0xFF);
    }

    /** MB-AP §6.6 FC 06: register address, register value. */
    static byte[] writeSingleRegister(int transactionId, int unitId, int address, int value) {
        return adu(transactionId, unitId, 0x06, address >>> 8, address & 0xFF, value >>> 8 & 0xFF, value & 0xFF);
    }

    /** A received ADU, read field by field. */
    record Adu(byte[] bytes) {
        int transactionId() {
            return u16(0);
        }

        int protocolId() {
            return u16(2);
        }

        int unitId() {
            return bytes[6] & 0xFF;
        }

        int function() {
            return bytes[7] & 0xFF;
        }

        boolean isException() {
            return (function() & 0x80) != 0;
        }

        /** MB-AP §7: the byte after function | 0x80. */
        int exceptionCode() {
            if (!isException()) {
                throw new IllegalStateException("not an exception response: function " + function());
            }
            return bytes[8] & 0xFF;
        }

        /** FC 03/04 response: byte count, then the registers, two bytes each, big-endian. */
        int[] registers() {
            int count = (bytes[8] & 0xFF) / 2;
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                out[i] = u16(9 + 2 * i);
            }
            return out;
        }

        private int u16(int at) {
            return (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
        }
    }
}
