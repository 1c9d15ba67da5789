package io.statewall.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A {@link LinkSink} in memory, as the contract says: per NMA, records in order, those at or
 * below the highest stored seq ignored. Counts calls; lets tests wait for what arrived.
 */
final class MemorySink implements LinkSink {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, List<LinkRecord>> stored = new HashMap<>();
    private final Map<String, Integer> connections = new HashMap<>();
    final AtomicInteger connectedCalls = new AtomicInteger();
    final AtomicInteger storeCalls = new AtomicInteger();
    final AtomicInteger disconnectedCalls = new AtomicInteger();
    final List<String> remotes = new ArrayList<>();

    @Override
    public long connected(String nmaId, String remoteAddress) {
        lock.lock();
        try {
            connectedCalls.incrementAndGet();
            connections.merge(nmaId, 1, Integer::sum);
            remotes.add(nmaId + "@" + remoteAddress);
            changed.signalAll();
            return highest(nmaId);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void store(String nmaId, List<LinkRecord> batch) {
        lock.lock();
        try {
            storeCalls.incrementAndGet();
            List<LinkRecord> list = stored.computeIfAbsent(nmaId, k -> new ArrayList<>());
            for (LinkRecord r : batch) {
                if (r.seq() > highest(nmaId)) {
                    list.add(r);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void disconnected(String nmaId) {
        lock.lock();
        try {
            disconnectedCalls.incrementAndGet();
            connections.merge(nmaId, -1, Integer::sum);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long highest(String nmaId) {
        List<LinkRecord> l = stored.get(nmaId);
        return l == null || l.isEmpty() ? 0 : l.getLast().seq();
    }

    List<LinkRecord> records(String nmaId) {
        lock.lock();
        try {
            return List.copyOf(stored.getOrDefault(nmaId, List.of()));
        } finally {
            lock.unlock();
        }
    }

    boolean isConnected(String nmaId) {
        lock.lock();
        try {
            return connections.getOrDefault(nmaId, 0) > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the records of {@code nmaId} satisfy {@code condition}; fails the test after the timeout. */
    List<LinkRecord> await(String nmaId, Predicate<List<LinkRecord>> condition, Duration timeout, String what)
            throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                List<LinkRecord> l = List.copyOf(stored.getOrDefault(nmaId, List.of()));
                if (condition.test(l)) {
                    return l;
                }
                if (nanos <= 0) {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + what + " (have "
                            + l.size() + " records)");
                }
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code nmaId} is connected ({@code true}) or not. */
    void awaitConnected(String nmaId, boolean connected, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (isConnected(nmaId) != connected) {
                if (nanos <= 0) {
                    throw new AssertionError("'" + nmaId + "' not " + (connected ? "connected" : "disconnected")
                            + " within " + timeout);
                }
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
