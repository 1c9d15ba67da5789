package io.statewall.asma.api;

import io.statewall.asma.auth.Role;
import io.statewall.asma.store.AuditLog;
import io.statewall.asma.store.EventFilter;
import io.statewall.asma.store.EventPage;
import io.statewall.asma.store.Events;
import io.statewall.asma.store.StoredEvent;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events and alerts, filtered and paged by cursor (newest first: {@code next_before} of one page
 * is the {@code before} of the next, which stays right while new events arrive); an alert with
 * the events of its flow around it; acknowledging an alert.
 */
final class EventEndpoints {
    private static final Set<String> FILTERS = Set.of("since", "until", "nma", "type", "severity", "state", "rule",
            "detector", "technique", "src_ip", "dest_ip", "ip", "action", "acknowledged", "before", "limit");
    private static final int NEIGHBOURS = 10;

    private final ApiContext ctx;
    private final java.util.function.Consumer<ObjectNode> acknowledged;

    /** {@code acknowledged} hears of each acknowledgement once committed: {@code {"id", "ack":{by, at, comment}}}. */
    EventEndpoints(ApiContext ctx, java.util.function.Consumer<ObjectNode> acknowledged) {
        this.ctx = ctx;
        this.acknowledged = acknowledged;
    }

    void register(Router router) {
        router.add(new Route("GET", "/api/v1/events", Role.VIEWER, r -> page(r, false)));
        router.add(new Route("GET", "/api/v1/events/{id}", Role.VIEWER, this::event));
        router.add(new Route("GET", "/api/v1/alerts", Role.VIEWER, r -> page(r, true)));
        router.add(new Route("GET", "/api/v1/alerts/{id}", Role.VIEWER, this::alert));
        router.add(new Route("POST", "/api/v1/alerts/{id}/ack", Role.OPERATOR, this::ack));
    }

    private ApiResponse page(ApiRequest r, boolean alerts) {
        Params.only(r, alerts ? without(FILTERS, "type") : FILTERS);
        EventFilter f = new EventFilter(Params.time(r, "since"), Params.time(r, "until"), Params.list(r, "nma"),
                alerts ? List.of("alert") : Params.list(r, "type"), Params.ints(r, "severity"), Params.list(r, "state"),
                Params.list(r, "rule"), Params.list(r, "detector"), Params.list(r, "technique"),
                Params.list(r, "src_ip"), Params.list(r, "dest_ip"), r.param("ip"), Params.list(r, "action"),
                Params.bool(r, "acknowledged"), Params.id(r, "before"),
                Params.integer(r, "limit", 100, 1, EventFilter.MAX_LIMIT));
        EventPage page = ctx.events().page(f);
        ArrayNode items = Json.array();
        for (StoredEvent e : page.items()) {
            items.add(Views.event(e));
        }
        ObjectNode o = Json.object();
        o.set("items", items);
        if (page.next() == null) {
            o.putNull("next_before");
        } else {
            o.put("next_before", page.next());
        }
        return ApiResponse.ok(o);
    }

    private static Set<String> without(Set<String> s, String name) {
        java.util.HashSet<String> out = new java.util.HashSet<>(s);
        out.remove(name);
        return out;
    }

    private StoredEvent find(ApiRequest r, boolean alert) {
        long id = r.pathId("id");
        StoredEvent e = ctx.events().get(id).orElseThrow(() -> ApiException.notFound("no event " + id));
        if (alert && !"alert".equals(e.eventType())) {
            throw ApiException.notFound("event " + id + " is not an alert but a '" + e.eventType() + "' event");
        }
        return e;
    }

    private ApiResponse event(ApiRequest r) {
        Params.only(r, Set.of());
        return ApiResponse.ok(Views.event(find(r, false)));
    }

    private ApiResponse alert(ApiRequest r) {
        Params.only(r, Set.of());
        StoredEvent e = find(r, true);
        ObjectNode o = Views.event(e);
        ArrayNode around = o.putArray("flow_events");
        for (StoredEvent n : ctx.events().neighbours(e, NEIGHBOURS)) {
            around.add(Views.event(n));
        }
        return ApiResponse.ok(o);
    }

    private ApiResponse ack(ApiRequest r) {
        Params.only(r, Set.of());
        long id = r.pathId("id");
        String comment = null;
        if (r.body().length > 0) {
            JsonNode body = r.json();
            comment = Params.optionalField(body, "comment", 2000);
        }
        String note = comment;
        String by = r.actor();
        Events.AckOutcome outcome = ctx.auditedWrite(c -> {
            Events.AckOutcome out = Events.acknowledge(c, id, by, note);
            AuditLog.append(c, by, "alert.ack", "alert " + id,
                    out == Events.AckOutcome.ACKNOWLEDGED ? "ok" : "refused", out.name().toLowerCase(java.util.Locale.ROOT)
                            + (note == null ? "" : ": " + note), r.remote());
            return out;
        });
        return switch (outcome) {
            case ACKNOWLEDGED -> {
                ObjectNode e = Views.event(find(r, true));
                ObjectNode told = Json.object();
                told.put("id", id);
                told.set("ack", e.get("ack"));
                acknowledged.accept(told);
                yield ApiResponse.ok(e);
            }
            case ALREADY -> throw ApiException.conflict("alert " + id + " is already acknowledged");
            case NOT_AN_ALERT -> throw ApiException.notFound("event " + id + " is not an alert");
            case NOT_FOUND -> throw ApiException.notFound("no alert " + id);
        };
    }
}
