package io.statewall.nma.inline;

import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.JsonOut;
import java.util.List;

/**
 * The NMA's periodic EVE {@code stats} record: the operating state, the policy generation and
 * every route's counters (the same figures Prometheus scrapes), cumulative since start.
 */
final class InlineStatsRecord {
    private InlineStatsRecord() {}

    static void write(EveWriter eve, long epochNanos, double uptimeSeconds, String state, long policyGeneration,
                      List<RouteStats> routes) {
        if (eve == null || !eve.wants(EventType.STATS)) {
            return;
        }
        JsonOut j = eve.begin(EventType.STATS, epochNanos, 0L);
        j.name(JsonOut.key("stats")).beginObject();
        j.name(JsonOut.key("uptime_s")).value(uptimeSeconds);
        j.name(JsonOut.key("statewall")).beginObject();
        j.name(JsonOut.key("state")).value(state);
        j.name(JsonOut.key("policy_generation")).value(policyGeneration);
        j.endObject();
        j.name(JsonOut.key("inline")).beginArray();
        for (RouteStats r : routes) {
            j.beginObject();
            j.name(JsonOut.key("route")).value(r.route());
            field(j, "connections_accepted", r.connectionsAccepted());
            field(j, "connections_rejected", r.connectionsRejected());
            field(j, "connections_active", r.connectionsActive());
            field(j, "requests", r.requests());
            field(j, "allowed", r.allowed());
            field(j, "alerted", r.alerted());
            field(j, "blocked", r.blocked());
            field(j, "malformed", r.malformed());
            field(j, "anomalies", r.anomalies());
            field(j, "responses", r.responses());
            field(j, "upstream_connect_failures", r.upstreamConnectFailures());
            field(j, "upstream_unavailable_answers", r.upstreamUnavailableAnswers());
            field(j, "fail_open_forwards", r.failOpenForwards());
            field(j, "fail_closed_drops", r.failClosedDrops());
            field(j, "queue_overflows", r.queueOverflows());
            field(j, "bytes_from_clients", r.bytesFromClients());
            field(j, "bytes_from_upstream", r.bytesFromUpstream());
            j.endObject();
        }
        j.endArray();
        j.endObject();
        eve.end();
    }

    private static void field(JsonOut j, String name, long value) {
        j.name(JsonOut.key(name)).value(value);
    }
}
