package io.statewall.capture.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;

/**
 * A channel into memory for the writer tests: keeps what it was given (or, in discard mode,
 * only counts it, allocating nothing), and can be told to fail once it has taken a number of
 * bytes, as a full disk would.
 */
final class MemoryChannel implements WritableByteChannel {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final boolean discard;
    private final long failAfter;
    private long taken;
    private int writes;
    private boolean open = true;

    private MemoryChannel(boolean discard, long failAfter) {
        this.discard = discard;
        this.failAfter = failAfter;
    }

    static MemoryChannel keeping() {
        return new MemoryChannel(false, Long.MAX_VALUE);
    }

    static MemoryChannel discarding() {
        return new MemoryChannel(true, Long.MAX_VALUE);
    }

    /** Takes {@code bytes} bytes, then every write fails with "No space left on device". */
    static MemoryChannel failingAfter(long bytes) {
        return new MemoryChannel(false, bytes);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (taken >= failAfter) {
            throw new IOException("No space left on device");
        }
        int n = (int) Math.min(src.remaining(), failAfter - taken);
        if (!discard) {
            kept.write(src.array(), src.arrayOffset() + src.position(), n);
        }
        src.position(src.position() + n);
        taken += n;
        writes++;
        return n;
    }

    byte[] bytes() {
        return kept.toByteArray();
    }

    long taken() {
        return taken;
    }

    int writes() {
        return writes;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
