package io.statewall.asma.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.statewall.asma.store.CommittedEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The ASMA's Prometheus metrics (Micrometer):
 * <pre>
 * statewall_asma_events_ingested_total{nma,type}    events stored (type: alert, state, anomaly, stats, modbus, … or other)
 * statewall_asma_store_batch_seconds                group commits: count, sum, buckets
 * statewall_asma_store_batch_records_total          records in those commits
 * statewall_asma_api_requests_total{route,status}   API requests answered
 * statewall_asma_export_queue_depth{export}         events waiting in each export's queue
 * statewall_asma_export_dropped_total{export}       events an export dropped (queue full, or given up after retries)
 * statewall_asma_export_sent_total{export}          events an export delivered
 * statewall_asma_nmas_connected                     NMAs connected over the link now
 * statewall_asma_console_streams                    the console's live feeds open now
 * statewall_asma_plant_alerts_total                 alerts the ASMA raised itself (cross-checks, correlations,
 *                                                   NMAs enforcing another state than the plant's); with a plant file
 * statewall_asma_plant_inputs_dropped_total         heartbeats and events the plant supervisor's full queue dropped
 * </pre>
 * Labels are bounded: event types outside the known set count as {@code other}, routes are the
 * API's templates (an unknown path is {@code none}).
 */
public final class AsmaMetrics {
    private static final Set<String> KNOWN_TYPES = Set.of("alert", "state", "anomaly", "stats", "modbus", "dnp3",
            "iec104", "s7comm", "enip", "flow");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> ingested = new ConcurrentHashMap<>();
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Timer batch;
    private final Counter batchRecords;

    public AsmaMetrics() {
        batch = Timer.builder("statewall.asma.store.batch").description("Group commits of the store's writer")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1))
                .register(registry);
        batchRecords = Counter.builder("statewall.asma.store.batch.records").description("Records in group commits")
                .register(registry);
    }

    /** The store's observer: one group commit. */
    public void committed(int records, long nanos) {
        batch.record(nanos, TimeUnit.NANOSECONDS);
        batchRecords.increment(records);
    }

    /** The store's listener: events committed, counted by NMA and type. */
    public void ingested(List<CommittedEvent> events) {
        Map<String, Integer> counts = new HashMap<>();
        for (CommittedEvent e : events) {
            String type = KNOWN_TYPES.contains(e.digest().eventType) ? e.digest().eventType : "other";
            counts.merge(e.nma() + '\u0000' + type, 1, Integer::sum);
        }
        counts.forEach((key, n) -> ingested.computeIfAbsent(key, k -> {
            int z = k.indexOf('\u0000');
            return Counter.builder("statewall.asma.events.ingested").description("Events stored")
                    .tag("nma", k.substring(0, z)).tag("type", k.substring(z + 1)).register(registry);
        }).increment(n));
    }

    /** The API's observer: one request answered. */
    public void request(String route, int status) {
        String r = route == null ? "none" : route;
        requests.computeIfAbsent(r + ' ' + status, k -> Counter.builder("statewall.asma.api.requests")
                .description("API requests answered").tag("route", r).tag("status", Integer.toString(status))
                .register(registry)).increment();
    }

    /** An export's gauges and counters. */
    public void export(String name, Supplier<Number> depth, Supplier<Number> dropped, Supplier<Number> sent) {
        Gauge.builder("statewall.asma.export.queue.depth", depth).description("Events waiting in the export's queue")
                .tag("export", name).register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("statewall.asma.export.dropped", dropped,
                        d -> d.get().doubleValue())
                .description("Events the export dropped").tag("export", name).register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("statewall.asma.export.sent", sent,
                        s -> s.get().doubleValue())
                .description("Events the export delivered").tag("export", name).register(registry);
    }

    /** The number of NMAs connected now. */
    public void connected(Supplier<Number> n) {
        Gauge.builder("statewall.asma.nmas.connected", n).description("NMAs connected over the link")
                .register(registry);
    }

    /** The console's live feeds open now. */
    public void consoleStreams(Supplier<Number> n) {
        Gauge.builder("statewall.asma.console.streams", n).description("The console's live feeds open")
                .register(registry);
    }

    /** The plant supervisor's counters (only with a plant file). */
    public void plant(Supplier<Number> alerts, Supplier<Number> dropped) {
        io.micrometer.core.instrument.FunctionCounter.builder("statewall.asma.plant.alerts", alerts,
                        a -> a.get().doubleValue())
                .description("Alerts the ASMA raised itself: cross-checks, correlations, enforcement").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("statewall.asma.plant.inputs.dropped", dropped,
                        d -> d.get().doubleValue())
                .description("Inputs the plant supervisor dropped because its queue was full").register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
