package io.statewall.link.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Cuts a byte stream into frames: reads the 4-byte length, checks it against the limit
 * <em>before</em> allocating, then reads exactly that many bytes into a reused buffer. A stream
 * that ends between two frames is a clean close ({@link EOFException}); one that ends inside a
 * frame, or announces a length out of bounds, is a protocol error.
 */
public final class FrameReader {
    private final InputStream in;
    private byte[] buf = new byte[8192];
    private final byte[] header = new byte[4];
    private int limit;

    public FrameReader(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    /** Changes the longest frame accepted from now on (an enrolment session accepts less). */
    public void limit(int bytes) {
        this.limit = bytes;
    }

    /** One whole frame: the reader starts at the type byte; valid until the next call. */
    public WireReader next() throws IOException, ProtocolException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("the peer closed the connection");
        }
        header[0] = (byte) first;
        readFully(header, 1, 3);
        long length = ((long) (header[0] & 0xFF) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8)
                | (header[3] & 0xFF);
        if (length < 1) {
            throw new ProtocolException("empty frame (length 0)");
        }
        if (length > limit) {
            throw new ProtocolException("frame of " + length + " bytes announced, more than the limit of " + limit);
        }
        int n = (int) length;
        if (buf.length < n) {
            buf = new byte[Math.min(limit, Math.max(n, buf.length * 2))];
        } else if (buf.length > (1 << 20) && n < (1 << 16)) {
            buf = new byte[Math.max(8192, n)]; // a one-off big frame (a policy push) does not pin megabytes
        }
        readFully(buf, 0, n);
        return new WireReader(buf, 0, n);
    }

    private void readFully(byte[] b, int off, int len) throws IOException, ProtocolException {
        while (len > 0) {
            int r = in.read(b, off, len);
            if (r < 0) {
                throw new ProtocolException("the connection ended inside a frame");
            }
            off += r;
            len -= r;
        }
    }
}
