package io.statewall.link;

import static io.statewall.link.TestLink.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An NMA cut off from the ASMA keeps its records and delivers them when the ASMA is back. */
class CatchUpTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void anNmaCutOffForAMinuteCatchesUpInOrder() throws Exception {
        MemorySink sink = new MemorySink();
        Path asmaDir = tmp.resolve("asma");
        LinkServer server = LinkServer.start(TestLink.server(asmaDir, 0, new LogLines("asma")), sink);
        int port = server.address().getPort();
        String token = server.tokens().issue("nma-1", Duration.ofHours(1));
        try (LinkClient client = LinkClient.start(TestLink.client(server.address(), tmp.resolve("nma"), token,
                new LogLines("nma")), c -> null, null)) {
            assertThat(client.awaitConnected(true, TIMEOUT)).isTrue();
            server.close();
            assertThat(client.awaitConnected(false, TIMEOUT)).isTrue();

            // What the NMA sees during a minute without its ASMA: 100 events a second by its
            // clock. (The records carry the time; nothing here waits for it to pass.)
            long start = client.nowNanos();
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 6000; i++) {
                seqs.add(client.offer(LinkRecord.Kind.EVENT, start + i * (SECOND / 100),
                        "{\"event_type\":\"alert\",\"i\":" + i + "}"));
            }
            assertThat(client.awaitSpooled(TIMEOUT)).isTrue();
            assertThat(client.stats().dropped()).isZero();
            assertThat(client.stats().acked()).isLessThan(seqs.getFirst());

            server = LinkServer.start(TestLink.server(asmaDir, port, new LogLines("asma")), sink);
            assertThat(client.awaitAcked(seqs.getLast(), TIMEOUT)).isTrue();
            List<LinkRecord> stored = sink.records("nma-1");
            // Everything, heartbeats included, once, in order, without a gap.
            for (int i = 0; i < stored.size(); i++) {
                assertThat(stored.get(i).seq()).isEqualTo(i + 1);
            }
            List<LinkRecord> events = stored.stream().filter(r -> r.kind() == LinkRecord.Kind.EVENT).toList();
            assertThat(events).extracting(LinkRecord::seq).containsExactlyElementsOf(seqs);
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).json()).isEqualTo("{\"event_type\":\"alert\",\"i\":" + i + "}");
            }
            assertThat(events.getLast().timeNanos() - events.getFirst().timeNanos()).isEqualTo(5999 * (SECOND / 100));
            assertThat(client.stats().connects()).isEqualTo(2);
            assertThat(client.stats().dropped()).isZero();
        } finally {
            server.close();
        }
    }

    @Test
    void aFullSpoolDropsTheNewestRecordsCountsThemAndTheAsmaSeesExactlyWhichAreMissing() throws Exception {
        MemorySink sink = new MemorySink();
        Path asmaDir = tmp.resolve("asma");
        LinkServer server = LinkServer.start(TestLink.server(asmaDir, 0, new LogLines("asma")), sink);
        int port = server.address().getPort();
        String token = server.tokens().issue("nma-2", Duration.ofHours(1));
        LinkClientConfig config = TestLink.client(server.address(), tmp.resolve("nma"), token, new LogLines("nma"))
                .withSpool(LinkClientConfig.MIN_SPOOL_MAX, 4 << 20).withHeartbeat(Duration.ofMillis(200));
        try (LinkClient client = LinkClient.start(config, c -> null, null)) {
            assertThat(client.awaitConnected(true, TIMEOUT)).isTrue();
            server.close();
            assertThat(client.awaitConnected(false, TIMEOUT)).isTrue();

            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) { // about 80 KB for a 16 KiB spool
                seqs.add(client.offer(LinkRecord.Kind.EVENT, client.nowNanos(), String.format(
                        "{\"event_type\":\"alert\",\"i\":%05d,\"pad\":\"%s\"}", i, "x".repeat(30))));
            }
            assertThat(client.awaitSpooled(TIMEOUT)).isTrue();
            long dropped = client.stats().dropped();
            assertThat(dropped).isGreaterThan(500);

            server = LinkServer.start(TestLink.server(asmaDir, port, new LogLines("asma")), sink);
            // Wait for a heartbeat sent after the last drop: it tells the ASMA how many were lost.
            List<LinkRecord> stored = sink.await("nma-2", l -> l.stream().anyMatch(r -> r.kind() == LinkRecord.Kind.HEARTBEAT
                    && r.seq() > seqs.getLast()), TIMEOUT, "a heartbeat after the outage");
            LinkRecord beat = stored.stream().filter(r -> r.kind() == LinkRecord.Kind.HEARTBEAT && r.seq() > seqs.getLast())
                    .findFirst().orElseThrow();
            JsonNode hb = JSON.readTree(beat.json());
            long reported = hb.get("spool_dropped").asLong();
            assertThat(reported).isEqualTo(client.stats().dropped()).isGreaterThanOrEqualTo(dropped);
            assertThat(hb.get("counters").get("link_spool_dropped").asLong()).isEqualTo(reported);

            // The ASMA can tell exactly which records are missing: as many as the NMA reported.
            List<LinkRecord> upToBeat = sink.records("nma-2").stream().filter(r -> r.seq() <= beat.seq()).toList();
            Set<Long> present = upToBeat.stream().map(LinkRecord::seq).collect(Collectors.toCollection(TreeSet::new));
            Set<Long> missing = new TreeSet<>();
            for (long s = 1; s <= beat.seq(); s++) {
                if (!present.contains(s)) {
                    missing.add(s);
                }
            }
            assertThat(missing).hasSize((int) reported);
            // The first events of the outage were kept, the newest dropped: a kept prefix, a lost suffix.
            List<Long> keptEvents = seqs.stream().filter(present::contains).toList();
            assertThat(keptEvents).isNotEmpty();
            assertThat(keptEvents).containsExactlyElementsOf(seqs.subList(0, keptEvents.size()));
            assertThat(missing).containsAll(seqs.subList(keptEvents.size(), seqs.size()));
            // After the outage there is room again: new records arrive.
            long after = client.offer(LinkRecord.Kind.EVENT, client.nowNanos(), "{\"after\":true}");
            assertThat(client.awaitAcked(after, TIMEOUT)).isTrue();
            assertThat(sink.records("nma-2")).filteredOn(r -> r.seq() == after).extracting(LinkRecord::json)
                    .containsExactly("{\"after\":true}");
        } finally {
            server.close();
        }
    }
}
