package io.statewall.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/** A log sink for tests: keeps every line (and echoes it to stderr), and waits for one to appear. */
final class LogLines implements Consumer<String> {
    private final String prefix;
    private final List<String> lines = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();

    LogLines(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void accept(String line) {
        System.err.println(prefix + ": " + line);
        lock.lock();
        try {
            lines.add(line);
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<String> lines() {
        lock.lock();
        try {
            return List.copyOf(lines);
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a line containing {@code text}; returns it, or fails the test after the timeout. */
    String await(String text, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (String l : lines) {
                    if (l.contains(text)) {
                        return l;
                    }
                }
                if (nanos <= 0) {
                    throw new AssertionError("no log line containing '" + text + "' within " + timeout + "; lines: " + lines);
                }
                nanos = added.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    boolean any(String text) {
        return lines().stream().anyMatch(l -> l.contains(text));
    }

    static long seconds(Duration d) {
        return TimeUnit.NANOSECONDS.toSeconds(d.toNanos());
    }
}
