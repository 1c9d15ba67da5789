package io.statewall.asma.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Copies the write-ahead log back into the database file on a thread of its own. SQLite's
 * automatic checkpoint runs inside the committing writer and so adds every page's second write
 * to ingest latency; here the writer only appends to the WAL (its automatic checkpoint is off)
 * and this thread backfills beside it. PASSIVE checkpoints never wait for the writer or readers,
 * but under steady ingest they never catch up with the log's end either, so the log would only
 * grow: the writer itself restarts the log between two groups once it passes
 * {@link Writer#WAL_RESTART_BYTES} (a RESTART checkpoint, which has little left to copy).
 */
final class Checkpointer implements AutoCloseable {

    private final Connection c;
    private final long intervalMillis;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    Checkpointer(Connection c, long intervalMillis) {
        this.c = c;
        this.intervalMillis = intervalMillis;
        this.thread = Thread.ofPlatform().name("statewall-asma-checkpoint").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stop.await(intervalMillis, TimeUnit.MILLISECONDS)) {
                checkpoint("PASSIVE");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkpoint(String mode) {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(" + mode + ")");
        } catch (SQLException e) {
            // Busy or failing: the next round tries again; the WAL only grows meanwhile.
        }
    }

    /** Stops, after a last full checkpoint so that the database file is complete on its own. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint("TRUNCATE");
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
