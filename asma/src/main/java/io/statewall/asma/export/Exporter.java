package io.statewall.asma.export;

import io.statewall.asma.store.CommittedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An export: a bounded queue that ingestion {@link #offer}s to without ever waiting (a full queue
 * drops the event and counts it), and a thread of its own that sends what is queued in batches.
 * A batch that fails is sent again after a back-off that doubles from {@code initialBackoff} up
 * to {@code maxBackoff}; after {@code maxAttempts} failures it is dropped and counted, so that one
 * dead receiver cannot hold the queue for ever.
 */
public abstract class Exporter implements AutoCloseable {
    private final String name;
    private final ExportFilter filter;
    private final BlockingQueue<CommittedEvent> queue;
    private final int batchSize;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final int maxAttempts;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final CountDownLatch stop = new CountDownLatch(1);
    private Thread thread;
    private volatile String lastError;

    protected Exporter(String name, ExportFilter filter, int capacity, int batchSize, long initialBackoffMillis,
                       long maxBackoffMillis, int maxAttempts) {
        this.name = name;
        this.filter = filter;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.initialBackoffMillis = initialBackoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        this.maxAttempts = maxAttempts;
    }

    public final String name() {
        return name;
    }

    /** Queues {@code e} if the filter wants it; never blocks. */
    public final void offer(CommittedEvent e) {
        if (filter.accepts(e) && !queue.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    public final int depth() {
        return queue.size();
    }

    public final long dropped() {
        return dropped.get();
    }

    public final long sent() {
        return sent.get();
    }

    /** Batches that failed to send (each attempt). */
    public final long failures() {
        return failures.get();
    }

    /** The last sending error, or null. */
    public final String lastError() {
        return lastError;
    }

    public final synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().name("statewall-export-" + name).daemon(true).start(this::run);
        }
    }

    /** Sends one batch; throws when it was not delivered. */
    protected abstract void send(List<CommittedEvent> batch) throws Exception;

    /** Releases connections and files; called on the export's thread when it ends. */
    protected void release() {
    }

    private void run() {
        List<CommittedEvent> batch = new ArrayList<>(batchSize);
        try {
            while (stop.getCount() > 0 || !queue.isEmpty()) {
                CommittedEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                deliver(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            release();
        }
    }

    private void deliver(List<CommittedEvent> batch) throws InterruptedException {
        long backoff = initialBackoffMillis;
        for (int attempt = 1; ; attempt++) {
            try {
                send(batch);
                sent.addAndGet(batch.size());
                lastError = null;
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failures.incrementAndGet();
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                if (attempt >= maxAttempts) {
                    dropped.addAndGet(batch.size());
                    return;
                }
                // Once stopping, a failed batch is not retried: shutting down must not wait on a dead receiver.
                if (stop.await(backoff, TimeUnit.MILLISECONDS)) {
                    dropped.addAndGet(batch.size());
                    return;
                }
                backoff = Math.min(maxBackoffMillis, backoff * 2);
            }
        }
    }

    /** Sends what is queued (one attempt per batch once stopping), then ends. */
    @Override
    public void close() {
        stop.countDown();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The EVE line with the NMA named in Suricata's {@code host} field (the sensor), unless it has one. */
    static String withHost(CommittedEvent e) {
        String json = e.json();
        if (json.startsWith("{\"host\":") || json.contains(",\"host\":") || e.nma() == null || json.length() < 2) {
            return json;
        }
        StringBuilder b = new StringBuilder(json.length() + e.nma().length() + 12);
        b.append("{\"host\":\"");
        for (int i = 0; i < e.nma().length(); i++) {
            char c = e.nma().charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
        if (json.length() > 2) {
            b.append(',');
        }
        return b.append(json, 1, json.length()).toString();
    }
}
