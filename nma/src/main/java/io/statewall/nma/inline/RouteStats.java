package io.statewall.nma.inline;

/** A route's counters at one moment (see {@code RouteState}); times in nanoseconds. */
public record RouteStats(String route, long connectionsAccepted, long connectionsRejected, long connectionsActive,
                         long requests, long allowed, long alerted, long blocked, long malformed, long anomalies,
                         long responses, long upstreamConnectFailures, long upstreamUnavailableAnswers,
                         long failOpenForwards, long failClosedDrops, long queueStalls, long bytesFromClients,
                         long bytesFromUpstream, long decisionP50Nanos, long decisionP99Nanos,
                         long requestPathP50Nanos, long requestPathP99Nanos, long requestPathP999Nanos) {

    static RouteStats of(RouteState r) {
        return new RouteStats(r.route().name(), r.connectionsAccepted, r.connectionsRejected, r.connectionsActive,
                r.requests, r.allowed, r.alerted, r.blocked, r.malformed, r.anomalies, r.responses,
                r.upstreamConnectFailures, r.upstreamUnavailableAnswers, r.failOpenForwards, r.failClosedDrops,
                r.queueStalls, r.bytesFromClients, r.bytesFromUpstream, r.decision.percentileNanos(0.5),
                r.decision.percentileNanos(0.99), r.requestPath.percentileNanos(0.5), r.requestPath.percentileNanos(0.99),
                r.requestPath.percentileNanos(0.999));
    }
}
