package io.statewall.asma.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows password guessing: after {@link #MAX_FAILURES} failed logins for one user name, or from
 * one address, within {@link #WINDOW_MILLIS}, further attempts are refused (429) until the
 * oldest failure leaves the window. A success for the name clears its failures.
 */
public final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final long WINDOW_MILLIS = 5 * 60_000L;
    private static final int MAX_KEYS = 10_000;

    private final Map<String, Deque<Long>> failures = new HashMap<>();

    /** Whether an attempt for {@code user} from {@code remote} may go ahead now. */
    public synchronized boolean allowed(String user, String remote, long nowMillis) {
        return count("u:" + user, nowMillis) < MAX_FAILURES && count("a:" + remote, nowMillis) < MAX_FAILURES;
    }

    public synchronized void failed(String user, String remote, long nowMillis) {
        if (failures.size() > MAX_KEYS) {
            failures.clear();
        }
        failures.computeIfAbsent("u:" + user, k -> new ArrayDeque<>()).addLast(nowMillis);
        failures.computeIfAbsent("a:" + remote, k -> new ArrayDeque<>()).addLast(nowMillis);
    }

    public synchronized void succeeded(String user) {
        failures.remove("u:" + user);
    }

    private int count(String key, long now) {
        Deque<Long> d = failures.get(key);
        if (d == null) {
            return 0;
        }
        while (!d.isEmpty() && d.peekFirst() < now - WINDOW_MILLIS) {
            d.pollFirst();
        }
        return d.size();
    }
}
