package io.statewall.asma.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.asma.EveLines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on real SQLite files: what ingest stores, exactly once, and what survives a reopen. */
class StoreTest {
    @TempDir
    Path dir;

    private static IngestRecord event(long seq, String json) {
        return new IngestRecord(seq, IngestRecord.Kind.EVENT, 1_764_100_000_000_000_000L, json);
    }

    @Test
    void aBatchTheStoreReturnedFromIsThereAfterReopening() {
        IngestResult result;
        try (Store s = Store.open(dir, StoreOptions.DEFAULT)) {
            assertThat(s.created()).isTrue();
            assertThat(s.connected("boiler-nma", "127.0.0.1:40000")).isZero();
            result = Store.join(s.ingest("boiler-nma", List.of(event(1, EveLines.STATE), event(2, EveLines.MODBUS),
                    event(3, EveLines.ALERT))));
            // No close-time flush is needed: the file is read by another connection right away.
            assertThat(count(dir, "SELECT count(*) FROM event")).isEqualTo(3);
        }
        assertThat(result).isEqualTo(new IngestResult(3, 0, 0, 3));
        try (Store s = Store.open(dir, StoreOptions.DEFAULT)) {
            assertThat(s.created()).isFalse();
            assertThat(s.connected("boiler-nma", "127.0.0.1:40001")).isEqualTo(3);
            EventPage page = new Events(s).page(EventFilter.all(10));
            assertThat(page.items()).extracting(StoredEvent::eventType).containsExactly("alert", "modbus", "state");
            assertThat(page.items().getFirst().json()).isEqualTo(EveLines.ALERT);
            assertThat(page.items().getFirst().tsMicros()).isEqualTo(EveTimestamps.parseMicros("2026-11-25T20:17:10.611381+0000"));
            assertThat(page.next()).isNull();
        }
    }

    @Test
    void compressedAndPlainRowsReadBackTheSame() {
        for (boolean compress : new boolean[] {false, true}) {
            Path d = dir.resolve("c" + compress);
            try (Store s = Store.open(d, StoreOptions.DEFAULT.withCompress(compress))) {
                Store.join(s.ingest("a", List.of(event(1, EveLines.ALERT), event(2, "not eve"))));
                List<StoredEvent> got = new Events(s).page(EventFilter.all(10)).items();
                assertThat(got.getLast().json()).isEqualTo(EveLines.ALERT);
                assertThat(got.getFirst().json()).contains("\"raw\":\"not eve\"");
            }
            assertThat(count(d, "SELECT count(*) FROM event WHERE codec = " + (compress ? 1 : 0))).isEqualTo(2);
        }
    }

    @Test
    void repeatedSequenceNumbersAreNotStoredTwice() {
        try (Store s = Store.open(dir, StoreOptions.DEFAULT)) {
            Store.join(s.ingest("a", List.of(event(1, EveLines.MODBUS), event(2, EveLines.MODBUS))));
            // A resend after a lost acknowledgement: 1 and 2 again, then 3; and a stale record inside a batch.
            IngestResult again = Store.join(s.ingest("a", List.of(event(1, EveLines.MODBUS), event(2, EveLines.MODBUS),
                    event(3, EveLines.ALERT), event(2, EveLines.MODBUS))));
            assertThat(again).isEqualTo(new IngestResult(1, 3, 0, 3));
            // Sequence numbers are per NMA.
            assertThat(Store.join(s.ingest("b", List.of(event(1, EveLines.STATE)))).stored()).isEqualTo(1);
            assertThat(s.connected("a", "x")).isEqualTo(3);
        }
        assertThat(count(dir, "SELECT count(*) FROM event")).isEqualTo(4);
        try (Store s = Store.open(dir, StoreOptions.DEFAULT)) {
            assertThat(Store.join(s.ingest("a", List.of(event(3, EveLines.ALERT)))).duplicates()).isEqualTo(1);
            assertThat(Store.join(s.ingest("a", List.of(event(7, EveLines.ALERT)))).stored()).isEqualTo(1);
            assertThat(s.connected("a", "x")).isEqualTo(7);
        }
    }

    @Test
    void aLineThatIsNotEveIsKeptAsAnIngestAnomaly() {
        try (Store s = Store.open(dir, StoreOptions.DEFAULT)) {
            IngestResult r = Store.join(s.ingest("a", List.of(event(1, "{not json"), event(2, "[1,2]"),
                    event(3, "{\"timestamp\":\"x\"}"), event(4, EveLines.MODBUS))));
            assertThat(r).isEqualTo(new IngestResult(4, 0, 3, 4));
            List<StoredEvent> anomalies = new Events(s).page(EventFilter.all(10).withTypes(List.of("anomaly"))).items();
            assertThat(anomalies).hasSize(3);
            assertThat(anomalies.getLast().json()).contains("\"event\":\"malformed_eve\"").contains("\"raw\":\"{not json\"")
                    .contains("\"detail\":\"not JSON");
            assertThat(anomalies.getFirst().json()).contains("no event_type");
        }
    }

    @Test
    void heartbeatsUpdateTheNmaAndProcessValuesKeepLatestAndHistory() {
        try (Store s = Store.open(dir, StoreOptions.DEFAULT)) {
            Store.join(s.ingest("boiler-nma", List.of(
                    new IngestRecord(1, IngestRecord.Kind.HEARTBEAT, 1_000_000_000L, EveLines.HEARTBEAT),
                    new IngestRecord(2, IngestRecord.Kind.PROCESS, 1_000_000_000L, EveLines.PROCESS),
                    new IngestRecord(3, IngestRecord.Kind.PROCESS, 2_000_000_000L, "{\"points\":{\"speed\":2990.5}}"),
                    new IngestRecord(4, IngestRecord.Kind.HEARTBEAT, 2_000_000_000L, "garbage"),
                    event(5, EveLines.STATE))));
            NmaRecord n = new Nmas(s).get("boiler-nma").orElseThrow();
            assertThat(n.state()).isEqualTo("normal");
            assertThat(n.policyVersion()).isEqualTo("3");
            assertThat(n.uptimeS()).isEqualTo(3600);
            assertThat(n.spoolDropped()).isZero();
            assertThat(n.countersJson()).isEqualTo("{\"requests\":1200,\"blocked\":4}");
            assertThat(n.heartbeatAtMicros()).isEqualTo(1_000_000L);
            assertThat(n.lastSeq()).isEqualTo(5);
            ProcessValues pv = new ProcessValues(s);
            assertThat(pv.latest("boiler-nma")).containsExactly(
                    new ProcessValue("breaker", 1_000_000, 1.0, null),
                    new ProcessValue("mode", 1_000_000, null, "auto"),
                    new ProcessValue("speed", 2_000_000, 2990.5, null));
            assertThat(pv.history("boiler-nma", "speed", null, null, 10)).extracting(ProcessValue::value)
                    .containsExactly(2990.5, 3000.0);
            List<StateRecord> states = new States(s).nmaHistory("boiler-nma", null, null, 10);
            assertThat(states).singleElement().satisfies(st -> {
                assertThat(st.from()).isEqualTo("startup");
                assertThat(st.to()).isEqualTo("normal");
                assertThat(st.origin()).isEqualTo("condition");
                assertThat(st.allowed()).isTrue();
            });
            // A heartbeat with numbers beyond 64 bits is stored without them; the batch goes through.
            Store.join(s.ingest("boiler-nma", List.of(new IngestRecord(6, IngestRecord.Kind.HEARTBEAT, 3_000_000_000L,
                    "{\"state\":\"normal\",\"uptime_s\":99999999999999999999,\"spool_dropped\":-99999999999999999999}"))));
            NmaRecord odd = new Nmas(s).get("boiler-nma").orElseThrow();
            assertThat(odd.lastSeq()).isEqualTo(6);
            assertThat(odd.uptimeS()).isNull();
            assertThat(odd.spoolDropped()).isNull();
            long plant = Store.join(s.write(c -> States.appendPlant(c, 5, "normal", "fusion", null, "2 of 2 NMAs")));
            assertThat(new States(s).plantHistory(null, null, 10)).singleElement()
                    .satisfies(st -> assertThat(st.id()).isEqualTo(plant));
        }
    }

    @Test
    void concurrentNmasAreAllStoredInOrderAndWithoutGaps() throws Exception {
        int nmas = 4;
        int batches = 20;
        int size = 50;
        try (Store s = Store.open(dir, new StoreOptions(false, 2, 500, 8))) {
            ExecutorService pool = Executors.newFixedThreadPool(nmas);
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < nmas; n++) {
                String name = "nma-" + n;
                done.add(pool.submit(() -> {
                    long seq = 0;
                    for (int b = 0; b < batches; b++) {
                        List<IngestRecord> batch = new ArrayList<>();
                        for (int i = 0; i < size; i++) {
                            batch.add(event(++seq, EveLines.MODBUS));
                        }
                        Store.join(s.ingest(name, batch));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            for (int n = 0; n < nmas; n++) {
                assertThat(s.connected("nma-" + n, "x")).isEqualTo((long) batches * size);
            }
        }
        assertThat(count(dir, "SELECT count(*) FROM event")).isEqualTo(nmas * batches * size);
        // Within each NMA, ids follow sequence numbers.
        assertThat(count(dir, "SELECT count(*) FROM event a JOIN event b ON a.nma_id = b.nma_id AND a.seq < b.seq"
                + " AND a.id > b.id")).isZero();
    }

    @Test
    void aFailingWriteFailsAloneAndTheGroupCommits() {
        try (Store s = Store.open(dir, StoreOptions.DEFAULT)) {
            CompletableFuture<Object> bad = s.write(c -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO plant_state(ts, state, origin) VALUES (1, 'x', 'test')");
                    st.executeUpdate("INSERT INTO no_such_table VALUES (1)");
                }
                return null;
            });
            CompletableFuture<IngestResult> good = s.ingest("a", List.of(event(1, EveLines.ALERT)));
            assertThatThrownBy(() -> Store.join(bad)).isInstanceOf(StoreException.class).hasMessageContaining("no_such_table");
            assertThat(Store.join(good).stored()).isEqualTo(1);
            assertThat(new States(s).plantHistory(null, null, 10)).as("the failed write left nothing").isEmpty();
        }
    }

    @Test
    void aClosedStoreRefusesWrites() {
        Store s = Store.open(dir, StoreOptions.DEFAULT);
        s.close();
        assertThatThrownBy(() -> Store.join(s.ingest("a", List.of(event(1, EveLines.ALERT)))))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    @Test
    void theSchemaIsVersionedAndAChangedScriptIsRefused() throws Exception {
        Store.open(dir, StoreOptions.DEFAULT).close();
        assertThat(count(dir, "SELECT max(version) FROM schema_version")).isEqualTo(Migrations.SCRIPTS.size());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("asma.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE schema_version SET checksum = 'x' WHERE version = 1");
        }
        assertThatThrownBy(() -> Store.open(dir, StoreOptions.DEFAULT)).isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 1 (V1__initial.sql) was applied from a different script");
    }

    @Test
    void scriptsSplitIntoStatementsWithTriggerBodiesWhole() {
        List<String> s = Migrations.statements("-- c\nCREATE TABLE a(x);\nCREATE TRIGGER t BEFORE DELETE ON a\n"
                + "BEGIN SELECT RAISE(ABORT, 'no; never'); END;\nCREATE INDEX i ON a(x);\n");
        assertThat(s).containsExactly("CREATE TABLE a(x);", "CREATE TRIGGER t BEFORE DELETE ON a\n"
                + "BEGIN SELECT RAISE(ABORT, 'no; never'); END;", "CREATE INDEX i ON a(x);");
    }

    static long count(Path dir, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("asma.db"));
             Statement st = c.createStatement(); ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
