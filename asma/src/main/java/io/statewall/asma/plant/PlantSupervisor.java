package io.statewall.asma.plant;

import io.statewall.asma.NmaControl;
import io.statewall.asma.store.CommittedEvent;
import io.statewall.asma.store.EveDigest;
import io.statewall.asma.store.EveTimestamps;
import io.statewall.asma.store.IngestRecord;
import io.statewall.asma.store.States;
import io.statewall.asma.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plant logic at work in the running ASMA. One thread owns {@link StateFusion},
 * {@link EnforcementWatch}, {@link CrossChecker} and {@link Correlator} (none is thread-safe);
 * everything reaches it as a task on that thread, after the store has committed what an NMA sent:
 * <ul>
 *   <li>a heartbeat: its {@code observed_state} votes (never its enforced {@code state}: that may be
 *       this ASMA's own push coming back), its {@code state} is watched against the plant's;</li>
 *   <li>a process summary: the cross-checks;</li>
 *   <li>an NMA's alert (with its stored event id): the correlations;</li>
 *   <li>an NMA connecting: it is told the plant state;</li>
 *   <li>a tick (every second): reports age, hold times and grace times run out.</li>
 * </ul>
 *
 * <p>A plant-state change is pushed first (DeclareState(state, {@value #BY}) to every connected
 * NMA: the latency that matters), then recorded in the plant-state history and stored as an EVE
 * {@code state} record of the pseudo-NMA {@value #SELF}, so the exports carry it. While the plant
 * state is {@code unknown} nothing is pushed: each NMA infers its state for itself. The ASMA's
 * own alerts (cross-check, correlation, state-disagreement) are stored as events of {@value #SELF}
 * as well.
 *
 * <p>An operator's declaration wins until released; the release sends ReleaseState to every
 * connected NMA and, when the votes then give a state, DeclareState of that state right after it.
 */
public final class PlantSupervisor implements AutoCloseable {
    /** The pseudo-NMA whose events are the ASMA's own. */
    public static final String SELF = "asma";
    /** Who the plant-wide declarations pushed to NMAs come from. */
    public static final String BY = "asma:plant";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int QUEUE = 100_000;

    /** What the ASMA knows of one NMA from its last heartbeat. */
    public record NmaView(String nma, String enforced, String observed, String declaredBy, String policyVersion,
                          String baselineVersion, long atNanos) {}

    /** The plant state and what it rests on, for the API. */
    public record Snapshot(StateFusion.Decision decision, Map<String, NmaView> nmas, Set<String> connected) {}

    private final PlantModel model;
    private final Store store;
    private final NmaControl control;
    private final LongSupplier clock;
    private final Consumer<String> log;
    private final StateFusion fusion;
    private final EnforcementWatch watch;
    private final CrossChecker checker;
    private final Correlator correlator;
    private final ThreadPoolExecutor thread;
    private final ScheduledExecutorService timer;
    private final Map<String, NmaView> views = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private volatile StateFusion.Decision published;
    private long seq;

    /**
     * @param reportMaxAge an NMA's observed state older than this does not vote
     * @param tick         how often time is let pass (ageing); zero: only when {@link #tick} is called
     * @param clock        nanoseconds since the epoch (the NMAs' record times are on this scale)
     */
    public PlantSupervisor(PlantModel model, Store store, NmaControl control, Duration reportMaxAge, Duration tick,
                           LongSupplier clock, Consumer<String> log) {
        this.model = Objects.requireNonNull(model, "model");
        this.store = store;
        this.control = control;
        this.clock = clock;
        this.log = log;
        long now = clock.getAsLong();
        this.fusion = new StateFusion(model, reportMaxAge, now);
        this.watch = new EnforcementWatch(model);
        this.checker = new CrossChecker(model);
        this.correlator = new Correlator(model);
        this.published = fusion.current();
        this.seq = store.connected(SELF, "local");
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE),
                r -> Thread.ofPlatform().name("statewall-asma-plant").daemon(true).unstarted(r));
        if (tick.isZero()) {
            this.timer = null;
        } else {
            this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    r -> Thread.ofPlatform().name("statewall-asma-plant-timer").daemon(true).unstarted(r));
            timer.scheduleAtFixedRate(() -> tick(clock.getAsLong()), tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Epoch nanoseconds now, from the wall clock. */
    public static long wallClockNanos() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    public PlantModel model() {
        return model;
    }

    // ---------------------------------------------------------------------------------------
    // Inputs (any thread); each becomes a task on the plant thread
    // ---------------------------------------------------------------------------------------

    /** Heartbeats and process summaries of {@code nma}, committed. */
    public void committed(String nma, List<IngestRecord> records) {
        for (IngestRecord r : records) {
            switch (r.kind()) {
                case HEARTBEAT -> run(() -> heartbeat(nma, r.json(), r.timeNanos()));
                case PROCESS -> run(() -> process(nma, r.json(), r.timeNanos()));
                case EVENT -> {
                    // alerts come through the store's listener, with their ids
                }
            }
        }
    }

    /** The store's listener: NMAs' alerts, committed, to the correlator. Called on the writer thread; does not block. */
    public void events(List<CommittedEvent> events) {
        for (CommittedEvent e : events) {
            EveDigest d = e.digest();
            if (!"alert".equals(d.eventType) || SELF.equals(e.nma())) {
                continue;
            }
            NmaAlert a = new NmaAlert(e.id(), e.nma(), d.tsMicros * 1_000, d.srcIp, d.destIp, d.detector,
                    List.copyOf(d.attack), "blocked".equals(d.action), d.signature);
            run(() -> emit(correlator.onAlert(a, fusion.current().state())));
        }
    }

    /** An NMA connected: it gets the plant state (unless unknown). */
    public void connected(String nma) {
        run(() -> {
            StateFusion.Decision d = fusion.current();
            if (!d.state().equals(StateFusion.UNKNOWN)) {
                send(nma, new NmaControl.Order.DeclareState(d.state(), BY));
            }
        });
    }

    /** An NMA's connection ended: it is not watched for disagreement until its next heartbeat. */
    public void disconnected(String nma) {
        run(() -> watch.forget(nma));
    }

    /** Time passed (the timer, or a test driving time). @return done when handled */
    public CompletableFuture<Void> tick(long nowNanos) {
        return call(() -> {
            StateFusion.Decision d = fusion.tick(nowNanos);
            if (d != null) {
                changed(d, List.of());
            }
            emit(checker.check(nowNanos, fusion.current().state()));
            emit(watch.check(nowNanos));
            return null;
        });
    }

    /**
     * An operator declares the plant state.
     *
     * @return the decision, once pushed to the connected NMAs (their answers: NMA → ok/refused detail)
     */
    public CompletableFuture<Map<String, String>> declare(String state, String by) {
        return call(() -> changed(fusion.declare(state, by, clock.getAsLong()), List.of()))
                .thenCompose(PlantSupervisor::answers);
    }

    /** An operator releases the declaration; completes with the NMAs' answers (empty when nothing was declared). */
    public CompletableFuture<Map<String, String>> release(String by) {
        return call(() -> {
            long now = clock.getAsLong();
            StateFusion.Decision d = fusion.release(by, now);
            if (d == null) {
                return Map.<String, CompletableFuture<String>>of();
            }
            return changed(d, List.of(new NmaControl.Order.ReleaseState(by)));
        }).thenCompose(PlantSupervisor::answers);
    }

    /** The plant state now and each NMA's view. */
    public Snapshot snapshot() {
        return new Snapshot(published, new TreeMap<>(views), control.connected());
    }

    /** Now on the supervisor's clock (epoch nanoseconds, the scale of its decisions' times). */
    public long nowNanos() {
        return clock.getAsLong();
    }

    /** Inputs dropped because the plant thread's queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** ASMA alerts raised since start. */
    public long alertsRaised() {
        return alerts.get();
    }

    // ---------------------------------------------------------------------------------------
    // On the plant thread
    // ---------------------------------------------------------------------------------------

    private void heartbeat(String nma, String json, long timeNanos) {
        JsonNode n = parse(json);
        if (n == null) {
            return;
        }
        NmaView last = views.get(nma);
        if (last != null && last.atNanos() > timeNanos) {
            return; // resent after a reconnect: older than what is known
        }
        String enforced = text(n, "state");
        String observed = n.has("observed_state") ? text(n, "observed_state") : enforced;
        views.put(nma, new NmaView(nma, enforced, observed, text(n, "declared_by"), text(n, "policy_version"),
                text(n, "baseline_version"), timeNanos));
        if (enforced != null) {
            watch.enforced(nma, enforced);
        }
        if (observed != null) {
            // "unknown" is reported too: it withdraws the NMA's earlier vote at once (it matches
            // no state), rather than letting a trip it no longer sees count until it goes stale.
            StateFusion.Decision d = fusion.report(nma, observed, timeNanos);
            if (d != null) {
                changed(d, List.of());
            }
        }
        emit(watch.check(timeNanos));
    }

    private void process(String nma, String json, long timeNanos) {
        JsonNode n = parse(json);
        JsonNode points = n == null ? null : n.get("points");
        if (points == null || !points.isObject()) {
            return;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        points.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isNumber()) {
                values.put(e.getKey(), v.asDouble());
            } else if (v.isBoolean()) {
                values.put(e.getKey(), v.asBoolean() ? 1.0 : 0.0);
            }
        });
        emit(checker.onProcess(nma, values, timeNanos, fusion.current().state()));
    }

    /**
     * A new plant state: pushed (after {@code before}, e.g. a release), recorded, stored as an EVE
     * state record. @return each connected NMA's pending answer
     */
    private Map<String, CompletableFuture<String>> changed(StateFusion.Decision d, List<NmaControl.Order> before) {
        String from = published.state();
        published = d;
        watch.plantState(d.state());
        Map<String, CompletableFuture<String>> answers = new TreeMap<>();
        List<NmaControl.Order> orders = new ArrayList<>(before);
        if (!d.state().equals(StateFusion.UNKNOWN)) {
            orders.add(new NmaControl.Order.DeclareState(d.state(), BY));
        }
        if (!orders.isEmpty()) {
            for (String nma : control.connected()) {
                answers.put(nma, sendAll(nma, orders));
            }
        }
        long micros = d.timeNanos() / 1_000;
        String detail = votesText(d.votes());
        store.write(c -> States.appendPlant(c, micros, d.state(), d.origin().name().toLowerCase(java.util.Locale.ROOT),
                d.by(), detail)).whenComplete((id, e) -> {
                    if (e != null) {
                        log.accept("plant state " + d.state() + " not recorded: " + e.getMessage());
                    }
                });
        storeSelf(stateRecord(from, d, micros));
        log.accept("plant state " + from + " -> " + d.state() + " (" + d.origin().name().toLowerCase(java.util.Locale.ROOT)
                + (d.by() == null ? "" : " by " + d.by()) + (d.votes().isEmpty() ? "" : "; votes " + detail) + ")");
        return answers;
    }

    /** Sends orders to one NMA in turn; completes with the last answer ("ok: …" or "refused: …"). */
    private CompletableFuture<String> sendAll(String nma, List<NmaControl.Order> orders) {
        CompletableFuture<String> chain = CompletableFuture.completedFuture(null);
        for (NmaControl.Order o : orders) {
            chain = chain.thenCompose(previous -> send(nma, o));
        }
        return chain;
    }

    private CompletableFuture<String> send(String nma, NmaControl.Order order) {
        return control.send(nma, order).handle((r, e) -> {
            String answer = e != null ? "failed: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                    : (r.ok() ? "ok: " : "refused: ") + r.detail();
            if (e != null || !r.ok()) {
                log.accept(nma + ": " + order + " " + answer);
            }
            return answer;
        });
    }

    private static CompletableFuture<Map<String, String>> answers(Map<String, CompletableFuture<String>> pending) {
        return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, String> out = new TreeMap<>();
            pending.forEach((k, f) -> out.put(k, f.join()));
            return out;
        });
    }

    private void emit(List<PlantAlert> raised) {
        for (PlantAlert a : raised) {
            alerts.incrementAndGet();
            log.accept("alert " + a.detector() + " " + a.rule() + ": " + a.seen());
            storeSelf(PlantEve.toJson(a));
        }
    }

    /** Stores one EVE line as an event of {@value #SELF}; the store's listeners (exports) take it from there. */
    private void storeSelf(String json) {
        long s = ++seq;
        store.ingest(SELF, List.of(new IngestRecord(s, IngestRecord.Kind.EVENT, clock.getAsLong(), json)))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        log.accept("an ASMA event was not stored: " + e.getMessage());
                    }
                });
    }

    private static String stateRecord(String from, StateFusion.Decision d, long micros) {
        ObjectNode o = JSON.createObjectNode();
        o.put("timestamp", EveTimestamps.format(micros));
        o.put("event_type", "state");
        ObjectNode s = o.putObject("state");
        s.put("from", from);
        s.put("to", d.state());
        s.put("origin", switch (d.origin()) {
            case DECLARED -> "declared";
            case RELEASED -> "released";
            default -> "plant";
        });
        s.put("allowed", true);
        if (d.by() != null) {
            s.put("declared_by", d.by());
        }
        ObjectNode votes = s.putObject("votes");
        d.votes().forEach(votes::put);
        return o.toString();
    }

    private static String votesText(Map<String, String> votes) {
        StringBuilder b = new StringBuilder();
        votes.forEach((nma, state) -> b.append(b.isEmpty() ? "" : ", ").append(nma).append('=').append(state));
        return b.toString();
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return n != null && n.isObject() ? n : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asString();
    }

    private void run(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.accept("plant: " + e);
                }
            });
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet();
        }
    }

    private <T> CompletableFuture<T> call(java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    f.complete(task.call());
                } catch (Exception e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("the plant thread is busy or stopped"));
        }
        return f;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
