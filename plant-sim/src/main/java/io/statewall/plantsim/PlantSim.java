package io.statewall.plantsim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The simulated thermal power unit, whole: the plant's physics, three controllers serving it over
 * Modbus/TCP (j2mod), and what a demo or test attaches to it (an {@link Hmi}, the crew's
 * {@link Stations} running a {@link Scenario}).
 *
 * <pre>{@code
 * try (PlantSim sim = new PlantSim(PlantSimConfig.defaults()).start()) {
 *     Endpoints plcs = sim.endpoints();            // put an NMA in front of these, or not
 *     sim.hmi(plcs, HmiConfig.defaults());         // polls in its scan cycles
 *     ScenarioRun run = sim.run(Scenario.normalOperation(true),
 *             new Stations(plcs, null, null, Duration.ofSeconds(2), DeclarationListener.NONE));
 *     run.completion().get();
 * }
 * }</pre>
 *
 * With a time scale of 0 nothing runs on its own: {@link #advance} steps the plant, the
 * controllers and any scenario in the caller's thread, so a test is exact and repeatable while
 * its Modbus traffic is still real.
 *
 * <p>Two hooks serve the attack campaign ({@code io.statewall.plantsim.attack}) where an attack is
 * not a message on the wire: {@link #spoof} makes a controller report a false value (T0856), and
 * {@link #takeOverRefreshes} hands the crew's periodic write of a register to malware on their
 * station (T0831).
 */
public final class PlantSim implements AutoCloseable {
    private final PlantSimConfig config;
    private final List<PlantListener> listeners = new CopyOnWriteArrayList<>();
    private final ProcessLoop loop;
    private final Map<Controller, ControllerServer> servers = new EnumMap<>(Controller.class);
    private final List<AutoCloseable> attached = new ArrayList<>();
    private final RefreshTakeovers takeovers = new RefreshTakeovers();
    private RealTimeDriver driver;
    private boolean started;
    private boolean closed;

    public PlantSim(PlantSimConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.loop = new ProcessLoop(new Plant(config.parameters(), config.seed()), new Dispatch());
        for (Controller c : Controller.values()) {
            loop.registers(c).journalAs(c);
        }
    }

    public PlantSimConfig config() {
        return config;
    }

    /**
     * Opens the three controllers' servers and, with a positive time scale, starts the plant's
     * clock. Returns this, for try-with-resources.
     */
    public synchronized PlantSim start() throws IOException {
        if (closed || started) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        started = true;
        try {
            for (Controller c : Controller.values()) {
                servers.put(c, ControllerServer.start(loop.registers(c), config.bindAddress(c), config.port(c)));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        if (config.timeScale() > 0) {
            driver = new RealTimeDriver(loop::step, config.parameters().stepSeconds(), config.timeScale());
            driver.start();
        }
        return this;
    }

    /**
     * Every write the controllers accepted so far, in order per controller (from the network or a
     * direct command sink): what reached them, whatever stood in front.
     */
    public List<AcceptedWrite> acceptedWrites() {
        List<AcceptedWrite> all = new ArrayList<>();
        for (Controller c : Controller.values()) {
            all.addAll(loop.registers(c).accepted());
        }
        return all;
    }

    /** Where each controller listens (after {@link #start()}). */
    public synchronized Endpoints endpoints() {
        if (servers.size() != Controller.values().length) {
            throw new IllegalStateException("not started");
        }
        return new Endpoints(endpoint(Controller.BOILER), endpoint(Controller.TURBINE), endpoint(Controller.SAFETY));
    }

    public synchronized InetSocketAddress endpoint(Controller c) {
        ControllerServer s = servers.get(c);
        if (s == null) {
            throw new IllegalStateException("not started");
        }
        return s.address();
    }

    /** The plant after its last step; safe from any thread. */
    public PlantSnapshot snapshot() {
        return loop.plant().snapshot();
    }

    /** Milestones and command outcomes from now on. */
    public void addListener(PlantListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(PlantListener listener) {
        listeners.remove(listener);
    }

    /**
     * Advances plant time by at least {@code plantSeconds} (whole steps), in the caller's thread:
     * controller scans, physics, milestones and due scenario commands, which are carried out
     * before the next step. Only without a clock (time scale 0).
     */
    public void advance(double plantSeconds) {
        if (config.timeScale() > 0) {
            throw new IllegalStateException("the plant runs on its clock (time scale " + config.timeScale() + ")");
        }
        long steps = (long) Math.ceil(plantSeconds / config.parameters().stepSeconds() - 1e-9);
        synchronized (loop) {
            for (long i = 0; i < steps; i++) {
                loop.step();
            }
        }
    }

    /** An HMI polling {@code targets} (the controllers, or an NMA in front of them); closed with the sim. */
    public synchronized Hmi hmi(Endpoints targets, HmiConfig hmiConfig) {
        checkOpen();
        Hmi hmi = new Hmi(targets, hmiConfig);
        attached.add(hmi);
        hmi.start();
        return hmi;
    }

    /**
     * Commands written straight into the controllers' registers, as a Modbus write would leave
     * them but without a socket; declarations go to {@code declarations}.
     */
    public CommandSink directCommands(DeclarationListener declarations) {
        java.util.Objects.requireNonNull(declarations, "declarations");
        return (role, command) -> {
            switch (command) {
                case Command.WriteRegister w -> loop.registers(w.controller()).writeHolding(w.address(), w.value());
                case Command.WriteCoil w -> loop.registers(w.controller()).writeCoil(w.address(), w.value());
                case Command.Declare d -> declarations.onDeclare(d.state());
                case Command.Release r -> declarations.onRelease();
            }
        };
    }

    /**
     * Runs {@code scenario} from now: its step times count from the current plant time, and its
     * refreshes are written out at {@link Scenario#refreshPeriod} of this sim's time scale. Commands
     * go to {@code sink}; with a clock they are carried out on an operator thread in order, without
     * a clock during {@link #advance}. The sink is closed with the sim.
     */
    public synchronized ScenarioRun run(Scenario scenario, CommandSink sink) {
        checkOpen();
        double origin = snapshot().time();
        Scenario timed = scenario.from(origin);
        double period = Scenario.refreshPeriod(config.timeScale());
        ScenarioRunner runner;
        attached.add(sink);
        if (config.timeScale() > 0) {
            ExecutorService operator = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().daemon().name("plant-operator").factory());
            attached.add(operator::shutdownNow);
            runner = new ScenarioRunner(timed, origin, period, sink, operator, new Dispatch(), takeovers);
            runner.completion().whenComplete((r, e) -> operator.shutdown());
        } else {
            runner = new ScenarioRunner(timed, origin, period, sink, Runnable::run, new Dispatch(), takeovers);
        }
        loop.add(runner);
        return runner;
    }

    /**
     * The controller {@code c} is compromised (ATT&amp;CK for ICS T0856, spoof reporting message):
     * until the returned handle is closed, whoever reads {@code address} of {@code area} over
     * Modbus gets {@code value} (0 or 1 for bits), while the controller's own logic, the plant and
     * {@link #snapshot()} go on with the true value. Spoofing the same point again replaces the
     * earlier spoof.
     *
     * @throws IllegalArgumentException for a point outside the controller's area or a value out of range
     */
    public Compromise spoof(Controller c, Area area, int address, int value) {
        java.util.Objects.requireNonNull(c, "controller");
        java.util.Objects.requireNonNull(area, "area");
        RegisterMap map = loop.registers(c);
        long token = map.spoof(area, address, value);
        return () -> map.unspoof(area, address, token);
    }

    /**
     * Malware on the crew's station takes over its periodic write of holding register
     * {@code address} of {@code c} (a scenario's {@link Scenario.Refresh}): until the returned
     * handle is closed, each such refresh falling due is handed to {@code malware} (on the thread
     * that carries out the crew's commands: keep it quick) instead of being sent, and has no
     * outcome. Taking the same register over again replaces the earlier takeover.
     */
    public Compromise takeOverRefreshes(Controller c, int address, Consumer<Step> malware) {
        return takeovers.take(c, address, malware);
    }

    /** Why the clock stopped, if a step failed (a bug); null while all is well. */
    public Throwable clockFailure() {
        RealTimeDriver d = driver;
        return d == null ? null : d.failure();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
    }

    /** Stops the clock, the HMI and the stations, and closes the controllers' servers. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (driver != null) {
            driver.close();
        }
        for (AutoCloseable a : attached) {
            try {
                a.close();
            } catch (Exception ignored) {
                // closing everything else matters more
            }
        }
        servers.values().forEach(ControllerServer::close);
    }

    /** Hands events to every listener; one listener's failure is not the plant's. */
    private final class Dispatch implements PlantListener {
        @Override
        public void onMilestone(Milestone m) {
            for (PlantListener l : listeners) {
                try {
                    l.onMilestone(m);
                } catch (RuntimeException ignored) {
                    // a display's bug must not stop the plant
                }
            }
        }

        @Override
        public void onCommand(CommandOutcome o) {
            for (PlantListener l : listeners) {
                try {
                    l.onCommand(o);
                } catch (RuntimeException ignored) {
                    // as above
                }
            }
        }
    }
}
