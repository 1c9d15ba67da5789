package io.statewall.nma.inline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Ports and waiting on the loopback interface: every wait polls a condition under a deadline. */
final class Loopback {
    /** The longest any condition is waited for before the test fails. */
    static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final long POLL_NANOS = 2_000_000L;

    private Loopback() {}

    /**
     * A port nothing listens on now: bound as port 0 (the kernel picks a free one), then
     * released, for peers that must be told their port before they bind (j2mod, pymodbus) or a
     * controller that is started late on a port the proxy already points at.
     */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static InetSocketAddress at(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Polls until {@code condition} holds; fails the test after {@link #DEADLINE}. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + DEADLINE.toSeconds() + " s for: " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Polls a TCP connect to {@code port} until one succeeds (the peer is listening). */
    static void awaitListening(String peer, int port) {
        await(peer + " listening on port " + port, () -> {
            try (Socket s = new Socket()) {
                s.connect(at(port), 1_000);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }
}
