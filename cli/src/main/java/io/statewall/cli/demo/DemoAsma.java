package io.statewall.cli.demo;

import io.statewall.asma.Asma;
import io.statewall.asma.AsmaConfig;
import io.statewall.asma.plant.PlantSupervisor;
import io.statewall.asma.plant.StateFusion;
import io.statewall.asma.store.AuditLog;
import io.statewall.asma.store.Document;
import io.statewall.asma.store.Documents;
import io.statewall.asma.store.EventFilter;
import io.statewall.asma.store.Events;
import io.statewall.asma.store.Store;
import io.statewall.asma.store.StoredEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The demo's ASMA, in-process: its data (store, link CA, the NMAs' certificates and spools) in a
 * temporary directory deleted at the end, its API and NMA link on free loopback ports, the demo's
 * plant file ({@code demo.plant.yaml}). It issues each NMA's enrolment token, and the demo learns
 * what it decided from its own state and store, as the console would: the plant states it fused
 * or was told, and its alerts (cross-checks, correlations, state disagreements).
 */
final class DemoAsma implements AutoCloseable {
    static final String PLANT_FILE = "demo.plant.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration NMA_STALE_AFTER = Duration.ofSeconds(1);
    /** The author of what the demo itself stores (its NMAs' policies) in the audit log and the versions. */
    static final String DEMO = "demo";

    /** A plant state the ASMA took. */
    record PlantState(long epochMillis, String from, String to, String origin, Map<String, String> votes) {
    }

    /** One of the ASMA's own alerts, as stored. */
    record AsmaAlert(long id, double epochMillis, String detector, String rule, String signature, List<String> nmas,
                     List<String> attack) {
        static AsmaAlert of(StoredEvent e) {
            JsonNode r = JSON.readTree(e.json());
            JsonNode sw = r.path("statewall");
            List<String> nmas = new ArrayList<>();
            sw.path("nmas").forEach(n -> nmas.add(n.asString()));
            List<String> attack = new ArrayList<>();
            sw.path("attack").forEach(n -> attack.add(n.asString()));
            return new AsmaAlert(e.id(), e.tsMicros() / 1000.0, sw.path("detector").asString(""),
                    sw.path("rule").asString(""), r.path("alert").path("signature").asString(""), List.copyOf(nmas),
                    List.copyOf(attack));
        }

        String describe() {
            return detector + " " + rule + ": " + signature + (nmas.isEmpty() ? "" : " (" + String.join(", ", nmas) + ")");
        }
    }

    private final Path dir;
    private final Asma asma;
    private final Set<String> everConnected = new LinkedHashSet<>();
    private final List<PlantState> states = new ArrayList<>();
    private final List<AsmaAlert> alerts = new ArrayList<>();
    private final Set<Long> alertIds = new HashSet<>();
    private String lastState = StateFusion.UNKNOWN;

    private DemoAsma(Path dir, Asma asma) {
        this.dir = dir;
        this.asma = asma;
    }

    /** Starts it with the demo's plant file; {@code address} is the loopback address it listens on. */
    static DemoAsma start(InetAddress address) throws IOException {
        Path dir = Files.createTempDirectory("statewall-demo-asma-");
        try {
            Path plant = dir.resolve(PLANT_FILE);
            try (InputStream in = DemoAsma.class.getResourceAsStream(PLANT_FILE)) {
                if (in == null) {
                    throw new IOException("the demo's plant file " + PLANT_FILE + " is missing from the build");
                }
                Files.copy(in, plant);
            }
            AsmaConfig d = AsmaConfig.DEFAULT;
            // An NMA whose network cannot tell the state reports `unknown`, which is no vote: its
            // last real vote stands until it is older than nma_stale_after. The demo runs at 10x
            // and its NMAs report every 100 ms, so 1 s (10 plant seconds) rather than 30 s: the
            // boiler network's trip vote (the spoofed trip bit) falls away a second after the
            // safety PLC reports the truth again, and the turbine network's `normal` decides.
            AsmaConfig config = new AsmaConfig(dir.resolve("asma"), d.store(), new InetSocketAddress(address, 0),
                    AsmaConfig.Tls.SELF_SIGNED, d.sessionTtl(), d.metricsPublic(), NMA_STALE_AFTER,
                    new InetSocketAddress(address, 0), d.plantPolicy(), d.users(), d.tokens(), d.exports(), plant);
            Asma asma = Asma.start(config, new PrintStream(PrintStream.nullOutputStream()));
            return new DemoAsma(dir, asma);
        } catch (Asma.StartException | IOException | RuntimeException e) {
            deleteTree(dir);
            throw e instanceof IOException io ? io : new IOException("the demo's ASMA did not start: " + e.getMessage(), e);
        }
    }

    Asma asma() {
        return asma;
    }

    /** A one-time enrolment token for {@code nma}, as {@code statewall asma} would issue it. */
    String tokenFor(String nma) throws IOException {
        return asma.link().tokens().issue(nma, Duration.ofHours(1));
    }

    /**
     * Stores {@code nma}'s policy as a policy version, as an admin's upload does (author
     * {@code demo}, audited), so that the console shows the policy in force and can push it; and
     * writes it as the file the NMA runs, whose digest the NMA reports in its heartbeats
     * ({@code file:} and 12 hex digits), which the ASMA matches to the stored version.
     *
     * @return the NMA's policy file
     */
    Path storePolicy(String nma, String name, String yaml) throws IOException {
        Store.join(asma.store().write(c -> {
            Document d = Documents.add(c, "policy", name, yaml, DEMO, "the policy " + nma + " enforces in this run");
            AuditLog.append(c, DEMO, "policy.upload", "policy v" + d.version(), "ok", "sha256 " + d.sha256()
                    + "; the policy " + nma + " enforces in this run", null);
            return d;
        }));
        Path file = dir.resolve(nma + ".policy.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** Where an NMA keeps its certificate and spool: in the run's temporary directory too. */
    Path nmaDataDir(String nma) {
        return dir.resolve(nma);
    }

    String plantState() {
        return asma.plant().snapshot().decision().state();
    }

    /**
     * Declares the plant state (the shift supervisor at the console): pushed to every NMA.
     * Returns once each connected NMA answered.
     */
    void declare(String state, String by) {
        join(asma.plant().declare(state, by));
    }

    void release(String by) {
        join(asma.plant().release(by));
    }

    private static void join(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the ASMA did not carry out the declaration: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What is new since the last look: plant states taken and alerts stored (each handed to its
     * listener, in order). Called from one thread, the demo's display loop.
     */
    void poll(java.util.function.Consumer<PlantState> onState, java.util.function.Consumer<AsmaAlert> onAlert) {
        PlantSupervisor.Snapshot s = asma.plant().snapshot();
        everConnected.addAll(s.connected());
        StateFusion.Decision d = s.decision();
        if (!d.state().equals(lastState)) {
            PlantState p = new PlantState(System.currentTimeMillis(), lastState, d.state(),
                    d.origin().name().toLowerCase(java.util.Locale.ROOT), d.votes());
            lastState = d.state();
            synchronized (this) {
                states.add(p);
            }
            onState.accept(p);
        }
        EventFilter mine = new EventFilter(null, null, List.of(PlantSupervisor.SELF), List.of("alert"), null, null,
                null, null, null, null, null, null, null, null, null, EventFilter.MAX_LIMIT);
        List<StoredEvent> page = new Events(asma.store()).page(mine).items();
        List<AsmaAlert> fresh = new ArrayList<>();
        for (StoredEvent e : page) {
            if (alertIds.add(e.id())) {
                fresh.add(AsmaAlert.of(e));
            }
        }
        fresh.sort(Comparator.comparingLong(AsmaAlert::id));
        synchronized (this) {
            alerts.addAll(fresh);
        }
        fresh.forEach(onAlert);
    }

    /** What the ASMA did in this run, for the summary. */
    synchronized DemoAsmaSummary summary() {
        return new DemoAsmaSummary("https://" + asma.apiAddress().getAddress().getHostAddress() + ":"
                + asma.apiAddress().getPort() + "/api/v1", asma.initialAdminToken(), List.copyOf(everConnected),
                List.copyOf(states), List.copyOf(alerts));
    }

    @Override
    public void close() {
        try {
            asma.close();
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory: what is left the system cleans up
        }
    }
}
