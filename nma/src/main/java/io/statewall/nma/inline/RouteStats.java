package io.statewall.nma.inline;

import io.statewall.nma.metrics.RouteMetrics;

/** A route's counters at one moment (see {@link RouteMetrics}); latency percentiles in nanoseconds. */
public record RouteStats(String route, long connectionsAccepted, long connectionsRejected, long connectionsActive,
                         long requests, long allowed, long alerted, long blocked, long malformed, long anomalies,
                         long responses, long upstreamConnectFailures, long upstreamUnavailableAnswers,
                         long failOpenForwards, long failClosedDrops, long queueOverflows, long bytesFromClients,
                         long bytesFromUpstream, long decisionP50Nanos, long decisionP99Nanos,
                         long addedP50Nanos, long addedP99Nanos, long addedP999Nanos) {

    static RouteStats of(RouteMetrics m) {
        return new RouteStats(m.route(), m.connectionsAccepted(), m.connectionsRejected(), m.connectionsActive(),
                m.requests(), m.allowed(), m.alerted(), m.blocked(), m.malformed(), m.anomalies(), m.responses(),
                m.upstreamConnectFailures(), m.upstreamUnavailableAnswers(), m.failOpenForwards(), m.failClosedDrops(),
                m.queueOverflows(), m.bytesFromClients(), m.bytesFromUpstream(), m.decision().percentileNanos(0.5),
                m.decision().percentileNanos(0.99), m.added().percentileNanos(0.5), m.added().percentileNanos(0.99),
                m.added().percentileNanos(0.999));
    }
}
