package io.statewall.nma.metrics;

/**
 * The counters and gauges a route keeps (see {@link RouteMetrics}), each with the Prometheus
 * family it is exposed in. Constants of one family are adjacent and differ by their
 * {@code action} label; the order here is the order of the exposition.
 */
public enum RouteCounter {
    CONNECTIONS_ACCEPTED("connections_accepted_total", Kind.COUNTER, null, "Client connections accepted."),
    CONNECTIONS_ACTIVE("connections_active", Kind.GAUGE, null, "Client connections being carried now."),
    CONNECTIONS_REJECTED("connections_rejected_total", Kind.COUNTER, null,
            "Client connections refused by a connection limit."),
    REQUESTS("requests_total", Kind.COUNTER, null, "Complete requests received from clients."),
    ALLOWED("allowed_total", Kind.COUNTER, null, "Judged requests forwarded to the controller, alerted ones included."),
    ALERTED("alerted_total", Kind.COUNTER, null, "Judged requests forwarded with an alert."),
    BLOCKED("blocked_total", Kind.COUNTER, null, "Requests blocked: never forwarded."),
    BLOCKED_WITH_EXCEPTION("blocked_by_action_total", Kind.COUNTER, "exception",
            "Blocked requests by how the client was answered."),
    BLOCKED_WITH_DROP("blocked_by_action_total", Kind.COUNTER, "drop",
            "Blocked requests by how the client was answered."),
    BLOCKED_WITH_RESET("blocked_by_action_total", Kind.COUNTER, "reset",
            "Blocked requests by how the client was answered."),
    MALFORMED("malformed_total", Kind.COUNTER, null, "Client frames that were not valid Modbus, not forwarded."),
    ANOMALIES("anomalies_total", Kind.COUNTER, null, "Modbus anomalies seen in either direction."),
    RESPONSES("responses_total", Kind.COUNTER, null, "Controller answers carried to clients."),
    UPSTREAM_CONNECT_FAILURES("upstream_connect_failures_total", Kind.COUNTER, null,
            "Failed connection attempts to the controller."),
    UPSTREAM_UNAVAILABLE_ANSWERS("upstream_unavailable_answers_total", Kind.COUNTER, null,
            "Requests answered with exception 0x0B (gateway target device failed to respond)."),
    FAIL_OPEN_FORWARDS("fail_open_forwards_total", Kind.COUNTER, null, "Requests forwarded unjudged under fail-open."),
    FAIL_CLOSED_DROPS("fail_closed_drops_total", Kind.COUNTER, null, "Requests dropped unjudged under fail-closed."),
    QUEUE_OVERFLOWS("queue_overflows_total", Kind.COUNTER, null, "Times a connection's queue was full."),
    BYTES_FROM_CLIENTS("bytes_from_clients_total", Kind.COUNTER, null, "Bytes received from clients."),
    BYTES_FROM_UPSTREAM("bytes_from_upstream_total", Kind.COUNTER, null, "Bytes received from controllers.");

    /** The Prometheus metric types a route value can have. */
    public enum Kind {
        COUNTER, GAUGE
    }

    /** The prefix of every route family. */
    public static final String PREFIX = "statewall_inline_";

    private final String family;
    private final Kind kind;
    private final String action;
    private final String help;

    RouteCounter(String family, Kind kind, String action, String help) {
        this.family = PREFIX + family;
        this.kind = kind;
        this.action = action;
        this.help = help;
    }

    /** The Prometheus family name, {@code _total} included for counters. */
    public String family() {
        return family;
    }

    public Kind kind() {
        return kind;
    }

    /** The value of the {@code action} label, or null for a family without one. */
    public String action() {
        return action;
    }

    public String help() {
        return help;
    }
}
