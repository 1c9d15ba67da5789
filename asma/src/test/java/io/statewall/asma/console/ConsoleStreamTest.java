package io.statewall.asma.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.AsmaConfig;
import io.statewall.asma.EveLines;
import io.statewall.asma.TestAsma;
import io.statewall.asma.api.Json;
import io.statewall.asma.auth.Role;
import io.statewall.asma.store.IngestRecord;
import io.statewall.asma.store.Store;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The live feed over real HTTPS, read line by line as the page reads it: hello, then the
 * plant as GET /api/v1/plant has it, then what happens after subscribing (an alert stored, an
 * acknowledgement, a plant declaration), and bye when the ASMA stops.
 */
class ConsoleStreamTest {
    /** How long an expected event may take (the ticker's period is 250 ms). */
    private static final long WAIT_S = 15;

    @TempDir
    Path dir;
    TestAsma asma;

    /** One server-sent event. */
    record Event(String name, JsonNode data) {
    }

    /** Reads a stream's lines on its own thread into events. */
    static final class Feed implements AutoCloseable {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final HttpResponse<Stream<String>> response;
        private final Thread reader;

        Feed(TestAsma asma, String token) throws Exception {
            response = asma.http.sendAsync(asma.request("GET", "/api/v1/stream", token, null, null),
                    HttpResponse.BodyHandlers.ofLines()).get(WAIT_S, TimeUnit.SECONDS);
            reader = Thread.ofVirtual().start(() -> {
                String name = null;
                StringBuilder data = new StringBuilder();
                try {
                    for (String line : (Iterable<String>) response.body()::iterator) {
                        if (line.isEmpty()) {
                            if (name != null) {
                                events.add(new Event(name, Json.MAPPER.readTree(data.toString())));
                            }
                            name = null;
                            data.setLength(0);
                        } else if (line.startsWith("event: ")) {
                            name = line.substring(7);
                        } else if (line.startsWith("data: ")) {
                            data.append(line.substring(6));
                        }
                    }
                } catch (RuntimeException e) {
                    // closed by the test
                }
                events.add(new Event("(end)", null));
            });
        }

        /** The next event, skipping others, named {@code name}; fails after {@value #WAIT_S} s. */
        Event next(String name) throws InterruptedException {
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
            while (true) {
                Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no '" + name + "' event within " + WAIT_S + " s; seen " + seen);
                }
                if (e.name().equals(name)) {
                    return e;
                }
                if (e.name().equals("(end)")) {
                    throw new AssertionError("the stream ended before a '" + name + "' event; seen " + seen);
                }
                seen.add(e.name());
            }
        }

        /** The first event of each of {@code names}, in whatever order they come. */
        java.util.Map<String, Event> each(String... names) throws InterruptedException {
            java.util.Map<String, Event> out = new java.util.HashMap<>();
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
            while (out.size() < names.length) {
                Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null || e.name().equals("(end)")) {
                    throw new AssertionError("not all of " + List.of(names) + " within " + WAIT_S + " s; seen " + seen);
                }
                seen.add(e.name());
                if (List.of(names).contains(e.name())) {
                    out.putIfAbsent(e.name(), e);
                }
            }
            return out;
        }

        /** The very next event. */
        Event first() throws InterruptedException {
            Event e = events.poll(WAIT_S, TimeUnit.SECONDS);
            assertThat(e).as("an event within %s s", WAIT_S).isNotNull();
            return e;
        }

        @Override
        public void close() {
            response.body().close();
            reader.interrupt();
        }
    }

    @BeforeEach
    void start() throws Exception {
        Path plant = dir.resolve("feed.plant.yaml");
        Files.writeString(plant, """
                statewall-plant: 1
                name: feed test
                states:
                  maintenance: {}
                  normal: {}
                nmas:
                  boiler-nma: { observes: true }
                variables:
                  speed: { nma: boiler-nma, point: speed, max_age: 5s }
                """);
        asma = new TestAsma(dir.resolve("asma"), AsmaConfig.DEFAULT.withPlant(plant));
        asma.control.connected.add("boiler-nma");
    }

    @AfterEach
    void stop() {
        asma.close();
    }

    @Test
    void helloThenThePlantThenWhatHappensAfterwards() throws Exception {
        String viewer = asma.login(Role.VIEWER);
        try (Feed feed = new Feed(asma, viewer)) {
            assertThat(feed.response.statusCode()).isEqualTo(200);
            assertThat(feed.response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            Event hello = feed.first();
            assertThat(hello.name()).isEqualTo("hello");
            assertThat(hello.data().get("user").asString()).isEqualTo("viewer-user");
            assertThat(hello.data().get("role").asString()).isEqualTo("viewer");
            JsonNode plant = feed.next("plant").data();
            assertThat(plant).isEqualTo(Json.MAPPER.readTree(asma.get("/api/v1/plant", viewer).body()));
            assertThat(plant.get("states")).extracting(s -> s.get("name").asString()).containsExactly("maintenance", "normal");
            assertThat(plant.at("/variables/0/point").asString()).isEqualTo("speed");
            assertThat(feed.next("nmas").data().get("items")).isNotNull();
            assertThat(feed.next("summary").data().at("/alerts/total").asLong()).isZero();

            // An alert stored after subscribing is sent as the alerts list has it.
            Store.join(asma.asma.store().ingest("boiler-nma", List.of(
                    new IngestRecord(1, IngestRecord.Kind.EVENT, 0, EveLines.ALERT))));
            Event alert = feed.next("alert");
            long id = alert.data().get("id").asLong();
            assertThat(alert.data()).isEqualTo(Json.MAPPER.readTree(asma.get("/api/v1/alerts", viewer).body()).at("/items/0"));
            assertThat(alert.data().at("/event/statewall/rule").asString()).isEqualTo("no-breaker-open-in-normal");
            assertThat(alert.data().get("ack").isNull()).isTrue();
            assertThat(feed.next("summary").data().at("/alerts/unacknowledged").asLong()).isEqualTo(1);

            String operator = asma.login(Role.OPERATOR);
            assertThat(asma.postJson("/api/v1/alerts/" + id + "/ack", operator, "{\"comment\":\"seen\"}").statusCode())
                    .isEqualTo(200);
            Event ack = feed.next("ack");
            assertThat(ack.data().get("id").asLong()).isEqualTo(id);
            assertThat(ack.data().at("/ack/by").asString()).isEqualTo("operator-user");
            assertThat(ack.data().at("/ack/comment").asString()).isEqualTo("seen");

            // A declaration: a new plant-state row, and the plant as it is now.
            assertThat(asma.postJson("/api/v1/plant/state", operator, "{\"state\":\"maintenance\"}").statusCode())
                    .isEqualTo(200);
            // The plant may be sent before its history row is committed, so either may come first.
            var declared = feed.each("state", "plant");
            JsonNode state = declared.get("state").data();
            assertThat(state.get("to").asString()).isEqualTo("maintenance");
            assertThat(state.get("origin").asString()).isEqualTo("declared");
            assertThat(state.get("declared_by").asString()).isEqualTo("operator-user");
            assertThat(state).isEqualTo(Json.MAPPER.readTree(asma.get("/api/v1/plant/states?limit=1", viewer).body())
                    .at("/items/0"));
            assertThat(declared.get("plant").data().get("state").asString()).isEqualTo("maintenance");

            // /metrics counts the open feed (this one) and the plant supervisor's counters.
            String metrics = asma.get("/metrics", asma.adminToken).body();
            assertThat(metrics).contains("statewall_asma_console_streams 1.0")
                    .contains("statewall_asma_plant_alerts_total ").contains("statewall_asma_plant_inputs_dropped_total 0.0");
        }
    }

    @Test
    void processValuesAreSentAsTheyArrive() throws Exception {
        try (Feed feed = new Feed(asma, asma.login(Role.VIEWER))) {
            assertThat(feed.next("process").data().get("items")).isEmpty();
            Store.join(asma.asma.store().ingest("boiler-nma", List.of(new IngestRecord(1, IngestRecord.Kind.PROCESS,
                    System.currentTimeMillis() * 1_000_000L, "{\"points\":{\"speed\":2999.5,\"other\":1}}"))));
            JsonNode items = feed.next("process").data().get("items");
            assertThat(items).hasSize(1);
            assertThat(items.get(0).get("variable").asString()).isEqualTo("speed");
            assertThat(items.get(0).get("nma").asString()).isEqualTo("boiler-nma");
            assertThat(items.get(0).get("value").asDouble()).isEqualTo(2999.5);
        }
    }

    @Test
    void aStreamNeedsAValidTokenAndEndsWithByeWhenTheAsmaStops() throws Exception {
        assertThat(asma.get("/api/v1/stream", null).statusCode()).isEqualTo(401);
        try (Feed feed = new Feed(asma, asma.adminToken)) {
            feed.next("summary");
            asma.asma.close();
            assertThat(feed.next("bye").data().get("reason").asString()).isEqualTo("server stopping");
        }
    }

    @Test
    void manyAlertsAtOnceAreTheNewestHundredAfterACount() throws Exception {
        try (Feed feed = new Feed(asma, asma.adminToken)) {
            feed.next("summary");
            List<IngestRecord> batch = new ArrayList<>();
            for (int i = 1; i <= 130; i++) {
                batch.add(new IngestRecord(i, IngestRecord.Kind.EVENT, 0, EveLines.ALERT));
            }
            Store.join(asma.asma.store().ingest("boiler-nma", batch));
            Event skipped = feed.next("alerts-skipped");
            assertThat(skipped.data().get("count").asLong()).isEqualTo(30);
            long first = feed.next("alert").data().get("id").asLong();
            long last = first;
            for (int i = 1; i < 100; i++) {
                Event e = feed.first();
                assertThat(e.name()).isEqualTo("alert");
                assertThat(e.data().get("id").asLong()).as("oldest first").isGreaterThan(last);
                last = e.data().get("id").asLong();
            }
            assertThat(last - first).isEqualTo(99);
        }
    }
}
