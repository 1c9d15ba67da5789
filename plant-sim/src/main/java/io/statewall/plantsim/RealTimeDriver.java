package io.statewall.plantsim;

import java.util.concurrent.locks.LockSupport;

/**
 * Steps the unit against the wall clock: one plant step every {@code step / timeScale} of wall
 * time, on its own thread. A late step is caught up at once, up to one wall second of backlog;
 * beyond that plant time falls behind rather than racing. Stops on {@link #close()} or on the
 * first failure of a step, which it keeps for {@link #failure()}.
 */
final class RealTimeDriver implements AutoCloseable {
    private final Runnable step;
    private final long periodNanos;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    RealTimeDriver(Runnable step, double stepSeconds, double timeScale) {
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("time scale must be positive: " + timeScale);
        }
        this.step = step;
        this.periodNanos = Math.max(1, Math.round(stepSeconds / timeScale * 1e9));
        this.thread = Thread.ofPlatform().daemon().name("plant-clock").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long next = System.nanoTime() + periodNanos;
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // may wake early: the deadline is checked again
                continue;
            }
            if (-wait > 1_000_000_000L) {
                next = System.nanoTime(); // too far behind: let plant time slip
            }
            try {
                step.run();
            } catch (Throwable t) {
                failure = t;
                running = false;
            }
            next += periodNanos;
        }
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
