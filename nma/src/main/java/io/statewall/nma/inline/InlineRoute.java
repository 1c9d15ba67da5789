package io.statewall.nma.inline;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One inline path: clients connect to {@code listen}; each connection is carried to the
 * controller at {@code upstream} over a connection of its own. {@code name} labels the route's
 * counters and events.
 */
public record InlineRoute(String name, InetSocketAddress listen, InetSocketAddress upstream) {
    public InlineRoute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(upstream, "upstream");
    }
}
