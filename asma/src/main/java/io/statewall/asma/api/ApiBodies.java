package io.statewall.asma.api;

import io.statewall.asma.plant.PlantModel;
import io.statewall.asma.plant.PlantSupervisor;
import io.statewall.asma.plant.StateFusion;
import io.statewall.asma.store.Events;
import io.statewall.asma.store.NmaRecord;
import io.statewall.asma.store.ProcessValue;
import io.statewall.asma.store.StateRecord;
import io.statewall.asma.store.StoredEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bodies the REST API answers and the live feed sends alike ({@code plant}, {@code nmas},
 * {@code summary}, the latest process values, new alerts and plant states), built in one place so
 * that an event of the feed is exactly the body of the matching GET.
 */
public final class ApiBodies {
    /** A process variable: the plant model's name for an NMA's point. */
    public record Variable(String name, String nma, String point) {
    }

    private static final long HOUR_MICROS = 3_600_000_000L;

    private final ApiContext ctx;
    private final PlantSupervisor plant;

    public ApiBodies(ApiContext ctx, PlantSupervisor plant) {
        this.ctx = ctx;
        this.plant = plant;
    }

    /** Whether a plant file is configured (without one, {@link #plant()} is a 409). */
    public boolean hasPlant() {
        return plant != null;
    }

    /** {@code GET /api/v1/plant}. */
    public ObjectNode plant() {
        if (plant == null) {
            throw ApiException.conflict("no plant file is configured (plant: in the ASMA's configuration):"
                    + " the ASMA does not fuse a plant-wide state");
        }
        PlantSupervisor.Snapshot s = plant.snapshot();
        PlantModel model = plant.model();
        StateFusion.Decision d = s.decision();
        ObjectNode o = Json.object();
        o.put("state", d.state());
        o.put("origin", d.origin().name().toLowerCase(Locale.ROOT));
        o.put("by", d.by());
        Json.time(o, "since", d.timeNanos() / 1_000);
        ObjectNode votes = o.putObject("votes");
        d.votes().forEach(votes::put);
        ArrayNode nmas = o.putArray("nmas");
        // A push takes a moment: within the plant model's disagreement_after of a plant-state
        // change an NMA still enforcing the old state is following, not disagreeing (the ASMA
        // raises its alert only after that time, too).
        boolean settling = plant.nowNanos() - d.timeNanos() < model.disagreementAfter().toNanos();
        s.nmas().values().forEach(v -> {
            ObjectNode n = nmas.addObject();
            n.put("nma", v.nma());
            n.put("connected", s.connected().contains(v.nma()));
            n.put("enforced", v.enforced());
            n.put("observed", v.observed());
            n.put("declared_by", v.declaredBy());
            n.put("observes", model.nmas().containsKey(v.nma()) && model.nmas().get(v.nma()).observes());
            boolean agrees = d.state().equals(v.enforced());
            n.put("agrees", agrees);
            n.put("agreement", agrees ? "yes" : settling ? "following" : "no");
            n.put("policy_version", v.policyVersion());
            Json.time(n, "heartbeat_at", v.atNanos() / 1_000);
        });
        ArrayNode states = o.putArray("states");
        for (PlantModel.PlantState st : model.states()) {
            states.addObject().put("name", st.name()).put("votes", st.votes());
        }
        ArrayNode variables = o.putArray("variables");
        for (Variable v : variables()) {
            variables.addObject().put("name", v.name()).put("nma", v.nma()).put("point", v.point());
        }
        return o;
    }

    /**
     * The process variables: the plant model's, by name; without a plant file every point an NMA
     * reported, named {@code nma/point}.
     */
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        if (plant != null) {
            plant.model().variables().values().forEach(v -> out.add(new Variable(v.name(), v.nma(), v.point())));
        } else {
            ctx.process().latestAll().forEach((nma, values) -> values.forEach(
                    v -> out.add(new Variable(nma + "/" + v.point(), nma, v.point()))));
        }
        out.sort(Comparator.comparing(Variable::name));
        return out;
    }

    /** {@code GET /api/v1/nmas}. */
    public ObjectNode nmas() {
        Set<String> connected = ctx.control().connected();
        long now = System.currentTimeMillis() * 1_000;
        ArrayNode items = Json.array();
        for (NmaRecord n : ctx.nmas().list()) {
            if (n.name().equals(PlantSupervisor.SELF)) {
                continue; // where the ASMA files its own alerts: no appliance, never connected
            }
            items.add(Views.nma(n, connected.contains(n.name()), ctx.staleAfter(), now));
        }
        ObjectNode o = Json.object();
        o.set("items", items);
        return o;
    }

    /** {@code GET /api/v1/summary}: the NMAs' last counters summed, alert counts, NMA health. */
    public ObjectNode summary() {
        return summary(nmas(), alertCounts());
    }

    /** The alert counts of the summary (the costly part: a pass over the alerts). */
    public Events.AlertCounts alertCounts() {
        return ctx.events().alertCounts(System.currentTimeMillis() * 1_000 - HOUR_MICROS);
    }

    /** The summary from a body of {@link #nmas()} and {@link #alertCounts()}. */
    public ObjectNode summary(ObjectNode nmasBody, Events.AlertCounts a) {
        ObjectNode o = Json.object();
        ObjectNode messages = o.putObject("messages");
        long[] sums = new long[4];
        String[] names = {"requests", "allowed", "alerted", "blocked"};
        long ok = 0;
        long stale = 0;
        long offline = 0;
        long total = 0;
        for (JsonNode n : nmasBody.get("items")) {
            total++;
            for (int i = 0; i < names.length; i++) {
                JsonNode c = n.path("counters").get(names[i]);
                if (c != null && c.isIntegralNumber() && c.canConvertToLong()) {
                    sums[i] += c.asLong();
                }
            }
            switch (n.get("health").asString()) {
                case "ok" -> ok++;
                case "stale" -> stale++;
                default -> offline++;
            }
        }
        for (int i = 0; i < names.length; i++) {
            messages.put(names[i], sums[i]);
        }
        ObjectNode alerts = o.putObject("alerts");
        alerts.put("total", a.total());
        alerts.put("unacknowledged", a.unacknowledged());
        alerts.put("last_hour", a.recent());
        ObjectNode by = alerts.putObject("by_severity");
        for (int s = 1; s <= 4; s++) {
            by.put(Integer.toString(s), a.bySeverity()[s]);
        }
        ObjectNode nmas = o.putObject("nmas");
        nmas.put("total", total);
        nmas.put("ok", ok);
        nmas.put("stale", stale);
        nmas.put("offline", offline);
        return o;
    }

    /** The latest value of each process variable: {@code {"items":[{variable, nma, point, time, value}]}}. */
    public ObjectNode processLatest() {
        Map<String, List<ProcessValue>> latest = ctx.process().latestAll();
        ArrayNode items = Json.array();
        for (Variable v : variables()) {
            for (ProcessValue p : latest.getOrDefault(v.nma(), List.of())) {
                if (p.point().equals(v.point())) {
                    ObjectNode i = items.addObject();
                    i.put("variable", v.name());
                    i.put("nma", v.nma());
                    i.put("point", v.point());
                    Json.time(i, "time", p.tsMicros());
                    if (p.value() != null) {
                        i.put("value", p.value());
                    } else {
                        i.put("value", p.text());
                    }
                }
            }
        }
        ObjectNode o = Json.object();
        o.set("items", items);
        return o;
    }

    /** New alerts after {@code afterId} as items of {@code GET /api/v1/alerts}, oldest first. */
    public record NewAlerts(List<ObjectNode> items, long skipped, long lastId) {
    }

    public NewAlerts alertsAfter(long afterId, int max) {
        Events.NewAlerts n = ctx.events().alertsAfter(afterId, max);
        List<ObjectNode> items = new ArrayList<>();
        long last = afterId;
        for (StoredEvent e : n.items()) {
            items.add(Views.event(e));
            last = Math.max(last, e.id());
        }
        return new NewAlerts(items, n.total() - n.items().size(), last);
    }

    /** The highest event id stored. */
    public long lastEventId() {
        return ctx.events().maxId();
    }

    /** Plant states recorded after {@code afterId}, as items of {@code GET /api/v1/plant/states}, oldest first. */
    public List<ObjectNode> plantStatesAfter(long afterId, int max) {
        List<ObjectNode> out = new ArrayList<>();
        for (StateRecord s : ctx.states().plantAfter(afterId, max)) {
            out.add(Views.state(s));
        }
        return out;
    }

    /** The id of the last plant state recorded. */
    public long lastPlantStateId() {
        return ctx.states().lastPlantId();
    }
}
