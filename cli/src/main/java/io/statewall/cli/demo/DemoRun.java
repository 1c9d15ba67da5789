package io.statewall.cli.demo;

import io.statewall.capture.write.TcpConversationRecorder;
import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.state.InvalidStateModelException;
import io.statewall.nma.inline.InlineOptions;
import io.statewall.nma.inline.InlineProxy;
import io.statewall.nma.inline.InlineRoute;
import io.statewall.nma.inline.RouteStats;
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
 * One run of {@code statewall demo}: the simulated power unit, one NMA inline in front of its
 * three controllers enforcing the example policy, the HMI and the crew's stations talking to the
 * controllers only through the NMA, the crew's operating sequence, and the attack campaign;
 * shown live, then summed up and reported.
 *
 * <pre>
 *  HMI 127.30.1.10 ─┐                      ┌─ NMA 127.30.2.20:p ─► boiler-plc  127.30.2.20:q
 *  desk 127.30.1.11 ├── Modbus/TCP ───────►├─ NMA 127.30.2.30:p ─► turbine-plc 127.30.2.30:q
 *  eng-ws .1.50     │                      └─ NMA 127.30.2.40:p ─► safety-plc  127.30.2.40:q
 *  intruder .1.66 ──┘ (and malware on the desk and on eng-ws)
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

    private final DemoOptions options;
    private final PrintStream out;
    private final Ledger ledger = new Ledger();
    private final CampaignPlan campaign;
    private LiveDisplay display;
    private PlantSim sim;
    private InlineProxy nma;
    private EveFeed feed;
    private TcpConversationRecorder recorder;
    private double origin;
    private long startMillis;
    private long deadlineMillis;
    private ScenarioRun sequence;
    private volatile long attackSince = Long.MAX_VALUE;
    private volatile boolean stopCampaign;
    private List<AcceptedWrite> controllerWrites = List.of();
    private final Set<AlertSeen> shownFalseAlerts = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<CommandOutcome> refusedCommands = Collections.synchronizedList(new ArrayList<>());
    private final List<String[]> declarations = Collections.synchronizedList(new ArrayList<>());

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
            results = operate();
        } finally {
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

        OutputStream eveCopy = options.eve() == null ? null
                : new BufferedOutputStream(Files.newOutputStream(options.eve()));
        feed = new EveFeed(ledger, eveCopy);
        EveWriter eve = new EveWriter(feed, EnumSet.of(EventType.ALERT, EventType.STATE, EventType.ANOMALY,
                EventType.STATS));
        List<InlineRoute> routes = new ArrayList<>();
        for (Controller c : Controller.values()) {
            InetSocketAddress plc = plcs.get(c);
            // The NMA stands at the controller's address, on a port of its own: a bump in the wire.
            routes.add(new InlineRoute(c.asset(), new InetSocketAddress(plc.getAddress(), 0), plc));
        }
        try {
            nma = new InlineProxy(routes, policy.policy(), InlineOptions.DEFAULT, eve);
        } catch (InvalidStateModelException e) {
            throw new IllegalStateException("the example policy's plant model: " + e.getMessage(), e);
        }
        nma.statsEvery(Duration.ofSeconds(30));
        if (options.pcap() != null) {
            recorder = TcpConversationRecorder.create(options.pcap());
            nma.tap(new CaptureTap(recorder));
            Files.writeString(companionPolicy(options.pcap()), policy.captureYaml());
        }
        ledger.onStateChange(this::showState);
        nma.start();
        List<InetSocketAddress> listen = nma.listenAddresses();
        Endpoints viaNma = new Endpoints(listen.get(0), listen.get(1), listen.get(2));

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
                        nma.declare(state, "shift supervisor (operator desk)").join();
                    }

                    @Override
                    public void onRelease() {
                        synchronized (declarations) {
                            if (!declarations.isEmpty()) {
                                declarations.getLast()[2] = Instant.now().toString();
                            }
                        }
                        nma.release().join();
                    }
                });
        origin = sim.snapshot().time();
        sequence = sim.run(Scenario.normalOperation(true), stations);
        long sequenceMillis = (long) (sequence.scenario().duration() / TIME_SCALE * 1000) + SETTLE.toMillis();
        deadlineMillis = startMillis + (options.duration() == null ? sequenceMillis
                : Math.min(options.duration().toMillis(), sequenceMillis));
    }

    private void header(Endpoints plcs, Endpoints viaNma) {
        display.line("statewall demo: Unit 3 thermal power unit, simulated at " + (int) TIME_SCALE
                + "x on loopback, seed " + options.seed());
        for (Controller c : Controller.values()) {
            display.line(String.format(Locale.ROOT, "  %-12s j2mod Modbus/TCP server %-20s NMA inline in front at %s",
                    c.asset(), hostPort(plcs.get(c)), hostPort(viaNma.get(c))));
        }
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
        while (System.currentTimeMillis() < deadlineMillis && !(settled.isDone() && attacks.isDone())) {
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
        display.finish();
        return results;
    }

    /** Completes once the NMA has followed the unit back to rest after the last command. */
    private CompletableFuture<Void> settle() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("demo-settle").start(() -> {
            long until = System.currentTimeMillis() + SETTLE.toMillis();
            while (System.currentTimeMillis() < until && !"stopped".equals(nma.state())) {
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

    /** For the campaign: where to aim, and the plant (a spoof needs its controllers). */
    Endpoints nmaEndpoints() {
        List<InetSocketAddress> listen = nma.listenAddresses();
        return new Endpoints(listen.get(0), listen.get(1), listen.get(2));
    }

    PlantSim plant() {
        return sim;
    }

    String nmaState() {
        return nma.state();
    }

    /** Every alert of every request answered so far is in the ledger when this returns. */
    private void syncWithNma() {
        try {
            nma.sync().get(5, TimeUnit.SECONDS);
            feed.awaitProcessed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the NMA stopped: what it wrote is all there will be
        }
    }

    private void showState(Ledger.StateSeen s) {
        String how = switch (s.origin()) {
            case "declared" -> "declared by the shift supervisor";
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
        for (RouteStats r : nma.stats()) {
            requests += r.requests();
        }
        double fraction = (double) (now - startMillis) / Math.max(1, deadlineMillis - startMillis);
        display.status(fraction, String.format(Locale.ROOT,
                "%s/%s  plant %4.0f s  NMA %-11s load %5.1f MW  %4.0f rpm  %5.1f bar  requests %,d  blocked %,d  alerts %,d",
                LiveDisplay.clock(now - startMillis), LiveDisplay.clock(deadlineMillis - startMillis),
                p.time() - origin, nma.state(), p.loadMw(), p.turbineSpeed(), p.drumPressure(), requests,
                ledger.blockedCount(), ledger.alertCount()));
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
        for (RouteStats r : nma.stats()) {
            requests += r.requests();
            blocked += r.blocked();
        }
        long attackRequests = results.stream().mapToLong(AttackResult::requests).sum();
        List<AlertSeen> falseAlerts = ledger.unexplained(Double.MAX_VALUE);
        List<String> states = new ArrayList<>();
        for (Ledger.StateSeen s : ledger.states()) {
            if (states.isEmpty()) {
                states.add(s.from());
            }
            states.add(s.to());
        }
        return new DemoSummary(options.seed(), Instant.ofEpochMilli(startMillis), System.currentTimeMillis() - startMillis,
                results, requests, blocked, attackRequests, ledger.alertCount(), falseAlerts, states,
                List.copyOf(refusedCommands), List.copyOf(declarations), nma.state(),
                options.pcap(), options.pcap() == null ? null : companionPolicy(options.pcap()),
                recorder == null ? 0 : recorder.packets(), controllerWrites);
    }

    private void stop() {
        stopCampaign = true;
        if (sim != null) {
            controllerWrites = sim.acceptedWrites();
            sim.close();
        }
        if (nma != null) {
            nma.close();
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
