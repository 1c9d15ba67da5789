package io.statewall.nma.inline;

import java.nio.channels.ServerSocketChannel;

/**
 * A route on the event loop: its listening socket and its counters. The loop thread is the only
 * writer; readers on other threads (metrics, stats) may see values a moment old (plain
 * 64-bit fields: never torn on a 64-bit JVM).
 */
final class RouteState {
    private final InlineRoute route;
    final ServerSocketChannel listener;

    long connectionsAccepted;
    long connectionsRejected;
    long connectionsActive;
    long requests;
    long allowed;
    long alerted;
    long blocked;
    long malformed;
    long anomalies;
    long responses;
    long upstreamConnectFailures;
    long upstreamUnavailableAnswers;
    long failOpenForwards;
    long failClosedDrops;
    long queueStalls;
    long bytesFromClients;
    long bytesFromUpstream;
    /** Parse and judge time of the requests, summed. */
    long decisionNanos;

    RouteState(InlineRoute route, ServerSocketChannel listener) {
        this.route = route;
        this.listener = listener;
    }

    InlineRoute route() {
        return route;
    }
}
