package io.statewall.nma.inline;

import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.eve.JsonOut;
import io.statewall.protocols.modbus.ModbusAnomaly;
import java.util.Locale;

/**
 * EVE {@code anomaly} records of the inline path: Modbus anomalies as the passive sensor writes
 * them ({@code type: applayer}), and the proxy's own conditions ({@code type: inline}:
 * malformed requests dropped, controller unreachable, connection limits, engine failures).
 * Every condition is also a counter of its route. Written on the loop thread; null EVE: counters only.
 */
final class InlineEvents {
    private static final byte[] K_ANOMALY = JsonOut.key("anomaly");
    private static final byte[] K_TYPE = JsonOut.key("type");
    private static final byte[] K_EVENT = JsonOut.key("event");
    private static final byte[] K_APP_PROTO = JsonOut.key("app_proto");
    private static final byte[] K_REASON = JsonOut.key("reason");
    private static final byte[] K_ROUTE = JsonOut.key("route");
    private static final byte[] K_DIRECTION = JsonOut.key("direction");
    private static final byte[] K_TRANSACTION_ID = JsonOut.key("transaction_id");
    private static final byte[] K_ACTION = JsonOut.key("action");
    private static final byte[] K_DETAIL = JsonOut.key("detail");

    private final EveWriter eve;

    InlineEvents(EveWriter eve) {
        this.eve = eve;
    }

    private JsonOut begin(long epochNanos, FlowContext flow, String type, String event, String reason, RouteState route) {
        JsonOut j = flow == null ? eve.begin(EventType.ANOMALY, epochNanos, 0L) : eve.begin(EventType.ANOMALY, epochNanos, flow);
        j.name(K_ANOMALY).beginObject();
        j.name(K_APP_PROTO).value("modbus");
        j.name(K_TYPE).value(type);
        j.name(K_EVENT).value(event);
        j.name(K_REASON).value(reason);
        j.name(K_ROUTE).value(route.route().name());
        return j;
    }

    private boolean wanted() {
        return eve != null && eve.wants(EventType.ANOMALY);
    }

    void modbusAnomaly(RouteState route, FlowContext flow, long epochNanos, ModbusAnomaly anomaly, boolean toServer,
                       int transactionId, long detail) {
        if (!wanted()) {
            return;
        }
        JsonOut j = begin(epochNanos, flow, "applayer", anomaly.eventName().toUpperCase(Locale.ROOT), anomaly.reason(), route);
        j.name(K_DIRECTION).value(toServer ? "to_server" : "to_client");
        if (transactionId >= 0) {
            j.name(K_TRANSACTION_ID).value(transactionId);
        }
        j.endObject();
        eve.end();
    }

    void malformed(RouteState route, FlowContext flow, long epochNanos, int transactionId, int flags) {
        inline(route, flow, epochNanos, "MALFORMED_REQUEST_DROPPED",
                "a request that is not valid Modbus was not forwarded", transactionId, "flags " + flags);
    }

    void engineFailure(RouteState route, FlowContext flow, long epochNanos, int transactionId, RuntimeException e,
                       boolean forwarded) {
        inline(route, flow, epochNanos, forwarded ? "FAIL_OPEN_FORWARD" : "FAIL_CLOSED_DROP",
                "the engine could not judge the request; the state's fail mode decided", transactionId, String.valueOf(e));
    }

    void upstreamUnreachable(RouteState route, FlowContext flow, long epochNanos, String why) {
        inline(route, flow, epochNanos, "UPSTREAM_UNREACHABLE",
                "the controller cannot be reached: requests are answered with exception 0x0B and the connection retried",
                -1, why);
    }

    void connectionRejected(RouteState route, long epochNanos, String why) {
        inline(route, null, epochNanos, "CONNECTION_LIMIT", "a client connection was refused by a connection limit", -1, why);
    }

    private void inline(RouteState route, FlowContext flow, long epochNanos, String event, String reason,
                        int transactionId, String detail) {
        if (!wanted()) {
            return;
        }
        JsonOut j = begin(epochNanos, flow, "inline", event, reason, route);
        if (transactionId >= 0) {
            j.name(K_TRANSACTION_ID).value(transactionId);
        }
        j.name(K_ACTION).value(flow == null ? "refused" : "handled");
        if (detail != null) {
            j.name(K_DETAIL).value(detail);
        }
        j.endObject();
        eve.end();
    }
}
