package io.statewall.nma.inline;

import io.statewall.nma.metrics.LatencyHistogram;
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
    /** Parse and judge time of each request. */
    final LatencyHistogram decision = new LatencyHistogram();
    /**
     * What the NMA adds on the request path: from the loop noticing the client's bytes to their
     * forward written to the controller, per read that forwarded something.
     */
    final LatencyHistogram requestPath = new LatencyHistogram();
    /** The same on the answer path: controller bytes noticed to the client's copy written. */
    final LatencyHistogram responsePath = new LatencyHistogram();

    RouteState(InlineRoute route, ServerSocketChannel listener) {
        this.route = route;
        this.listener = listener;
    }

    InlineRoute route() {
        return route;
    }
}
