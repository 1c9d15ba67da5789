package io.statewall.asma.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process values older than the store keeps them go; newer ones, and every point's latest value, stay. */
class ProcessHistoryRetentionTest {
    private static final long HOUR_MICROS = 3_600_000_000L;

    @TempDir
    Path dir;

    @Test
    void historyBeforeTheCutIsDeletedPointByPointAndTheLatestValuesStay() {
        long now = System.currentTimeMillis() * 1_000;
        try (Store s = Store.open(dir, StoreOptions.DEFAULT)) {
            for (String nma : List.of("boiler-nma", "turbine-nma")) {
                s.connected(nma, "127.0.0.1");
                List<IngestRecord> records = new ArrayList<>();
                // One summary an hour for two days, oldest first: 48 rows per point, 2 points.
                for (int h = 48; h >= 1; h--) {
                    long t = (now - h * HOUR_MICROS) * 1_000;
                    records.add(new IngestRecord(49 - h, IngestRecord.Kind.PROCESS, t,
                            "{\"points\":{\"pressure\":" + h + ",\"tripped\":false}}"));
                }
                Store.join(s.ingest(nma, records));
            }
            ProcessValues values = new ProcessValues(s);
            assertThat(values.history("boiler-nma", "pressure", null, null, 1_000)).hasSize(48);

            long deleted = s.pruneProcessHistory(now - 24 * HOUR_MICROS);

            // The 24 hours before the cut (48 h .. 25 h ago) of 2 points of 2 NMAs; the row 24 h ago stays.
            assertThat(deleted).isEqualTo(2 * 2 * 24);
            for (String nma : List.of("boiler-nma", "turbine-nma")) {
                List<ProcessValue> kept = values.history(nma, "pressure", null, null, 1_000);
                assertThat(kept).hasSize(24).allSatisfy(v -> assertThat(v.tsMicros()).isGreaterThanOrEqualTo(now - 24 * HOUR_MICROS));
                assertThat(values.latest(nma)).extracting(ProcessValue::point).containsExactly("pressure", "tripped");
            }
            assertThat(s.pruneProcessHistory(now - 24 * HOUR_MICROS)).as("nothing left to delete").isZero();
        }
    }
}
