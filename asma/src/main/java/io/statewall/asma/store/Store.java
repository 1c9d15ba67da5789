package io.statewall.asma.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The ASMA's store: one SQLite file ({@code asma.db}, WAL) with a versioned schema, one writer
 * thread that groups waiting writes into one transaction and acknowledges each only once that
 * transaction has committed, and a small pool of reader connections for queries (WAL lets them
 * read while the writer writes).
 *
 * <p>Ingest: {@link #ingest} digests the records in the caller's thread (parsing is the costly
 * part, and the link has one thread per NMA), then queues them for the writer; the future
 * completes after commit. Records whose sequence number is not above the highest stored for that
 * NMA are skipped, so a batch resent after a lost acknowledgement is not stored twice.
 *
 * <p>Every other write (audit, tokens, policies, acknowledgements) goes through {@link #write},
 * on the same thread, so there is never a second writer to wait for.
 */
public final class Store implements AutoCloseable {
    /** A write run on the writer thread inside the group's transaction. */
    @FunctionalInterface
    public interface WriteTask<T> {
        T run(Connection c) throws SQLException;
    }

    /** A query run on a reader connection. */
    @FunctionalInterface
    public interface ReadTask<T> {
        T run(Connection c) throws SQLException;
    }

    /** The store's own counters, for /metrics. */
    public interface Observer {
        /** A group commit of {@code records} records took {@code nanos}. */
        void committed(int records, long nanos);
    }

    private final Path file;
    private final StoreOptions options;
    private final Writer writer;
    private final Thread writerThread;
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders = new ArrayList<>();
    private final List<Consumer<List<CommittedEvent>>> listeners = new CopyOnWriteArrayList<>();
    private final boolean created;
    private final Checkpointer checkpointer;
    private static final long RETENTION_FIRST_MILLIS = 60_000;
    private static final long RETENTION_EVERY_MILLIS = 3_600_000;
    private final java.util.concurrent.CountDownLatch retentionStop = new java.util.concurrent.CountDownLatch(1);
    private final Thread retention;
    private volatile boolean closed;

    private Store(Path file, StoreOptions options, Connection writeConnection, boolean created) throws SQLException {
        this.file = file;
        this.options = options;
        this.created = created;
        this.writer = new Writer(writeConnection, file.resolveSibling(file.getFileName() + "-wal"), options,
                this::publish);
        this.readers = new ArrayBlockingQueue<>(options.readers());
        for (int i = 0; i < options.readers(); i++) {
            Connection r = connect(file);
            try (Statement s = r.createStatement()) {
                s.execute("PRAGMA query_only = 1");
            }
            readers.add(r);
            allReaders.add(r);
        }
        writerThread = Thread.ofPlatform().name("statewall-asma-store").daemon(true).unstarted(writer);
        writerThread.start();
        checkpointer = new Checkpointer(connect(file), 250);
        checkpointer.start();
        retention = options.processHistory() == null ? null
                : Thread.ofPlatform().name("statewall-asma-retention").daemon(true).start(this::keepProcessHistory);
    }

    /** Every hour (the first time a minute after start), deletes process values older than the options keep. */
    private void keepProcessHistory() {
        long wait = RETENTION_FIRST_MILLIS;
        try {
            while (!retentionStop.await(wait, TimeUnit.MILLISECONDS)) {
                wait = RETENTION_EVERY_MILLIS;
                try {
                    pruneProcessHistory(System.currentTimeMillis() * 1_000 - options.processHistory().toNanos() / 1_000);
                } catch (RuntimeException e) {
                    // the store is closing or busy: the next round deletes what this one left
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes the process values recorded before {@code beforeMicros} (epoch µs); returns how many. */
    public long pruneProcessHistory(long beforeMicros) {
        return join(write(c -> ProcessValues.prune(c, beforeMicros)));
    }

    /** Opens (creating if need be) {@code asma.db} in {@code dataDir} and brings its schema up to date. */
    public static Store open(Path dataDir, StoreOptions options) {
        Objects.requireNonNull(options, "options");
        Path file = dataDir.resolve("asma.db");
        Connection w = null;
        try {
            Files.createDirectories(dataDir);
            boolean created = !Files.exists(file);
            w = connect(file);
            try (Statement s = w.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = " + (options.fullSync() ? "FULL" : "NORMAL"));
                s.execute("PRAGMA temp_store = MEMORY");
                s.execute("PRAGMA cache_size = -65536");
                // The Checkpointer backfills the database file on its own thread.
                s.execute("PRAGMA wal_autocheckpoint = 0");
            }
            Migrations.migrate(w);
            return new Store(file, options, w, created);
        } catch (SQLException | java.io.IOException | RuntimeException e) {
            if (w != null) {
                try {
                    w.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            throw new StoreException(file + ": cannot open the store (" + e.getMessage() + ")", e);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
        }
        return c;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** Whether this open created the database (the first start). */
    public boolean created() {
        return created;
    }

    public StoreOptions options() {
        return options;
    }

    /** Called on the writer thread after each commit with the events it stored; must not block. */
    public void addListener(Consumer<List<CommittedEvent>> listener) {
        listeners.add(listener);
    }

    public void observer(Observer observer) {
        writer.observer = observer;
    }

    private void publish(List<CommittedEvent> events) {
        for (Consumer<List<CommittedEvent>> l : listeners) {
            try {
                l.accept(events);
            } catch (RuntimeException e) {
                // A listener's failure is its own; the store goes on.
            }
        }
    }

    /**
     * An NMA connected: its row is made if new, its address and last-seen time noted; returns the
     * highest sequence number stored for it (0 if none), from which it resends.
     */
    public long connected(String nma, String remoteAddress) {
        return join(write(c -> writer.touch(nma, remoteAddress)));
    }

    /**
     * Stores a batch of one NMA's records, in order; the future completes once they are
     * committed. Blocks while the writer's queue is full (back-pressure on the link).
     */
    public CompletableFuture<IngestResult> ingest(String nma, List<IngestRecord> records) {
        Objects.requireNonNull(nma, "nma");
        Ingest batch = Ingest.digest(nma, records, options.compress());
        return submit(batch);
    }

    /** Runs {@code task} on the writer thread, in a transaction; completes after commit. */
    public <T> CompletableFuture<T> write(WriteTask<T> task) {
        return submit(new Writer.Task<>(task));
    }

    private <T> CompletableFuture<T> submit(Writer.Request<T> request) {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException("the store is closed"));
        }
        try {
            while (!writer.queue.offer(request, 100, TimeUnit.MILLISECONDS)) {
                if (closed || !writerThread.isAlive()) {
                    return CompletableFuture.failedFuture(new StoreException("the store is closed"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new StoreException("interrupted while queueing a write"));
        }
        return request.future();
    }

    /** Runs a query on a reader connection. */
    public <T> T read(ReadTask<T> task) {
        if (closed) {
            throw new StoreException("the store is closed");
        }
        Connection c;
        try {
            c = readers.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for a reader");
        }
        if (c == null) {
            throw new StoreException("every reader connection is busy");
        }
        try {
            return task.run(c);
        } catch (SQLException e) {
            throw new StoreException("query failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    /** Waits for a write; its failure is rethrown as a {@link StoreException} (or the task's own runtime exception). */
    public static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for a write");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException(cause.getMessage(), cause);
        }
    }

    /** Finishes the writes already queued, then closes every connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        retentionStop.countDown();
        if (retention != null) {
            try {
                retention.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writer.stop();
        try {
            writerThread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection r : allReaders) {
            try {
                r.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        checkpointer.close();
    }
}
