package io.statewall.asma;

import io.statewall.asma.api.Api;
import io.statewall.asma.api.ApiBodies;
import io.statewall.asma.api.ApiContext;
import io.statewall.asma.api.ApiServer;
import io.statewall.asma.auth.LoginThrottle;
import io.statewall.asma.auth.Principal;
import io.statewall.asma.auth.Role;
import io.statewall.asma.auth.Tokens;
import io.statewall.asma.auth.Users;
import io.statewall.asma.console.ConsoleFiles;
import io.statewall.asma.console.LiveFeed;
import io.statewall.asma.export.EveFileExporter;
import io.statewall.asma.export.Exporter;
import io.statewall.asma.export.Exports;
import io.statewall.asma.export.SyslogExporter;
import io.statewall.asma.export.WebhookExporter;
import io.statewall.asma.ingest.LinkControl;
import io.statewall.asma.ingest.PlantLinkSink;
import io.statewall.asma.ingest.StoreLinkSink;
import io.statewall.asma.orchestration.Orchestrator;
import io.statewall.asma.plant.PlantModelLoader;
import io.statewall.asma.plant.PlantSupervisor;
import io.statewall.asma.metrics.AsmaMetrics;
import io.statewall.asma.store.AuditLog;
import io.statewall.asma.store.Document;
import io.statewall.asma.store.Documents;
import io.statewall.asma.store.Store;
import io.statewall.asma.tls.ApiTls;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;
import io.statewall.link.LinkServer;
import io.statewall.link.LinkServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;

/**
 * The ASMA server: the store, the NMA link feeding it, the REST API, the exports and the
 * metrics, started in that order and closed in the reverse one. {@link #start} fails with
 * {@link StartException} (a one-line reason) for anything the user must fix: a port in use, an
 * unreadable certificate, a plant policy that does not load.
 */
public final class Asma implements AutoCloseable {
    /** Starting failed for a reason the user can act on. */
    public static final class StartException extends Exception {
        public StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Store store;
    private final LinkServer link;
    private final ApiServer api;
    private final Exports exports;
    private final AsmaMetrics metrics;
    private final String adminToken;
    private final String tlsFingerprint;
    private final List<String> routes;
    private final PlantSupervisor plant;
    private final LiveFeed feed;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;

    private Asma(Store store, LinkServer link, ApiServer api, Exports exports, AsmaMetrics metrics, String adminToken,
                 String tlsFingerprint, List<String> routes, PlantSupervisor plant, LiveFeed feed) {
        this.plant = plant;
        this.feed = feed;
        this.store = store;
        this.link = link;
        this.api = api;
        this.exports = exports;
        this.metrics = metrics;
        this.adminToken = adminToken;
        this.tlsFingerprint = tlsFingerprint;
        this.routes = routes;
    }

    /** Every API endpoint, as "METHOD /path/{param}". */
    public List<String> routes() {
        return routes;
    }

    /** Starts everything; {@code log} gets one line per notable step. */
    public static Asma start(AsmaConfig config, PrintStream log) throws StartException {
        return start(config, log, null);
    }

    /**
     * As {@link #start(AsmaConfig, PrintStream)}; {@code control}, when not null, carries the API's
     * orders instead of the link (for tests of the API without NMAs).
     */
    public static Asma start(AsmaConfig config, PrintStream log, NmaControl control) throws StartException {
        Store store;
        try {
            store = Store.open(config.dataDir(), config.store());
        } catch (RuntimeException e) {
            throw new StartException(e.getMessage(), e);
        }
        List<AutoCloseable> opened = new ArrayList<>();
        opened.add(store);
        try {
            AsmaMetrics metrics = new AsmaMetrics();
            store.observer(metrics::committed);
            store.addListener(metrics::ingested);
            Exports exports = exports(config);
            opened.add(exports);
            for (Exporter x : exports.exporters()) {
                metrics.export(x.name(), x::depth, x::dropped, x::sent);
            }
            store.addListener(exports::accept);
            exports.start();
            String adminToken = firstStart(store);
            storePlantPolicy(config, store, log);

            io.statewall.asma.plant.PlantModel plantModel = plantModel(config);
            LinkServer link = null;
            NmaControl nmaControl = control;
            // The link starts before the supervisor exists (it needs the link's control), so the
            // sink reaches the supervisor through this holder.
            java.util.concurrent.atomic.AtomicReference<PlantSupervisor> plantRef = new java.util.concurrent.atomic.AtomicReference<>();
            if (config.linkListen() != null) {
                io.statewall.link.LinkSink sink = new StoreLinkSink(store);
                if (plantModel != null) {
                    sink = new PlantLinkSink(sink, plantRef::get);
                }
                try {
                    link = LinkServer.start(LinkServerConfig.of(config.linkListen(), config.dataDir())
                            .withLog(line -> log.println("statewall asma: link: " + line)), sink);
                } catch (IOException | GeneralSecurityException e) {
                    throw new StartException("link " + text(config.linkListen()) + ": cannot start (" + e.getMessage() + ")", e);
                }
                opened.add(link);
                if (nmaControl == null) {
                    nmaControl = new LinkControl(link);
                }
            }
            if (nmaControl == null) {
                nmaControl = NmaControl.NONE;
            }
            NmaControl ctl = nmaControl;
            metrics.connected(() -> ctl.connected().size());
            PlantSupervisor plant = null;
            if (plantModel != null) {
                plant = new PlantSupervisor(plantModel, store, ctl, config.nmaStaleAfter(), Duration.ofSeconds(1),
                        PlantSupervisor::wallClockNanos, line -> log.println("statewall asma: plant: " + line));
                opened.add(plant);
                store.addListener(plant::events);
                plantRef.set(plant);
                metrics.plant(plant::alertsRaised, plant::dropped);
            }

            Map<String, Principal> fixed = new HashMap<>();
            for (AsmaConfig.ConfigToken t : config.tokens()) {
                fixed.put(t.sha256(), new Principal("token:" + t.name(), t.role(), 0, false));
            }
            ApiContext ctx = new ApiContext(store, new Tokens(store, fixed), new Users(store, config.users()),
                    new LoginThrottle(), ctl, config.sessionTtl(), config.nmaStaleAfter(), metrics::scrape,
                    config.metricsPublic(), link == null ? null : link.tokens());
            SSLContext tls = null;
            String fingerprint = null;
            if (config.tls().mode() != AsmaConfig.Tls.Mode.OFF) {
                try {
                    ApiTls t = config.tls().mode() == AsmaConfig.Tls.Mode.FILES
                            ? ApiTls.load(config.tls().cert(), config.tls().key()) : ApiTls.selfSigned(config.dataDir(), config.apiListen().getAddress());
                    tls = t.serverContext();
                    fingerprint = t.fingerprint();
                } catch (IOException | GeneralSecurityException e) {
                    throw new StartException("api.tls: " + e.getMessage(), e);
                }
            }
            ApiBodies bodies = new ApiBodies(ctx, plant);
            LiveFeed feed = new LiveFeed(bodies, ctx.tokens()::authenticate);
            opened.add(feed);
            store.addListener(feed::committed);
            metrics.consoleStreams(feed::subscribers);
            io.statewall.asma.api.Router router = Api.router(ctx, plant, new Orchestrator(store, ctl, Duration.ofSeconds(15)),
                    bodies, feed);
            List<String> routes = router.routes().stream().map(r -> r.method() + " " + r.template()).toList();
            ApiServer api = new ApiServer(config.apiListen(), tls, router, ConsoleFiles.load(), metrics::request);
            try {
                api.start();
            } catch (Exception e) {
                api.close();
                throw new StartException("api " + text(config.apiListen()) + ": cannot listen (" + e.getMessage() + ")", e);
            }
            // Said once everything runs (a failed start is one line, the reason).
            log.println(plantModel == null
                    ? "statewall asma: no plant file (plant: in the configuration): no plant-wide state fusion,"
                            + " cross-checks or correlation"
                    : "statewall asma: plant '" + plantModel.name() + "' from " + config.plant() + ": "
                            + plantModel.states().size() + " states, " + plantModel.nmas().size() + " NMAs, "
                            + plantModel.crossChecks().size() + " cross-checks, " + plantModel.correlations().size()
                            + " correlations");
            return new Asma(store, link, api, exports, metrics, adminToken, fingerprint, routes, plant, feed);
        } catch (StartException | RuntimeException e) {
            for (AutoCloseable c : opened.reversed()) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // failing already
                }
            }
            if (e instanceof StartException s) {
                throw s;
            }
            throw new StartException(e.getMessage(), e);
        }
    }

    /** The plant file, loaded and checked; null without one: no plant-wide fusion. */
    private static io.statewall.asma.plant.PlantModel plantModel(AsmaConfig config) throws StartException {
        if (config.plant() == null) {
            return null;
        }
        try {
            return PlantModelLoader.load(config.plant());
        } catch (IOException e) {
            throw new StartException("plant " + config.plant() + ": cannot read (" + e.getMessage() + ")", e);
        } catch (PlantModelLoader.PlantModelException e) {
            throw new StartException("plant " + e.getMessage(), e);
        }
    }

    /** The plant supervisor, or null without a plant file. */
    public PlantSupervisor plant() {
        return plant;
    }

    /** The first start (no API token yet): an admin token, returned once; null on later starts. */
    private static String firstStart(Store store) {
        return Store.join(store.write(c -> {
            if (Tokens.anyApiToken(c)) {
                return null;
            }
            Tokens.Issued t = Tokens.create(c, "admin", Role.ADMIN, "api", "system", "system", null);
            AuditLog.append(c, "system", "token.create", "token " + t.info().id() + " (admin)", "ok",
                    "first start: the initial admin token", null);
            return t.secret();
        }));
    }

    /** The configuration's plant policy, checked, and stored as a new version when it differs from the last. */
    private static void storePlantPolicy(AsmaConfig config, Store store, PrintStream log) throws StartException {
        if (config.plantPolicy() == null) {
            return;
        }
        String text;
        String name;
        try {
            text = Files.readString(config.plantPolicy());
            name = PolicyLoader.parse(text, config.plantPolicy().toString()).name();
        } catch (IOException e) {
            throw new StartException("plant_policy " + config.plantPolicy() + ": cannot read (" + e.getMessage() + ")", e);
        } catch (PolicyException e) {
            throw new StartException("plant_policy " + config.plantPolicy() + ": not a valid policy ("
                    + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems") + "; see 'statewall policy check')", e);
        }
        Optional<Document> last = new Documents(store).list("policy").stream().findFirst()
                .flatMap(d -> new Documents(store).get("policy", d.version()));
        if (last.isPresent() && last.get().content().equals(text)) {
            return;
        }
        Document d = Store.join(store.write(c -> {
            Document stored = Documents.add(c, "policy", name, text, "config", "plant_policy " + config.plantPolicy());
            AuditLog.append(c, "system", "policy.upload", "policy v" + stored.version(), "ok",
                    "from the configuration's plant_policy; sha256 " + stored.sha256(), null);
            return stored;
        }));
        log.println("statewall asma: plant policy '" + name + "' stored as policy version " + d.version());
    }

    private static Exports exports(AsmaConfig config) {
        List<Exporter> list = new ArrayList<>();
        String version = Optional.ofNullable(Asma.class.getPackage().getImplementationVersion()).orElse("dev");
        for (AsmaConfig.ExportSpec s : config.exports()) {
            list.add(switch (s) {
                case AsmaConfig.SyslogSpec y -> new SyslogExporter(y.name(), y.filter(), y.transport(), y.address(),
                        y.facility(), version, y.queue());
                case AsmaConfig.EveFileSpec f -> new EveFileExporter(f.name(), f.filter(), f.path(), f.queue());
                case AsmaConfig.WebhookSpec w -> new WebhookExporter(w.name(), w.filter(), w.url(), w.authorization(),
                        w.queue(), w.initialBackoff().toMillis(), w.maxBackoff().toMillis(), w.maxAttempts());
            });
        }
        return new Exports(list);
    }

    public Store store() {
        return store;
    }

    /** The API's bound address. */
    public InetSocketAddress apiAddress() {
        return api.address();
    }

    /** The link's bound address, or null without a link. */
    public InetSocketAddress linkAddress() {
        return link == null ? null : link.address();
    }

    /** The link server, or null. */
    public LinkServer link() {
        return link;
    }

    /** The admin token made on this, the first, start; null on later starts. */
    public String initialAdminToken() {
        return adminToken;
    }

    /** The SHA-256 fingerprint of the API's certificate, null without TLS. */
    public String tlsFingerprint() {
        return tlsFingerprint;
    }

    public Exports exports() {
        return exports;
    }

    public AsmaMetrics metrics() {
        return metrics;
    }

    /** NMAs connected now (from the link). */
    public Set<String> connected() {
        return link == null ? Set.of() : link.connected();
    }

    /** Blocks until {@link #close()}. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops accepting, lets the writes in flight commit, sends what the exports hold, closes the store. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        feed.close();
        api.close();
        if (link != null) {
            link.close();
        }
        if (plant != null) {
            plant.close();
        }
        store.close();
        exports.close();
        stopped.countDown();
    }

    private static String text(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
