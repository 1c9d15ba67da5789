package io.statewall.asma.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.EveLines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filters and cursor paging over a known set of events from two NMAs. */
class EventQueryTest {
    @TempDir
    static Path dir;
    static Store store;
    static Events events;

    @BeforeAll
    static void fill() {
        store = Store.open(dir, StoreOptions.DEFAULT);
        events = new Events(store);
        // nma-a: 10 alerts at :00 .. :09, severity 1 for even seconds else 2, rule r-even/r-odd,
        // technique T0855 / T0836, source 10.0.0.(i%3), blocked when i < 5; then a modbus and a state record.
        List<IngestRecord> a = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            a.add(new IngestRecord(i + 1, IngestRecord.Kind.EVENT, 0, EveLines.alert(
                    String.format("2026-11-25T20:00:%02d.000000+0000", i), i % 2 == 0 ? 1 : 2, i % 2 == 0 ? "r-even" : "r-odd",
                    i % 2 == 0 ? "T0855" : "T0836", "10.0.0." + (i % 3), i < 5 ? "blocked" : "allowed")));
        }
        a.add(new IngestRecord(11, IngestRecord.Kind.EVENT, 0, EveLines.MODBUS));
        a.add(new IngestRecord(12, IngestRecord.Kind.EVENT, 0, EveLines.STATE));
        Store.join(store.ingest("nma-a", a));
        Store.join(store.ingest("nma-b", List.of(new IngestRecord(1, IngestRecord.Kind.EVENT, 0, EveLines.ALERT))));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static List<Long> ids(UnaryOperator<Base> f) {
        return events.page(f.apply(new Base()).filter()).items().stream().map(StoredEvent::id).toList();
    }

    /** A filter under construction. */
    static final class Base {
        Long since;
        Long until;
        List<String> nmas;
        List<String> types;
        List<Integer> severities;
        List<String> states;
        List<String> rules;
        List<String> detectors;
        List<String> techniques;
        List<String> src;
        List<String> dest;
        String ip;
        List<String> actions;
        Boolean acked;

        EventFilter filter() {
            return new EventFilter(since, until, nmas, types, severities, states, rules, detectors, techniques, src, dest,
                    ip, actions, acked, null, 100);
        }
    }

    @Test
    void eachFilterSelectsWhatItNames() {
        // ids: nma-a alerts 1..10 (i = id - 1), modbus 11, state 12; nma-b alert 13.
        assertThat(ids(b -> b)).hasSize(13).isSortedAccordingTo((x, y) -> Long.compare(y, x));
        assertThat(ids(b -> { b.nmas = List.of("nma-b"); return b; })).containsExactly(13L);
        assertThat(ids(b -> { b.types = List.of("modbus", "state"); return b; })).containsExactly(12L, 11L);
        assertThat(ids(b -> { b.severities = List.of(2); return b; })).containsExactly(10L, 8L, 6L, 4L, 2L);
        assertThat(ids(b -> { b.rules = List.of("r-even"); b.actions = List.of("blocked"); return b; }))
                .containsExactly(5L, 3L, 1L);
        assertThat(ids(b -> { b.techniques = List.of("T0836"); return b; })).containsExactly(10L, 8L, 6L, 4L, 2L);
        assertThat(ids(b -> { b.techniques = List.of("T0831"); return b; })).as("nma-b's alert has T0855 T0831")
                .containsExactly(13L);
        assertThat(ids(b -> { b.src = List.of("10.0.0.0"); return b; })).containsExactly(10L, 7L, 4L, 1L);
        assertThat(ids(b -> { b.ip = "10.0.0.2"; return b; })).containsExactly(9L, 6L, 3L);
        assertThat(ids(b -> { b.dest = List.of("127.0.0.1"); b.types = List.of("modbus"); return b; })).containsExactly(11L);
        assertThat(ids(b -> { b.states = List.of("normal"); b.types = List.of("state"); return b; })).containsExactly(12L);
        assertThat(ids(b -> { b.detectors = List.of("policy"); b.nmas = List.of("nma-b"); return b; })).containsExactly(13L);
        assertThat(ids(b -> {
            b.since = EveTimestamps.parseMicros("2026-11-25T20:00:03Z");
            b.until = EveTimestamps.parseMicros("2026-11-25T21:00:05+01:00");
            return b;
        })).containsExactly(5L, 4L);
    }

    @Test
    void acknowledgedAlertsAreFilteredEitherWay() {
        assertThat((Object) Store.join(store.write(c -> Events.acknowledge(c, 7, "op", "checked"))))
                .isEqualTo(Events.AckOutcome.ACKNOWLEDGED);
        assertThat((Object) Store.join(store.write(c -> Events.acknowledge(c, 7, "op", null)))).isEqualTo(Events.AckOutcome.ALREADY);
        assertThat((Object) Store.join(store.write(c -> Events.acknowledge(c, 11, "op", null))))
                .isEqualTo(Events.AckOutcome.NOT_AN_ALERT);
        assertThat((Object) Store.join(store.write(c -> Events.acknowledge(c, 999, "op", null)))).isEqualTo(Events.AckOutcome.NOT_FOUND);
        assertThat(ids(b -> { b.acked = true; return b; })).containsExactly(7L);
        assertThat(ids(b -> { b.acked = false; b.types = List.of("alert"); return b; })).hasSize(10).doesNotContain(7L);
        StoredEvent e = events.get(7).orElseThrow();
        assertThat(e.ackedBy()).isEqualTo("op");
        assertThat(e.ackComment()).isEqualTo("checked");
    }

    @Test
    void pagesFollowTheCursorWithoutGapsOrRepeats() {
        List<Long> seen = new ArrayList<>();
        EventFilter f = new EventFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, 4);
        int pages = 0;
        while (true) {
            EventPage p = events.page(f);
            pages++;
            p.items().forEach(e -> seen.add(e.id()));
            if (p.next() == null) {
                break;
            }
            assertThat(p.items()).hasSize(4);
            f = f.withBefore(p.next());
        }
        assertThat(pages).isEqualTo(4);
        assertThat(seen).containsExactly(13L, 12L, 11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
    }

    @Test
    void anAlertsNeighboursAreItsFlowOnItsNma() {
        StoredEvent alert = events.get(13).orElseThrow();
        assertThat(events.neighbours(alert, 10)).as("nma-b has nothing else on that flow").isEmpty();
        StoredEvent a5 = events.get(5).orElseThrow();
        assertThat(events.neighbours(a5, 2)).extracting(StoredEvent::id).containsExactly(3L, 4L, 6L, 7L);
        assertThat(events.neighbours(events.get(12).orElseThrow(), 3)).as("a state record has no flow").isEmpty();
    }
}
