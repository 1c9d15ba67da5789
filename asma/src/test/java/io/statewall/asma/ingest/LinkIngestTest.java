package io.statewall.asma.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.Await;
import io.statewall.asma.AsmaConfig;
import io.statewall.asma.EveLines;
import io.statewall.asma.TestAsma;
import io.statewall.asma.api.Json;
import io.statewall.asma.auth.Role;
import io.statewall.asma.store.EventFilter;
import io.statewall.asma.store.Events;
import io.statewall.asma.store.StoredEvent;
import io.statewall.link.Command;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkClient;
import io.statewall.link.LinkClientConfig;
import io.statewall.link.LinkRecord;
import io.statewall.link.NmaStatus;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An NMA's link client (enrolled with a token, mutual TLS on loopback) feeding the ASMA: what
 * the link acknowledged is in the store at that moment; heartbeats make the NMA healthy in the
 * API; an operator's order through the API reaches the NMA and its answer comes back.
 */
class LinkIngestTest {
    @TempDir
    Path asmaDir;
    @TempDir
    Path nmaDir;

    @Test
    void whatTheLinkAcknowledgesIsStoredAndOrdersReachTheNma() throws Exception {
        try (TestAsma asma = new TestAsma(asmaDir, AsmaConfig.DEFAULT, true)) {
            // The admin issues the NMA's one-time token through the API.
            HttpResponse<String> issued = asma.postJson("/api/v1/enrolments", asma.adminToken,
                    "{\"nma\":\"boiler-nma\",\"valid_hours\":1}");
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            String token = Json.MAPPER.readTree(issued.body()).get("token").asString();
            assertThat(token).startsWith("boiler-nma.");
            assertThat(asma.postJson("/api/v1/enrolments", asma.adminToken, "{\"nma\":\"bad name!\"}").statusCode())
                    .isEqualTo(400);
            List<Command> received = new CopyOnWriteArrayList<>();
            LinkClientConfig config = LinkClientConfig.of(asma.asma.linkAddress(), nmaDir).withEnrolToken(token)
                    .withHeartbeat(Duration.ofMillis(200)).withReconnect(Duration.ofMillis(50), Duration.ofMillis(500))
                    .withLog(line -> { });
            NmaStatus status = new NmaStatus("normal", null, "1", null, Map.of("requests", 10L), Map.of("speed", 3000.0));
            try (LinkClient nma = LinkClient.start(config, c -> {
                received.add(c);
                return CommandResult.ok(c.id(), "declared");
            }, () -> status)) {
                nma.offer(LinkRecord.Kind.EVENT, nma.nowNanos(), EveLines.STATE);
                nma.offer(LinkRecord.Kind.EVENT, nma.nowNanos(), EveLines.MODBUS);
                long last = nma.offer(LinkRecord.Kind.EVENT, nma.nowNanos(), EveLines.ALERT);
                assertThat(nma.awaitAcked(last, Duration.ofSeconds(60))).isTrue();
                // Acknowledged means committed: read right away, no waiting.
                List<StoredEvent> stored = new Events(asma.asma.store()).page(EventFilter.all(10).withTypes(List.of("alert",
                        "modbus", "state"))).items();
                assertThat(stored).extracting(StoredEvent::eventType).containsExactly("alert", "modbus", "state");
                assertThat(stored.getFirst().json()).isEqualTo(EveLines.ALERT);
                assertThat(stored.getFirst().nma()).isEqualTo("boiler-nma");

                String viewer = asma.login(Role.VIEWER);
                Await.until(() -> nmaView(asma, viewer).path("heartbeat_at").isString(), "a heartbeat stored");
                JsonNode n = nmaView(asma, viewer);
                assertThat(n.get("connected").asBoolean()).isTrue();
                assertThat(n.get("health").asString()).isEqualTo("ok");
                assertThat(n.get("state").asString()).isEqualTo("normal");
                assertThat(n.get("policy_version").asString()).isEqualTo("1");

                HttpResponse<String> r = asma.postJson("/api/v1/nmas/boiler-nma/state", asma.login(Role.OPERATOR),
                        "{\"state\":\"maintenance\"}");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(Json.MAPPER.readTree(r.body()).get("detail").asString()).isEqualTo("declared");
                assertThat(received).singleElement().isInstanceOfSatisfying(Command.DeclareState.class, d -> {
                    assertThat(d.state()).isEqualTo("maintenance");
                    assertThat(d.by()).isEqualTo("operator-user");
                });
            }
            Await.until(() -> !asma.asma.connected().contains("boiler-nma"), "the NMA seen gone");
            assertThat(asma.get("/api/v1/enrolments", asma.adminToken).body()).contains("\"redeemed\":true");
        }
    }

    private static JsonNode nmaView(TestAsma asma, String token) {
        try {
            return Json.MAPPER.readTree(asma.get("/api/v1/nmas/boiler-nma", token).body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
