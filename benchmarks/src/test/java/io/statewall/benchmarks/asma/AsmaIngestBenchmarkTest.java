package io.statewall.benchmarks.asma;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.store.EventFilter;
import io.statewall.asma.store.Events;
import io.statewall.asma.store.Store;
import io.statewall.asma.store.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest benchmark, run small, stores every event it claims to (so its figure counts real rows). */
class AsmaIngestBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void aSmallRunStoresEveryEvent() throws Exception {
        List<String> lines = List.of(
                "{\"timestamp\":\"2025-03-03T06:00:00.008537+0000\",\"flow_id\":1,\"event_type\":\"modbus\",\"src_ip\":\"10.10.1.12\"}",
                "{\"timestamp\":\"2025-03-03T06:00:00.426766+0000\",\"flow_id\":2,\"event_type\":\"alert\","
                        + "\"alert\":{\"action\":\"allowed\",\"signature_id\":1,\"severity\":2}}");
        double[] r = AsmaIngestBenchmark.run(dir.resolve("store"), lines, 3_000, 3, false, false);
        assertThat(r[0]).as("events/s").isPositive();
        assertThat(r[2]).as("bytes per event").isPositive();
        try (Store s = Store.open(dir.resolve("store"), StoreOptions.DEFAULT)) {
            assertThat(new Events(s).page(EventFilter.all(1000).withTypes(List.of("alert"))).items()).hasSize(1000);
            for (int n = 0; n < 3; n++) {
                assertThat(s.connected("nma-" + n, "test")).isEqualTo(1_000);
            }
        }
    }
}
