package io.statewall.cli.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The NMA's EVE output as the demo reads it: the stream the NMA writes to (on its event loop),
 * split into lines, copied to a file if asked for, and handed one parsed record at a time to a
 * consumer on a thread of its own. The demo learns what the NMA did only from here, the same
 * contract a SIEM relies on: nothing is read from the NMA's insides.
 *
 * <p>The NMA's writes only append to a buffer, so a slow display never holds up the traffic.
 */
final class EveFeed extends OutputStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<JsonNode> consumer;
    private final OutputStream copy;
    private final Thread reader;
    private byte[] pending = new byte[1 << 16];
    private int pendingLength;
    private long received;
    private long processed;
    private boolean closed;
    private long malformedLines;

    /** @param copy where the raw lines also go (the {@code --eve} file), or null */
    EveFeed(Consumer<JsonNode> consumer, OutputStream copy) {
        this.consumer = consumer;
        this.copy = copy;
        this.reader = Thread.ofPlatform().daemon().name("demo-eve").start(this::readLoop);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (closed) {
            return;
        }
        if (pendingLength + len > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + len));
        }
        System.arraycopy(b, off, pending, pendingLength, len);
        pendingLength += len;
        received += len;
        notifyAll();
    }

    /** Waits until every byte written so far has been read and handed over. */
    synchronized void awaitProcessed() throws InterruptedException {
        long target = received;
        while (processed < target && !closed) {
            wait();
        }
    }

    /** Lines that were not JSON (a bug of the writer, counted rather than thrown). */
    synchronized long malformedLines() {
        return malformedLines;
    }

    private void readLoop() {
        byte[] chunk = new byte[0];
        byte[] line = new byte[1 << 12];
        int lineLength = 0;
        while (true) {
            int n;
            synchronized (this) {
                while (pendingLength == 0 && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pendingLength == 0) {
                    return;
                }
                if (chunk.length < pendingLength) {
                    chunk = new byte[pending.length];
                }
                n = pendingLength;
                System.arraycopy(pending, 0, chunk, 0, n);
                pendingLength = 0;
            }
            if (copy != null) {
                try {
                    copy.write(chunk, 0, n);
                    copy.flush();
                } catch (IOException e) {
                    // the copy is a convenience; the demo goes on
                }
            }
            for (int i = 0; i < n; i++) {
                byte c = chunk[i];
                if (c != '\n') {
                    if (lineLength == line.length) {
                        line = java.util.Arrays.copyOf(line, line.length * 2);
                    }
                    line[lineLength++] = c;
                    continue;
                }
                handle(line, lineLength);
                lineLength = 0;
            }
            synchronized (this) {
                processed += n;
                notifyAll();
            }
        }
    }

    private void handle(byte[] line, int length) {
        JsonNode record;
        try {
            record = JSON.readTree(line, 0, length);
        } catch (RuntimeException e) {
            synchronized (this) {
                malformedLines++;
            }
            return;
        }
        try {
            consumer.accept(record);
        } catch (RuntimeException e) {
            // a display bug must not stop the feed
        }
    }

    /** Stops the reader once what was written so far is handed over. */
    @Override
    public void close() throws IOException {
        try {
            awaitProcessed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (copy != null) {
            copy.close();
        }
    }
}
