package io.statewall.engine.policy;

import java.util.Objects;

/**
 * One side of a match: a network, and for the server side possibly a TCP port.
 *
 * @param name    the asset name or the literal as written, for messages
 * @param network the addresses
 * @param port    the server port, or {@link #ANY_PORT}; always any on the client ({@code from})
 *                side, where ports are ephemeral
 */
public record Endpoint(String name, Network network, int port) {
    public static final int ANY_PORT = -1;

    public Endpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        if (port < ANY_PORT || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0..65535 or ANY_PORT: " + port);
        }
    }

    /** True when every (address, port) this endpoint stands for is also one of {@code this}. */
    public boolean contains(Endpoint other) {
        return network.contains(other.network) && (port == ANY_PORT || port == other.port);
    }

    public boolean intersects(Endpoint other) {
        return network.intersects(other.network) && (port == ANY_PORT || other.port == ANY_PORT || port == other.port);
    }

    public boolean matches(int version, long hi, long lo, int tcpPort) {
        return network.contains(version, hi, lo) && (port == ANY_PORT || port == tcpPort);
    }

    @Override
    public String toString() {
        return name;
    }
}
