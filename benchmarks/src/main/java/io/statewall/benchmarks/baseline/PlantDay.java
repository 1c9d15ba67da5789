package io.statewall.benchmarks.baseline;

import io.statewall.capture.write.TcpConversationRecorder;
import io.statewall.capture.write.PcapWriter;
import io.statewall.cli.demo.DemoNetwork;
import io.statewall.cli.demo.DemoPolicy;
import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.state.InvalidStateModelException;
import io.statewall.nma.inline.ConversationTap;
import io.statewall.nma.inline.InlineOptions;
import io.statewall.nma.inline.InlineProxy;
import io.statewall.nma.inline.InlineRoute;
import io.statewall.nma.inline.RouteStats;
import io.statewall.plantsim.CommandOutcome;
import io.statewall.plantsim.Controller;
import io.statewall.plantsim.DeclarationListener;
import io.statewall.plantsim.Endpoints;
import io.statewall.plantsim.Hmi;
import io.statewall.plantsim.HmiConfig;
import io.statewall.plantsim.PlantListener;
import io.statewall.plantsim.PlantSim;
import io.statewall.plantsim.PlantSimConfig;
import io.statewall.plantsim.Scenario;
import io.statewall.plantsim.ScenarioRun;
import io.statewall.plantsim.Stations;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A long clean run of the demo's unit recorded in plant time: the same plant, controllers, NMA
 * (inline, example policy), HMI and crew as {@code statewall demo}, but with no clock of their own.
 * One thread steps the plant (100 ms steps) and has the HMI poll each controller when its scan
 * cycle (500/200/250 ms of plant time) falls due, over real sockets through the NMA; the crew's
 * sequence ({@link Scenario#normalOperation} with maintenance) repeats every {@link #CYCLE_SECONDS}.
 * The NMA judges and the recording is stamped on a {@link PlantTimeClock}: every scheduled moment
 * at its plant time, and what happens within it at the machine's real pace (up to 10 ms). So a day of the
 * unit's traffic, periods and jitter as a baseline would meet them, takes minutes, not a day.
 *
 * <p>Differences from {@code statewall demo}, which runs in real time: the HMI's scan cycles and the
 * crew's refreshes (every {@value Scenario#REFRESH_STEPPED_SECONDS} s) count in plant time, not in
 * wall time at ten plant seconds a second, so a state lasts ten times as many polls; and the HMI
 * polls the three controllers from one thread, one after the other when their scans fall due at
 * the same moment (a real HMI's driver often does the same).
 */
final class PlantDay {
    /** One run of the crew's sequence (about 1,300 s with maintenance) and 200 s stopped before the next. */
    static final double CYCLE_SECONDS = 1500;
    /** Every scan cycle and the plant's step are multiples of it. */
    private static final double TICK_SECONDS = 0.05;
    private static final int TICKS_PER_STEP = 2;

    /**
     * What a recording gave.
     *
     * @param commandsFailed      crew commands not carried out (refused by the NMA or failed)
     * @param moments             scheduled moments (50 ms of plant time each)
     * @param stalledMoments      moments whose work outlasted {@link PlantTimeClock#MAX_MOMENT_NANOS}
     * @param longestMomentMillis the longest wall time one moment's work took
     */
    record Result(Path pcap, Path policy, long seed, double cycles, double plantSeconds, long wallMillis, long requests,
                  long blocked, long alerted, long pollFailures, long commands, long commandsFailed,
                  List<String> failedCommands, long moments, long stalledMoments,
                  double longestMomentMillis, long packets, long bytes) {
        double plantHours() {
            return plantSeconds / 3600;
        }
    }

    private PlantDay() {
    }

    /**
     * Records {@code plantSeconds} of the unit, the crew's sequence starting every
     * {@link #CYCLE_SECONDS}, into {@code pcap}, and the policy beside it as {@code statewall demo}
     * does; progress lines every plant hour go to {@code progress} (null: none).
     */
    static Result record(Path pcap, long seed, double plantSeconds, PrintStream progress)
            throws IOException, InterruptedException {
        int cycles = (int) Math.ceil(plantSeconds / CYCLE_SECONDS - 1e-9);
        Scenario day = Scenario.repeated(Scenario.normalOperation(true), Math.max(1, cycles), CYCLE_SECONDS);
        double end = plantSeconds;
        long wallStart = System.nanoTime();
        Map<Controller, InetAddress> binds = new EnumMap<>(Controller.class);
        binds.put(Controller.BOILER, DemoNetwork.BOILER_PLC);
        binds.put(Controller.TURBINE, DemoNetwork.TURBINE_PLC);
        binds.put(Controller.SAFETY, DemoNetwork.SAFETY_PLC);
        Path policyFile = companionPolicy(pcap);
        Path nmaEve = pcap.resolveSibling(baseName(pcap) + ".nma-eve.json");
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withSeed(seed).withTimeScale(0)
                .withBindAddresses(binds)).start();
             OutputStream eveOut = new BufferedOutputStream(Files.newOutputStream(nmaEve))) {
            Endpoints plcs = sim.endpoints();
            Map<String, InetSocketAddress> byAsset = new LinkedHashMap<>();
            List<InlineRoute> routes = new ArrayList<>();
            for (Controller c : Controller.values()) {
                byAsset.put(c.asset(), plcs.get(c));
                routes.add(new InlineRoute(c.asset(), new InetSocketAddress(plcs.get(c).getAddress(), 0), plcs.get(c)));
            }
            DemoPolicy policy = DemoPolicy.forControllers(byAsset);
            Files.writeString(policyFile, policy.captureYaml());
            EveWriter eve = new EveWriter(eveOut, EnumSet.of(EventType.ALERT, EventType.STATE, EventType.ANOMALY));
            InlineProxy nma;
            try {
                nma = new InlineProxy(routes, policy.policy(), InlineOptions.DEFAULT, eve);
            } catch (InvalidStateModelException e) {
                throw new IllegalStateException("the example policy's plant model: " + e.getMessage(), e);
            }
            // Plant time 0 is a whole second at least a second after the NMA began: its time only goes on.
            PlantTimeClock clock = new PlantTimeClock((System.currentTimeMillis() / 1000 + 2) * 1_000_000_000L);
            TcpConversationRecorder recorder = new TcpConversationRecorder(PcapWriter.create(pcap),
                    () -> Instant.ofEpochSecond(0, clock.getAsLong()));
            nma.clock(clock);
            nma.tap(tap(recorder));
            nma.start();
            long failures;
            List<CommandOutcome> outcomes;
            long requests = 0;
            long blocked = 0;
            long alerted = 0;
            try {
                List<InetSocketAddress> listen = nma.listenAddresses();
                Endpoints viaNma = new Endpoints(listen.get(0), listen.get(1), listen.get(2));
                HmiConfig hmiConfig = HmiConfig.defaults().withLocalAddress(DemoNetwork.HMI);
                try (Hmi hmi = new Hmi(viaNma, hmiConfig)) {
                    Stations crew = new Stations(viaNma, DemoNetwork.OPERATOR_DESK, DemoNetwork.ENGINEERING_STATION,
                            Duration.ofSeconds(2), supervisor(nma));
                    ScenarioRun run = sim.run(day, crew);
                    failures = drive(sim, hmi, hmiConfig, clock, end, progress, wallStart, nma);
                    nma.sync().get(30, TimeUnit.SECONDS);
                    outcomes = run.outcomes();
                }
                for (RouteStats r : nma.stats()) {
                    requests += r.requests();
                    blocked += r.blocked();
                    alerted += r.alerted();
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("the NMA did not finish: " + e, e);
            } finally {
                nma.close();
                recorder.close();
                eve.flush();
            }
            List<String> failed = new ArrayList<>();
            for (CommandOutcome o : outcomes) {
                if (!o.ok()) {
                    failed.add(String.format(Locale.ROOT, "%.1f s %s: %s", o.time(), o.step().description(), o.detail()));
                }
            }
            return new Result(pcap, policyFile, seed, end / CYCLE_SECONDS, end, (System.nanoTime() - wallStart) / 1_000_000,
                    requests, blocked, alerted, failures, outcomes.size(), failed.size(),
                    List.copyOf(failed.subList(0, Math.min(20, failed.size()))), Math.round(end / TICK_SECONDS) + 1,
                    clock.stalledMoments(), clock.longestMomentNanos() / 1e6,
                    recorder.packets(), Files.size(pcap));
        }
    }

    /**
     * Steps plant time to {@code end}: each tick the clock moves to its plant time, the plant steps
     * (every second tick; due crew commands are sent as it does) and the HMI scans the controllers
     * whose cycle falls due. Returns the failed scans.
     *
     * <p>Before the clock moves on, the NMA must have finished with the tick's exchanges: it shows
     * an answer to the recording just after writing it to the client, so a client that has its
     * answer may be a step ahead of the recording. Waiting for the NMA's loop (a task queued behind
     * that work) keeps every answer stamped within its own tick.
     */
    private static long drive(PlantSim sim, Hmi hmi, HmiConfig hmiConfig, PlantTimeClock clock, double end,
                              PrintStream progress, long wallStart, InlineProxy nma)
            throws InterruptedException, ExecutionException, TimeoutException {
        AtomicLong commands = new AtomicLong();
        sim.addListener(new PlantListener() {
            @Override
            public void onCommand(CommandOutcome o) {
                commands.incrementAndGet();
            }
        });
        long commandsBefore = 0;
        boolean exchanged = false;
        long ticks = Math.round(end / TICK_SECONDS);
        long[] cycleTicks = new long[Controller.values().length];
        for (Controller c : Controller.values()) {
            cycleTicks[c.ordinal()] = Math.round(hmiConfig.cycle(c).toMillis() / 1000.0 / TICK_SECONDS);
        }
        long failures = 0;
        long ticksPerHour = Math.round(3600 / TICK_SECONDS);
        for (long k = 0; k <= ticks; k++) {
            double t = k * TICK_SECONDS;
            if (exchanged || commands.get() != commandsBefore) {
                nma.sync().get(30, TimeUnit.SECONDS);
                commandsBefore = commands.get();
                exchanged = false;
            }
            clock.advanceTo(t);
            if (k > 0 && k % TICKS_PER_STEP == 0) {
                sim.advance(TICK_SECONDS * TICKS_PER_STEP);
            }
            for (Controller c : Controller.values()) {
                if (k % cycleTicks[c.ordinal()] == 0) {
                    exchanged = true;
                    try {
                        hmi.poll(c);
                    } catch (IOException e) {
                        failures++;
                    }
                }
            }
            if (progress != null && k > 0 && k % ticksPerHour == 0) {
                long requests = nma.stats().stream().mapToLong(RouteStats::requests).sum();
                progress.printf(Locale.ROOT, "  plant %5.1f h of %.1f h, wall %s, %,d requests, NMA in %s%n",
                        t / 3600, end / 3600, minutes(System.nanoTime() - wallStart), requests, nma.state());
            }
        }
        return failures;
    }

    private static String minutes(long nanos) {
        long s = nanos / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static DeclarationListener supervisor(InlineProxy nma) {
        return new DeclarationListener() {
            @Override
            public void onDeclare(String state) {
                nma.declare(state, "shift supervisor (operator desk)").join();
            }

            @Override
            public void onRelease() {
                nma.release().join();
            }
        };
    }

    /** As {@code statewall demo --pcap} records: the controllers on port 502, as in a plant's capture. */
    private static ConversationTap tap(TcpConversationRecorder recorder) {
        return (client, server, epochNanos) -> {
            io.statewall.capture.write.Conversation c = recorder.open(client,
                    new InetSocketAddress(server.getAddress(), 502), epochNanos);
            return new ConversationTap.Conversation() {
                @Override
                public void fromClient(long at, MemorySegment data, long offset, int length) {
                    c.clientData(at, data, offset, length);
                }

                @Override
                public void toClient(long at, MemorySegment data, long offset, int length) {
                    c.serverData(at, data, offset, length);
                }

                @Override
                public void closed(long at) {
                    c.close(at, true);
                }
            };
        };
    }

    static Path companionPolicy(Path pcap) {
        return pcap.resolveSibling(baseName(pcap) + ".policy.yaml");
    }

    private static String baseName(Path pcap) {
        String name = pcap.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
