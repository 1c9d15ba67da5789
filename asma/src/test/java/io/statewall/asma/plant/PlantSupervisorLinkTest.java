package io.statewall.asma.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.AsmaConfig;
import io.statewall.asma.Await;
import io.statewall.asma.TestAsma;
import io.statewall.asma.api.Json;
import io.statewall.asma.auth.Role;
import io.statewall.asma.export.ExportFilter;
import io.statewall.asma.store.EventFilter;
import io.statewall.asma.store.Events;
import io.statewall.asma.store.StoredEvent;
import io.statewall.link.LinkRecord;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The plant logic in a running ASMA with two NMAs on the real link (mutual TLS, loopback) and
 * the real SQLite store: the fused state is pushed to the NMA that cannot observe it, an NMA that
 * does not follow raises a disagreement alert once the grace time has passed (time driven through
 * the supervisor's tick), a spoofed trip report contradicted by the other network's load is caught
 * by a cross-check, recon on one NMA then a write on the other is one campaign, and an operator
 * declares and releases the plant state through the API while a viewer may not.
 */
class PlantSupervisorLinkTest {
    static final String PLANT = """
            statewall-plant: 1
            name: test unit
            states:
              trip:    { votes: 1 }
              normal:  { votes: 1 }
              stopped: { votes: 1 }
              maintenance: { votes: 2 }
            nmas:
              boiler:  { observes: true }
              turbine: { observes: false }
            disagreement_after: 10s
            variables:
              trip:    { nma: boiler,  point: trip,    max_age: 1h }
              load_mw: { nma: turbine, point: load_mw, max_age: 1h }
            cross_checks:
              - { id: trip-means-no-load, condition: "trip == 0 or load_mw < 1", for: 0s, attack: [T0856] }
            correlations:
              - id: recon-then-write
                first: { attack: [T0846] }
                then:  { attack: [T0855] }
                within: 10m
            """;

    @TempDir
    Path dir;

    @Test
    void fusesPushesWatchesCrossChecksAndCorrelates() throws Exception {
        Path plantFile = dir.resolve("unit.plant.yaml");
        Files.writeString(plantFile, PLANT);
        Path eve = dir.resolve("asma-eve.json");
        AsmaConfig config = AsmaConfig.DEFAULT.withPlant(plantFile).withExports(List.of(
                new AsmaConfig.EveFileSpec("archive", new ExportFilter(Set.of("alert", "state"), 3), 1000, eve)));
        try (TestAsma asma = new TestAsma(dir.resolve("asma"), config, true);
             PlantNmas boiler = new PlantNmas(asma, "boiler", dir.resolve("boiler"));
             PlantNmas turbine = new PlantNmas(asma, "turbine", dir.resolve("turbine"))) {
            PlantSupervisor plant = asma.asma.plant();
            assertThat(plant).isNotNull();

            // The turbine network cannot see the state; the boiler's observation decides it and
            // the turbine NMA is told to enforce it.
            turbine.enforced = "stopped";
            turbine.refuse = true;
            boiler.observed = "normal";
            boiler.enforced = "normal";
            Await.until(() -> plant.snapshot().decision().state().equals("normal"), "the plant fused to normal");
            Await.until(() -> turbine.declarations().contains("normal by asma:plant"), "normal pushed to the turbine NMA");
            Await.until(() -> boiler.declarations().contains("normal by asma:plant"), "normal pushed to the boiler NMA");
            Await.until(() -> !new io.statewall.asma.store.States(asma.asma.store()).plantHistory(null, null, 10).isEmpty(),
                    "the plant state recorded");
            io.statewall.asma.store.StateRecord recorded = new io.statewall.asma.store.States(asma.asma.store())
                    .plantHistory(null, null, 10).getFirst();
            assertThat(recorded.to() + " " + recorded.origin() + " " + recorded.detail()).isEqualTo("normal fused boiler=normal");

            // The turbine NMA refused and still enforces 'stopped': after the grace, one alert.
            Await.until(() -> "stopped".equals(view(plant, "turbine").enforced()), "the turbine's heartbeat seen");
            // Within disagreement_after (10 s) of the change the console reads it as following, not disagreeing.
            JsonNode following = Json.MAPPER.readTree(asma.get("/api/v1/plant", asma.adminToken).body());
            assertThat(following.get("nmas")).extracting(n -> n.get("nma").asString() + " " + n.get("agrees").asBoolean()
                    + " " + n.get("agreement").asString()).containsExactlyInAnyOrder("boiler true yes", "turbine false following");
            long now = PlantSupervisor.wallClockNanos();
            plant.tick(now).get();
            assertThat(selfAlerts(asma, "state-disagreement")).isEmpty();
            plant.tick(now + 11_000_000_000L).get();
            Await.until(() -> selfAlerts(asma, "state-disagreement").size() == 1, "a disagreement alert");
            assertThat(selfAlerts(asma, "state-disagreement").getFirst().json()).contains("\"rule\":\"turbine\"")
                    .contains("\"seen\":\"stopped\"");
            plant.tick(now + 30_000_000_000L).get();
            assertThat(selfAlerts(asma, "state-disagreement")).as("one alert per episode").hasSize(1);

            // The safety PLC's trip bit, spoofed on the boiler network, while the turbine still carries load.
            turbine.points = Map.of("load_mw", 180.0);
            boiler.points = Map.of("trip", 1.0);
            Await.until(() -> selfAlerts(asma, "cross-check").size() == 1, "a cross-check alert");
            String crossCheck = selfAlerts(asma, "cross-check").getFirst().json();
            assertThat(crossCheck).contains("trip-means-no-load").contains("\"nmas\":[\"boiler\",\"turbine\"]")
                    .contains("T0856");
            Await.until(() -> exported(eve).contains("trip-means-no-load"), "the cross-check alert exported");
            assertThat(exported(eve)).contains("\"event_type\":\"state\"").contains("\"to\":\"normal\"");

            // Reconnaissance on the boiler network, then a write on the turbine's: one campaign.
            long first = boiler.client.offer(LinkRecord.Kind.EVENT, boiler.client.nowNanos(),
                    PlantNmas.alert("10.0.0.9", "T0846", "scan"));
            assertThat(boiler.client.awaitAcked(first, java.time.Duration.ofSeconds(30))).isTrue();
            long then = turbine.client.offer(LinkRecord.Kind.EVENT, turbine.client.nowNanos(),
                    PlantNmas.alert("10.0.0.9", "T0855", "write"));
            assertThat(turbine.client.awaitAcked(then, java.time.Duration.ofSeconds(30))).isTrue();
            Await.until(() -> selfAlerts(asma, "correlation").size() == 1, "a campaign alert");
            JsonNode campaign = Json.MAPPER.readTree(selfAlerts(asma, "correlation").getFirst().json());
            assertThat(campaign.at("/statewall/rule").asString()).isEqualTo("recon-then-write");
            assertThat(campaign.at("/statewall/nmas").toString()).isEqualTo("[\"boiler\",\"turbine\"]");
            assertThat(campaign.at("/statewall/events").size()).isEqualTo(2);

            // An operator declares the plant state; a viewer may not.
            turbine.refuse = false;
            String viewer = asma.login(Role.VIEWER);
            assertThat(asma.postJson("/api/v1/plant/state", viewer, "{\"state\":\"maintenance\"}").statusCode())
                    .isEqualTo(403);
            String operator = asma.login(Role.OPERATOR);
            assertThat(asma.postJson("/api/v1/plant/state", operator, "{\"state\":\"nonsense\"}").statusCode())
                    .isEqualTo(400);
            HttpResponse<String> declared = asma.postJson("/api/v1/plant/state", operator, "{\"state\":\"maintenance\"}");
            assertThat(declared.statusCode()).as(declared.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(declared.body()).at("/nmas/turbine").asString()).startsWith("ok");
            assertThat(turbine.enforced).isEqualTo("maintenance");
            assertThat(boiler.enforced).isEqualTo("maintenance");
            JsonNode view = Json.MAPPER.readTree(asma.get("/api/v1/plant", viewer).body());
            assertThat(view.get("state").asString()).isEqualTo("maintenance");
            assertThat(view.get("origin").asString()).isEqualTo("declared");
            assertThat(view.get("by").asString()).isEqualTo("operator-user");
            assertThat(view.at("/votes/boiler").asString()).isEqualTo("normal");

            // Released: ReleaseState to all, then the votes' state (normal) pushed again.
            assertThat(asma.call("DELETE", "/api/v1/plant/state", viewer, null, null).statusCode()).isEqualTo(403);
            HttpResponse<String> released = asma.call("DELETE", "/api/v1/plant/state", operator, null, null);
            assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(released.body()).get("state").asString()).isEqualTo("normal");
            assertThat(turbine.enforced).isEqualTo("normal");
            assertThat(turbine.declaredBy).isEqualTo("asma:plant");
            List<io.statewall.link.Command> last = turbine.commands.subList(turbine.commands.size() - 2, turbine.commands.size());
            assertThat(last.get(0)).isInstanceOf(io.statewall.link.Command.ReleaseState.class);
            assertThat(last.get(1)).isInstanceOfSatisfying(io.statewall.link.Command.DeclareState.class,
                    d -> assertThat(d.state()).isEqualTo("normal"));
            JsonNode history = Json.MAPPER.readTree(asma.get("/api/v1/plant/states", viewer).body()).get("items");
            assertThat(history).extracting(n -> n.get("to").asString() + "/" + n.get("origin").asString())
                    .containsExactly("normal/released", "maintenance/declared", "normal/fused");
            String audit = asma.get("/api/v1/audit?limit=50", asma.adminToken).body();
            assertThat(audit).contains("plant.declare").contains("plant.release");
        }
    }

    private static PlantSupervisor.NmaView view(PlantSupervisor p, String nma) {
        PlantSupervisor.NmaView v = p.snapshot().nmas().get(nma);
        return v == null ? new PlantSupervisor.NmaView(nma, null, null, null, null, null, 0) : v;
    }

    private static List<StoredEvent> selfAlerts(TestAsma asma, String detector) {
        return new Events(asma.asma.store()).page(EventFilter.all(100).withTypes(List.of("alert"))).items().stream()
                .filter(e -> e.nma().equals(PlantSupervisor.SELF) && e.json().contains("\"detector\":\"" + detector + "\""))
                .toList();
    }

    private static String exported(Path eve) {
        try {
            return Files.exists(eve) ? Files.readString(eve) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
