package io.statewall.cli.demo;

import io.statewall.capture.write.TcpConversationRecorder;
import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.state.InvalidStateModelException;
import io.statewall.nma.inline.InlineOptions;
import io.statewall.nma.inline.InlineProxy;
import io.statewall.nma.inline.InlineRoute;
import io.statewall.nma.inline.RouteStats;
import io.statewall.nma.link.AsmaLinkSettings;
import io.statewall.nma.link.NmaLink;
import io.statewall.plantsim.AcceptedWrite;
import io.statewall.plantsim.CommandOutcome;
import io.statewall.plantsim.Controller;
import io.statewall.plantsim.DeclarationListener;
import io.statewall.plantsim.Endpoints;
import io.statewall.plantsim.HmiConfig;
import io.statewall.plantsim.Milestone;
import io.statewall.plantsim.PlantListener;
import io.statewall.plantsim.PlantSim;
import io.statewall.plantsim.PlantSimConfig;
import io.statewall.plantsim.PlantSnapshot;
import io.statewall.plantsim.Scenario;
import io.statewall.plantsim.ScenarioRun;
import io.statewall.plantsim.Stations;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code statewall demo}: the simulated power unit, two NMAs inline, one per control
 * network ({@link ControlNetwork}), enforcing the example policy's rules, an ASMA that enrols
 * them, fuses their views into the plant's state, pushes it back to them and cross-checks and
 * correlates what they report ({@link DemoAsma}), the HMI and the crew's stations talking to the
 * controllers only through the NMAs, the crew's operating sequence, and the attack campaign;
 * shown live, then summed up and reported.
 *
 * <pre>
 *  HMI 127.30.1.10 ─┐                      ┌─ boiler-nma  127.30.2.20:p ─► boiler-plc  127.30.2.20:q
 *  desk 127.30.1.11 ├── Modbus/TCP ───────►├─ boiler-nma  127.30.2.40:p ─► safety-plc  127.30.2.40:q
 *  eng-ws .1.50     │                      └─ turbine-nma 127.30.2.30:p ─► turbine-plc 127.30.2.30:q
 *  intruder .1.66 ──┘ (and malware on the desk and on eng-ws)        │ mutual TLS link
 *                                                    ASMA 127.30.3.10 ◄┘ (API on the same address)
 * </pre>
 *
 * Everything is on loopback with ports the system picks, and is closed when the run ends.
 */
public final class DemoRun {
    /** The operating sequence's pace: 10 plant seconds a second meets the example policy's dwell times. */
    static final double TIME_SCALE = 10;
    /** After the sequence's last command: time for the NMA to see the unit stopped again. */
    private static final Duration SETTLE = Duration.ofSeconds(4);
    private static final long STATUS_EVERY_MILLIS = 250;
    /** How often each NMA tells the ASMA its state and readings: 1 plant second. */
    private static final Duration LINK_HEARTBEAT = Duration.ofMillis(100);

    private final DemoOptions options;
    private final PrintStream out;
    private final Ledger ledger = new Ledger();
    private final CampaignPlan campaign;
    private LiveDisplay display;
    private PlantSim sim;
    /** The NMAs, one per {@link ControlNetwork#DEMO}, in that order, and their links to the ASMA. */
    private final List<InlineProxy> nmas = new ArrayList<>();
    private final List<NmaLink> links = new ArrayList<>();
    private DemoAsma asma;
    private DemoAsmaSummary asmaSummary;
    private Endpoints viaNma;
    private EveFeed feed;
    private TcpConversationRecorder recorder;
    private double origin;
    private long startMillis;
    private long deadlineMillis;
    private ScenarioRun sequence;
    private volatile long attackSince = Long.MAX_VALUE;
    private volatile boolean stopCampaign;
    private List<AcceptedWrite> controllerWrites = List.of();
    private String finalPlantState = "unknown";
    private final Set<AlertSeen> shownFalseAlerts = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<CommandOutcome> refusedCommands = Collections.synchronizedList(new ArrayList<>());
    private final List<String[]> declarations = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<ConsoleAccess> console = new CompletableFuture<>();
    private volatile boolean endRequested;
    private boolean consoleClosed;

    /**
     * Where the operators' console of the run's ASMA answers, and its admin token.
     *
     * @param base           {@code https://address:port/}
     * @param adminToken     the bearer token of the ASMA's initial admin
     * @param tlsFingerprint the SHA-256 of its self-signed certificate (which names the demo's address), as
     *                       colon-separated hex pairs: what a client pins, there being no CA to check it against
     */
    record ConsoleAccess(URI base, String adminToken, String tlsFingerprint) {
    }

    /** Whether standard output is an interactive terminal, where the progress line is redrawn in place. */
    public static boolean stdoutIsTerminal() {
        return LiveDisplay.stdoutIsTerminal();
    }

    public DemoRun(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.campaign = options.attacks() ? CampaignPlan.standard() : CampaignPlan.none();
    }

    /** Runs the demo to its end and returns its outcome (also shown and, if asked, written). */
    public DemoSummary run() throws IOException, InterruptedException {
        startMillis = System.currentTimeMillis();
        display = new LiveDisplay(out, options.terminal(), startMillis);
        List<AttackResult> results;
        try {
            start();
            console.complete(new ConsoleAccess(URI.create(consoleBase()), asma.asma().initialAdminToken(),
                    asma.asma().tlsFingerprint()));
            results = operate();
        } finally {
            console.completeExceptionally(new IllegalStateException("the demo ended before its ASMA was up"));
            stop();
        }
        return summary(results);
    }

    // ---------------------------------------------------------------------------------------
    // Setting up
    // ---------------------------------------------------------------------------------------

    private void start() throws IOException {
        Map<Controller, InetAddress> binds = new EnumMap<>(Controller.class);
        binds.put(Controller.BOILER, DemoNetwork.BOILER_PLC);
        binds.put(Controller.TURBINE, DemoNetwork.TURBINE_PLC);
        binds.put(Controller.SAFETY, DemoNetwork.SAFETY_PLC);
        sim = new PlantSim(PlantSimConfig.defaults().withSeed(options.seed()).withTimeScale(TIME_SCALE)
                .withBindAddresses(binds)).start();
        Endpoints plcs = sim.endpoints();
        Map<String, InetSocketAddress> byAsset = new LinkedHashMap<>();
        for (Controller c : Controller.values()) {
            byAsset.put(c.asset(), plcs.get(c));
        }
        DemoPolicy policy = DemoPolicy.forControllers(byAsset);
        asma = DemoAsma.start(DemoNetwork.ASMA);

        OutputStream eveCopy = options.eve() == null ? null
                : new BufferedOutputStream(Files.newOutputStream(options.eve()));
        // One feed for both NMAs: each EVE writer hands over whole lines only, so they never mix.
        feed = new EveFeed(ledger, eveCopy);
        if (options.pcap() != null) {
            recorder = TcpConversationRecorder.create(options.pcap());
            Files.writeString(companionPolicy(options.pcap()), policy.captureYaml());
        }
        ledger.onStateChange(this::showState);
        Map<Controller, InetSocketAddress> listen = new EnumMap<>(Controller.class);
        for (ControlNetwork network : ControlNetwork.DEMO) {
            startNma(network, byAsset, plcs, listen);
        }
        viaNma = new Endpoints(listen.get(Controller.BOILER), listen.get(Controller.TURBINE),
                listen.get(Controller.SAFETY));

        header(plcs, viaNma);
        sim.addListener(new PlantListener() {
            @Override
            public void onMilestone(Milestone m) {
                display.event(System.currentTimeMillis(), m.time() - origin, "plant", m.description());
            }

            @Override
            public void onCommand(CommandOutcome o) {
                if (!o.ok()) {
                    refusedCommands.add(o);
                    display.event(System.currentTimeMillis(), o.time() - origin, "! operator",
                            "command not carried out: " + o.step().description() + " (" + o.detail() + ")");
                }
            }
        });
        sim.hmi(viaNma, HmiConfig.defaults().withLocalAddress(DemoNetwork.HMI));
        Stations stations = new Stations(viaNma, DemoNetwork.OPERATOR_DESK, DemoNetwork.ENGINEERING_STATION,
                Duration.ofSeconds(2), new DeclarationListener() {
                    @Override
                    public void onDeclare(String state) {
                        declarations.add(new String[] {state, Instant.now().toString(), null});
                        // At the ASMA's console: the plant state, pushed to both NMAs.
                        asma.declare(state, "shift supervisor (operator desk)");
                    }

                    @Override
                    public void onRelease() {
                        synchronized (declarations) {
                            if (!declarations.isEmpty()) {
                                declarations.getLast()[2] = Instant.now().toString();
                            }
                        }
                        asma.release("shift supervisor (operator desk)");
                    }
                });
        origin = sim.snapshot().time();
        sequence = sim.run(Scenario.normalOperation(true), stations);
        long sequenceMillis = (long) (sequence.scenario().duration() / TIME_SCALE * 1000) + SETTLE.toMillis();
        // The run's length counts from the start of the crew's sequence: setting up (the ASMA's
        // store and keys, enrolling the NMAs) takes a few seconds that a cut-short run must not lose.
        deadlineMillis = System.currentTimeMillis() + (options.duration() == null ? sequenceMillis
                : Math.min(options.duration().toMillis(), sequenceMillis));
    }

    /**
     * Enrols {@code network}'s NMA with a token the ASMA issued, and starts it inline in front of
     * the network's controllers, reporting over the link.
     */
    private void startNma(ControlNetwork network, Map<String, InetSocketAddress> byAsset, Endpoints plcs,
                          Map<Controller, InetSocketAddress> listen) throws IOException {
        String yaml = DemoPolicy.networkYaml(byAsset, network);
        Policy policy = DemoPolicy.load(yaml, network);
        Path policyFile = asma.storePolicy(network.nma(), policy.name(), yaml);
        NmaLink link = NmaLink.start(new AsmaLinkSettings(asma.asma().linkAddress(), asma.tokenFor(network.nma()),
                asma.nmaDataDir(network.nma()), LINK_HEARTBEAT, 16 << 20), policyFile, line -> { });
        links.add(link);
        EveWriter eve = new EveWriter(link.tee(feed), EnumSet.of(EventType.ALERT, EventType.STATE, EventType.ANOMALY,
                EventType.STATS));
        List<InlineRoute> routes = new ArrayList<>();
        for (Controller c : network.controllers()) {
            InetSocketAddress plc = plcs.get(c);
            // The NMA stands at the controller's address, on a port of its own: a bump in the wire.
            routes.add(new InlineRoute(c.asset(), new InetSocketAddress(plc.getAddress(), 0), plc));
        }
        InlineProxy nma;
        try {
            nma = new InlineProxy(routes, policy, InlineOptions.DEFAULT, eve);
        } catch (InvalidStateModelException e) {
            throw new IllegalStateException("the example policy's plant model: " + e.getMessage(), e);
        }
        nma.statsEvery(Duration.ofSeconds(30));
        if (recorder != null) {
            nma.tap(new CaptureTap(recorder));
        }
        nmas.add(nma);
        nma.start();
        link.attach(nma);
        List<InetSocketAddress> at = nma.listenAddresses();
        for (int i = 0; i < network.controllers().size(); i++) {
            listen.put(network.controllers().get(i), at.get(i));
        }
    }

    /**
     * The operators' console of the demo's ASMA, with its admin token in the fragment: the page
     * signs in with it and takes it out of the address bar, and a fragment is never sent to a
     * server. Printed because the demo's ASMA lives in a temporary directory for one run only.
     */
    public String consoleLink() {
        return consoleBase() + "#token=" + asma.asma().initialAdminToken();
    }

    /** Where the console answers: the ASMA's API address, path {@code /}. */
    private String consoleBase() {
        return "https://" + hostPort(asma.asma().apiAddress()) + "/";
    }

    private void header(Endpoints plcs, Endpoints viaNma) {
        display.line("statewall demo: Unit 3 thermal power unit, simulated at " + (int) TIME_SCALE
                + "x on loopback, seed " + options.seed());
        for (Controller c : Controller.values()) {
            display.line(String.format(Locale.ROOT, "  %-12s j2mod Modbus/TCP server %-20s %s inline in front at %s",
                    c.asset(), hostPort(plcs.get(c)), ControlNetwork.of(c).nma(), hostPort(viaNma.get(c))));
        }
        display.line("  ASMA         API https://" + hostPort(asma.asma().apiAddress()) + "/api/v1, NMA link "
                + hostPort(asma.asma().linkAddress()) + " (mutual TLS, each NMA enrolled with a token it issued);"
                + " plant file " + DemoAsma.PLANT_FILE);
        display.line("  console      " + consoleLink() + " (self-signed certificate; the link signs in as the"
                + " demo's admin)");
        display.line("  policy       examples/thermal-power-unit.yaml (plant network 10.30.0.0/16 moved to 127.30.0.0/16)");
        display.line("  HMI " + DemoNetwork.HMI.getHostAddress() + " polls every 500/200/250 ms; operator desk "
                + DemoNetwork.OPERATOR_DESK.getHostAddress() + "; engineering workstation "
                + DemoNetwork.ENGINEERING_STATION.getHostAddress());
        display.line(options.attacks()
                ? "  attacks      " + campaign.planned().size() + " scenarios, from an unknown host "
                        + DemoNetwork.INTRUDER.getHostAddress() + " and malware on the desk and the workstation"
                : "  attacks      none (--no-attacks)");
        display.line("");
        display.line("  wall   plant   who         what");
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    static Path companionPolicy(Path pcap) {
        String name = pcap.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return pcap.resolveSibling(base + ".policy.yaml");
    }

    // ---------------------------------------------------------------------------------------
    // Running
    // ---------------------------------------------------------------------------------------

    private List<AttackResult> operate() throws InterruptedException {
        CompletableFuture<List<AttackResult>> attacks = CompletableFuture.supplyAsync(this::runCampaign,
                r -> Thread.ofPlatform().daemon().name("demo-campaign").start(r));
        CompletableFuture<Void> settled = sequence.completion().thenCompose(done -> settle());
        while (!endRequested && System.currentTimeMillis() < deadlineMillis && !(settled.isDone() && attacks.isDone())) {
            showStatus();
            showFalseAlerts();
            try {
                CompletableFuture.anyOf(CompletableFuture.allOf(settled, attacks))
                        .get(STATUS_EVERY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // time to redraw
            }
        }
        stopCampaign = true;
        List<AttackResult> results;
        try {
            results = attacks.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            results = List.of();
        }
        syncWithNma();
        attackSince = Long.MAX_VALUE;
        showFalseAlerts();
        pollAsma();
        display.finish();
        return results;
    }

    /** Completes once the NMA has followed the unit back to rest after the last command. */
    private CompletableFuture<Void> settle() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("demo-settle").start(() -> {
            long until = System.currentTimeMillis() + SETTLE.toMillis();
            while (System.currentTimeMillis() < until && !"stopped".equals(asma.plantState())) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    break;
                }
            }
            done.complete(null);
        });
        return done;
    }

    private List<AttackResult> runCampaign() {
        List<AttackResult> results = new ArrayList<>();
        for (CampaignPlan.Planned planned : campaign.planned()) {
            double due = origin + planned.at();
            while (!stopCampaign && sim.snapshot().time() < due && System.currentTimeMillis() < deadlineMillis) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return results;
                }
            }
            if (stopCampaign || System.currentTimeMillis() >= deadlineMillis) {
                results.add(AttackResult.notRun(planned));
                continue;
            }
            attackSince = System.currentTimeMillis();
            display.event(attackSince, sim.snapshot().time() - origin, "ATTACK",
                    planned.id() + "  " + String.join(" ", planned.techniques()) + "  " + planned.title());
            AttackRecord record;
            try {
                record = campaign.execute(planned, this);
                if (record.reporting()) {
                    awaitStateModelVerdict(record);
                }
            } catch (InterruptedException e) {
                return results;
            } catch (RuntimeException e) {
                display.detail("-> could not be carried out: " + e.getMessage());
                results.add(AttackResult.notRun(planned));
                attackSince = Long.MAX_VALUE;
                continue;
            }
            syncWithNma();
            ledger.attackDone(record);
            AttackResult result = AttackResult.of(record, ledger.alertsOf(record));
            results.add(result);
            display.detail("-> " + result.verdictLine());
            attackSince = Long.MAX_VALUE;
        }
        return results;
    }

    /**
     * A spoof is over when its controller reports the truth again; the NMA can only notice it when
     * the next poll shows readings its state model cannot follow. Waits for that alert, or for the
     * grace a poll and a tick take.
     */
    private void awaitStateModelVerdict(AttackRecord spoof) throws InterruptedException {
        long until = spoof.endMillis() + AttackRecord.REPORTING_GRACE_MILLIS;
        while (System.currentTimeMillis() < until) {
            syncWithNma();
            if (ledger.alertsOf(spoof).stream().anyMatch(AlertSeen::stateModel)) {
                return;
            }
            Thread.sleep(50);
        }
    }

    double origin() {
        return origin;
    }

    /**
     * Stops the ASMA kept up after the run ({@link DemoOptions#hold}) and deletes its data; once,
     * whoever calls first (the command's shutdown hook).
     */
    public synchronized void closeConsole() {
        if (asma != null && !consoleClosed) {
            consoleClosed = true;
            asma.close();
        }
    }

    /** Completes once the ASMA and both NMAs are up (exceptionally if the run ends before). */
    CompletableFuture<ConsoleAccess> console() {
        return console;
    }

    /**
     * Ends the run as if its time were up: the attack under way finishes, the rest of the
     * campaign does not run, and {@link #run} sums up and returns.
     */
    void endEarly() {
        endRequested = true;
    }

    /** For the campaign: where to aim, and the plant (a spoof needs its controllers). */
    Endpoints nmaEndpoints() {
        return viaNma;
    }

    PlantSim plant() {
        return sim;
    }

    /** The plant state the ASMA decided (and pushed to both NMAs). */
    String nmaState() {
        return asma.plantState();
    }

    /** What the ASMA did, once the run is over (null before). */
    public DemoAsmaSummary asmaSummary() {
        return asmaSummary;
    }

    /** Every alert of every request answered so far is in the ledger when this returns. */
    private void syncWithNma() {
        try {
            for (InlineProxy nma : nmas) {
                nma.sync().get(5, TimeUnit.SECONDS);
            }
            feed.awaitProcessed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the NMA stopped: what it wrote is all there will be
        }
    }

    private void showState(Ledger.StateSeen s) {
        if ("declared".equals(s.origin()) && s.allowed()) {
            return; // a push of the ASMA's (both NMAs follow it): shown once, as the plant state
        }
        String how = switch (s.origin()) {
            case "declared" -> "pushed by the ASMA";
            case "released" -> "declaration released";
            case "stale" -> "readings went stale";
            default -> s.cause() == null ? "" : s.cause();
        };
        display.event((long) s.epochMillis(), sim.snapshot().time() - origin, "NMA state",
                s.from() + " -> " + s.to() + (how.isEmpty() ? "" : "   (" + how + ")")
                        + (s.allowed() ? "" : "   ! a transition the plant model forbids: alert"));
    }

    private void showStatus() {
        long now = System.currentTimeMillis();
        PlantSnapshot p = sim.snapshot();
        long requests = 0;
        for (InlineProxy nma : nmas) {
            for (RouteStats r : nma.stats()) {
                requests += r.requests();
            }
        }
        pollAsma();
        double fraction = (double) (now - startMillis) / Math.max(1, deadlineMillis - startMillis);
        display.status(fraction, String.format(Locale.ROOT,
                "%s/%s  plant %4.0f s  ASMA %-11s load %5.1f MW  %4.0f rpm  %5.1f bar  requests %,d  blocked %,d  alerts %,d",
                LiveDisplay.clock(now - startMillis), LiveDisplay.clock(deadlineMillis - startMillis),
                p.time() - origin, asma.plantState(), p.loadMw(), p.turbineSpeed(), p.drumPressure(), requests,
                ledger.blockedCount(), ledger.alertCount()));
    }

    /** The ASMA's plant states and alerts, as they come. */
    private void pollAsma() {
        asma.poll(s -> display.event(s.epochMillis(), sim.snapshot().time() - origin, "PLANT state",
                        s.from() + " -> " + s.to() + "   (" + s.origin() + (s.votes().isEmpty() ? ""
                                : ": " + DemoAsmaSummary.votes(s.votes())) + ")"),
                a -> display.event((long) a.epochMillis(), Double.NaN, "! ASMA", a.describe()));
    }

    /** Alerts no attack explains, once no attack still running could claim them: shown at once. */
    private void showFalseAlerts() {
        long cutoff = Math.min(System.currentTimeMillis() - 1_000, attackSince);
        for (AlertSeen a : ledger.unexplained(cutoff)) {
            if (shownFalseAlerts.add(a)) {
                display.event((long) a.epochMillis(), Double.NaN, "! ALERT",
                        "on legitimate traffic: " + a.describe());
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Ending
    // ---------------------------------------------------------------------------------------

    private DemoSummary summary(List<AttackResult> results) {
        long requests = 0;
        long blocked = 0;
        for (InlineProxy nma : nmas) {
            for (RouteStats r : nma.stats()) {
                requests += r.requests();
                blocked += r.blocked();
            }
        }
        long attackRequests = results.stream().mapToLong(AttackResult::requests).sum();
        List<AlertSeen> falseAlerts = ledger.unexplained(Double.MAX_VALUE);
        List<String> states = new ArrayList<>();
        for (Ledger.StateSeen s : ledger.states()) {
            if (states.isEmpty()) {
                states.add(s.from());
            }
            // Both NMAs report each pushed state: one entry per change of state.
            if (!s.to().equals(states.getLast())) {
                states.add(s.to());
            }
        }
        return new DemoSummary(options.seed(), Instant.ofEpochMilli(startMillis), System.currentTimeMillis() - startMillis,
                results, requests, blocked, attackRequests, ledger.alertCount(), falseAlerts, states,
                List.copyOf(refusedCommands), List.copyOf(declarations), finalPlantState,
                options.pcap(), options.pcap() == null ? null : companionPolicy(options.pcap()),
                recorder == null ? 0 : recorder.packets(), controllerWrites);
    }

    private void stop() {
        stopCampaign = true;
        if (sim != null) {
            controllerWrites = sim.acceptedWrites();
            sim.close();
        }
        for (InlineProxy nma : nmas) {
            nma.close();
        }
        for (NmaLink link : links) {
            link.close();
        }
        if (asma != null) {
            finalPlantState = asma.plantState();
            asma.poll(s -> { }, a -> { }); // the last word, in the summary
            asmaSummary = asma.summary();
            if (!options.hold()) {
                asma.close();
            }
        }
        if (feed != null) {
            try {
                feed.close();
            } catch (IOException ignored) {
                // nothing more to read
            }
        }
        if (recorder != null) {
            try {
                recorder.close();
            } catch (IOException e) {
                display.line("statewall demo: the capture could not be completed: " + e.getMessage());
            }
        }
    }
}
