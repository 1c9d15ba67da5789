package io.statewall.nma.inline;

import io.statewall.nma.metrics.RouteMetrics;
import java.nio.channels.ServerSocketChannel;

/** A route on the event loop: its listening socket and its metrics (the loop is their only writer). */
final class RouteState {
    private final InlineRoute route;
    final ServerSocketChannel listener;
    final RouteMetrics metrics;

    RouteState(InlineRoute route, ServerSocketChannel listener) {
        this.route = route;
        this.listener = listener;
        this.metrics = new RouteMetrics(route.name(), route.listen().toString(), route.upstream().toString());
    }

    InlineRoute route() {
        return route;
    }
}
