package io.statewall.cli;

import static io.statewall.cli.Cli.command;
import static io.statewall.cli.Cli.commaSeparated;
import static io.statewall.cli.Cli.option;
import static io.statewall.cli.Cli.repeatable;

import io.statewall.engine.baseline.Baseline;
import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;
import io.statewall.engine.state.InvalidStateModelException;
import io.statewall.nma.inline.BlockAction;
import io.statewall.nma.inline.InlineOptions;
import io.statewall.nma.inline.InlineProxy;
import io.statewall.nma.inline.InlineRoute;
import io.statewall.nma.inline.LearnedBaseline;
import io.statewall.nma.inline.NmaConfig;
import io.statewall.nma.link.AsmaLinkSettings;
import io.statewall.nma.link.NmaLink;
import io.statewall.nma.metrics.MetricsServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code statewall nma}: the network monitoring appliance inline, an enforcing Modbus/TCP proxy
 * in front of one or more controllers. Runs until stopped (SIGINT/SIGTERM); the policy file is
 * watched and reloaded when it changes, without dropping a connection.
 */
final class NmaCommand implements Callable<Integer> {
    private static final String[] DESCRIPTION = {
        "Runs the NMA inline: clients connect to each --listen address and are carried to the paired",
        "--upstream controller; every request is judged by the policy in the operating state in force",
        "and forwarded, or blocked before it reaches the controller. Answers feed the process image, so",
        "the state is inferred from the traffic carried. The policy file is reloaded when it changes.",
        "Stops on SIGINT/SIGTERM. Exit 2 for a bad argument, policy or address."};

    private final PrintStream out;
    private final PrintStream err;

    private final OptionSpec configFile = option("--config", "FILE", Path.class,
            "the full configuration (routes, policy, blocking, limits, events, metrics; see"
                    + " docs/nma.md) instead of --listen/--upstream/--policy");

    private final OptionSpec listen = repeatable("--listen", "HOST:PORT", String.class,
            "where clients connect (repeatable; the n-th --listen goes to the n-th --upstream)");

    private final OptionSpec upstream = repeatable("--upstream", "HOST:PORT", String.class,
            "the controller behind the matching --listen");

    private final OptionSpec policyFile = option("--policy", "POLICY", Path.class,
            "the policy (YAML; see 'statewall policy check'); reloaded when the file changes");

    private final OptionSpec eve = option("--eve", "FILE|-", String.class,
            "write EVE JSON lines (alert, state, anomaly, modbus) to FILE, or standard output with '-'");

    private final OptionSpec eveTypes = commaSeparated("--eve-types", "TYPES",
            "record types to write (default: alert, state, anomaly, stats; stats every 30 s): alert,"
                    + " state, anomaly, stats, modbus");

    private final OptionSpec blockWith = option("--block-with", "exception[:CODE]|drop|reset", String.class, "exception",
            "how a blocked request is answered (default exception:1, illegal function): a Modbus"
                    + " exception, nothing (the client times out), or a connection reset");

    private final OptionSpec metricsAddress = option("--metrics", "HOST:PORT", String.class,
            "serve Prometheus metrics on http://HOST:PORT/metrics, and the operator's state controls"
                    + " (POST /state/declare?state=S&by=WHO, POST /state/release): keep it on loopback or a"
                    + " management network");

    private final OptionSpec maxConnections = option("--max-connections", "N", int.class,
            InlineOptions.DEFAULT.maxConnections(), "client connections at once (default 1024)");

    private final OptionSpec maxPerClient = option("--max-connections-per-client", "N", int.class,
            InlineOptions.DEFAULT.maxConnectionsPerClient(), "client connections from one address at once (default 64)");

    private final OptionSpec baselineFile = option("--baseline", "BASELINE", Path.class,
            "check requests and answers against this learned baseline (see 'statewall learn' and"
                    + " docs/baseline.md); with --learn, go on learning from it");

    private final OptionSpec learnFor = option("--learn", "DURATION", String.class,
            "learn a baseline live from the traffic the policy lets through for DURATION (e.g. 8h),"
                    + " write it to --baseline-out, then detect with it");

    private final OptionSpec baselineOut = option("--baseline-out", "FILE", Path.class,
            "where --learn writes the learned baseline");

    private final OptionSpec baselineBlock = commaSeparated("--baseline-block", "STATES",
            "with --learn: the operating states in which the learned baseline blocks deviations (default: none,"
                    + " it only alerts)");

    private final OptionSpec asmaAddress = option("--asma", "HOST:PORT", String.class,
            "report to the ASMA at HOST:PORT over mutual TLS (events, heartbeats, process values) and obey"
                    + " its state declarations and policy pushes; see docs/asma-link.md");

    private final OptionSpec enrolToken = option("--enrol-token", "TOKEN", String.class,
            "the one-time token the ASMA issued for this NMA (first start only: the certificate is kept in --data)");

    private final OptionSpec dataDir = option("--data", "DIR", Path.class,
            "the NMA's data directory: its link certificate and the spool of records for the ASMA"
                    + " (default: statewall-data in the working directory)");

    NmaCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    CommandSpec spec() {
        return command(this, "nma", DESCRIPTION, configFile, listen, upstream, policyFile, eve, eveTypes, blockWith,
                metricsAddress, maxConnections, maxPerClient, baselineFile, learnFor, baselineOut, baselineBlock,
                asmaAddress, enrolToken, dataDir);
    }

    @Override
    public Integer call() throws Exception {
        Path configFile = this.configFile.getValue();
        NmaConfig config = withAsma(configFile != null ? fromFile(configFile) : fromOptions(), configFile != null);
        Path policyFile = config.policy();
        List<InlineRoute> routes = config.routes();
        InlineOptions options = config.options();
        Set<EventType> types = config.eveTypes();
        Policy policy = load(policyFile);
        OutputStream sink = eveSink(config.eve());
        NmaLink link = config.asma() == null ? null : link(config.asma(), policyFile);
        if (link != null) {
            // A push outlives a restart as long as the policy file is the one it replaced.
            policy = link.restorePushedPolicy(line -> err.println("statewall nma: " + line))
                    .map(io.statewall.nma.link.PushedPolicy::policy).orElse(policy);
        }
        EveWriter writer = link != null ? new EveWriter(link.tee(sink), types) : sink == null ? null : new EveWriter(sink, types);
        InlineProxy proxy;
        try {
            proxy = new InlineProxy(routes, policy, options, writer);
            proxy.statsEvery(config.statsInterval());
            if (!restoredBaseline(proxy, link, config.baseline()) && config.baseline() != null) {
                baseline(proxy, policy, config.baseline());
            }
            proxy.start();
        } catch (InvalidStateModelException e) {
            closeLink(link);
            throw new UserError(policyFile + ": " + e.getMessage());
        } catch (IOException e) {
            closeLink(link);
            throw new UserError("cannot listen: " + e.getMessage());
        }
        if (link != null) {
            link.attach(proxy);
            err.println("statewall nma: reporting to the ASMA at " + text(config.asma().address()) + " (data "
                    + config.asma().dataDir() + ")");
        }
        MetricsServer metrics = null;
        if (config.metrics() != null) {
            try {
                metrics = new MetricsServer(config.metrics(), proxy::prometheusText, control(proxy));
                metrics.start();
            } catch (IOException e) {
                proxy.close();
                throw new UserError("--metrics " + text(config.metrics()) + ": cannot listen (" + e.getMessage() + ")");
            }
        }
        MetricsServer metricsServer = metrics;
        List<InetSocketAddress> bound = proxy.listenAddresses();
        for (int i = 0; i < routes.size(); i++) {
            err.println("statewall nma: " + routes.get(i).name() + " listening on " + text(bound.get(i)) + " -> "
                    + text(routes.get(i).upstream()) + ", policy '" + policy.name() + "', state " + proxy.state());
        }
        if (metricsServer != null) {
            err.println("statewall nma: metrics on http://" + text(metricsServer.address()) + "/metrics");
        }
        PolicyWatcher watcher = new PolicyWatcher(policyFile, err, proxy);
        // SIGTERM runs the shutdown hooks and then halts the JVM whatever other threads are
        // doing: the hook itself stops the proxy and writes out the last events.
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable shutdown = () -> {
            synchronized (stopped) {
                if (stopped.getAndSet(true)) {
                    return;
                }
                watcher.close();
                if (metricsServer != null) {
                    metricsServer.close();
                }
                proxy.close();
                try {
                    if (writer != null) {
                        writer.flush();
                    }
                    if (sink != null && sink != out) {
                        sink.close();
                    }
                } catch (IOException | RuntimeException e) {
                    err.println("statewall nma: writing the last events: " + e.getMessage());
                }
                // After the proxy's last events: they go to the spool, sent after a restart if not before.
                closeLink(link);
            }
        };
        Thread hook = new Thread(shutdown, "statewall-nma-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        watcher.start();
        proxy.awaitStop();
        shutdown.run();
        return Statewall.OK;
    }

    /** The ASMA link of --asma/--enrol-token/--data, or of the file's {@code asma:} (with --enrol-token/--data over it). */
    private NmaConfig withAsma(NmaConfig config, boolean fromFile) {
        String address = asmaAddress.getValue();
        String token = enrolToken.getValue();
        Path data = dataDir.getValue();
        if (fromFile && address != null) {
            throw new UserError("--config holds the ASMA's address (asma: { address }): give it there, not as --asma");
        }
        AsmaLinkSettings asma = config.asma();
        if (!fromFile && address != null) {
            asma = AsmaLinkSettings.of(address("--asma", address), null, null);
        }
        if (asma == null) {
            if (token != null || data != null) {
                throw new UserError("--enrol-token and --data go with --asma HOST:PORT (or asma: in --config)");
            }
            return config;
        }
        asma = new AsmaLinkSettings(asma.address(), token != null ? token.strip() : asma.token(),
                data != null ? data : asma.dataDir(), asma.heartbeat(), asma.spoolMaxBytes());
        return config.withAsma(asma);
    }

    /** Starts the link before the proxy (its EVE writer writes through the link's tee). */
    private NmaLink link(AsmaLinkSettings settings, Path policyFile) {
        try {
            return NmaLink.start(settings, policyFile, line -> err.println("statewall nma: asma link: " + line));
        } catch (IllegalArgumentException e) {
            throw new UserError((settings.token() != null ? "--enrol-token: " : "--asma: ") + e.getMessage());
        } catch (IOException e) {
            throw new UserError("--data " + settings.dataDir() + ": cannot be used (" + e.getMessage() + ")");
        }
    }

    private static void closeLink(NmaLink link) {
        if (link != null) {
            link.close();
        }
    }

    private NmaConfig fromFile(Path configFile) {
        List<String> listen = this.listen.getValue();
        List<String> upstream = this.upstream.getValue();
        if (!listen.isEmpty() || !upstream.isEmpty() || policyFile.getValue() != null) {
            throw new UserError("--config holds the routes and the policy: give either --config, or --listen,"
                    + " --upstream and --policy");
        }
        if (baselineFile.getValue() != null || learnFor.getValue() != null || baselineOut.getValue() != null
                || !baselineBlock.<List<String>>getValue().isEmpty()) {
            throw new UserError("--config holds the baseline settings (baseline: { file | learn, out, block }):"
                    + " give them there, not as --baseline/--learn/--baseline-out/--baseline-block");
        }
        try {
            return NmaConfig.load(configFile);
        } catch (NmaConfig.ConfigException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError(configFile + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private NmaConfig fromOptions() {
        List<String> listen = this.listen.getValue();
        List<String> upstream = this.upstream.getValue();
        Path policyFile = this.policyFile.getValue();
        int maxConnections = this.maxConnections.getValue();
        int maxPerClient = this.maxPerClient.getValue();
        String blockWith = this.blockWith.getValue();
        List<String> eveTypes = this.eveTypes.getValue();
        String eve = this.eve.getValue();
        String metricsAddress = this.metricsAddress.getValue();
        if (listen.isEmpty() || policyFile == null) {
            throw new UserError("give --listen HOST:PORT --upstream HOST:PORT --policy FILE, or --config FILE");
        }
        if (listen.size() != upstream.size()) {
            throw new UserError(listen.size() + " --listen but " + upstream.size() + " --upstream: give them in pairs");
        }
        List<InlineRoute> routes = new ArrayList<>();
        for (int i = 0; i < listen.size(); i++) {
            routes.add(new InlineRoute("route-" + (i + 1), address("--listen", listen.get(i)),
                    address("--upstream", upstream.get(i))));
        }
        InlineOptions options = InlineOptions.DEFAULT.withLimits(positive("--max-connections", maxConnections),
                positive("--max-connections-per-client", maxPerClient));
        options = blockWith(options, blockWith);
        Set<EventType> types = EnumSet.of(EventType.ALERT, EventType.STATE, EventType.ANOMALY, EventType.STATS);
        if (!eveTypes.isEmpty()) {
            try {
                types = EventType.parseList(String.join(",", eveTypes));
            } catch (IllegalArgumentException e) {
                throw new UserError("--eve-types: " + e.getMessage());
            }
        }
        InetSocketAddress metrics = metricsAddress == null ? null : address("--metrics", metricsAddress);
        return new NmaConfig(policyFile, routes, options, eve, types, NmaConfig.DEFAULT_STATS_INTERVAL, metrics,
                baselineSettings());
    }

    private NmaConfig.BaselineSettings baselineSettings() {
        Path file = baselineFile.getValue();
        String learnText = learnFor.getValue();
        Path outFile = baselineOut.getValue();
        List<String> block = baselineBlock.getValue();
        if (file == null && learnText == null) {
            if (outFile != null || !block.isEmpty()) {
                throw new UserError("--baseline-out and --baseline-block go with --learn DURATION");
            }
            return null;
        }
        Duration learn = null;
        if (learnText != null) {
            learn = io.statewall.engine.policy.Durations.parse(learnText);
            if (learn == null || learn.isZero()) {
                throw new UserError("--learn '" + learnText + "': a duration such as 30m or 8h expected");
            }
        }
        try {
            return new NmaConfig.BaselineSettings(file, learn, outFile, new java.util.HashSet<>(block));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage() + (learn != null && outFile == null ? ": give --baseline-out FILE" : ""));
        }
    }

    /**
     * Puts the baseline to work before the first connection: detection with a file, or live
     * learning that writes its file (off the proxy's loop, atomically) when the time is up.
     */
    /**
     * Puts the baseline the ASMA last pushed in force again when the NMA's baseline settings are
     * those it was pushed over ({@link io.statewall.nma.link.PushedBaseline}); false when there is
     * none, or the policy in force cannot use it: then the settings decide.
     */
    private boolean restoredBaseline(InlineProxy proxy, NmaLink link, NmaConfig.BaselineSettings settings) {
        if (link == null) {
            return false;
        }
        String configuration = io.statewall.nma.link.PushedBaseline.configuration(
                settings == null ? null : settings.file(), settings == null ? null : settings.learn());
        var pushed = link.restorePushedBaseline(configuration, line -> err.println("statewall nma: " + line));
        if (pushed.isEmpty()) {
            return false;
        }
        try {
            proxy.detectWith(pushed.get().baseline()).get();
        } catch (java.util.concurrent.ExecutionException e) {
            err.println("statewall nma: baseline " + pushed.get().version() + " the ASMA pushed cannot be put in force ("
                    + e.getCause().getMessage() + "): the configured baseline is in force");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
        link.restoredBaselineInForce(pushed.get().version());
        return true;
    }

    private void baseline(InlineProxy proxy, Policy policy, NmaConfig.BaselineSettings settings) {
        Baseline start = settings.file() == null ? new Baseline(policy.name()) : Baselines.read(settings.file(), err);
        String name = settings.file() == null ? "the baseline" : settings.file().toString();
        try {
            if (settings.learn() == null) {
                proxy.detectWith(start).get();
                err.println("statewall nma: detecting with " + name + " (" + summary(start) + ")");
                return;
            }
            Path outFile = settings.out();
            Path dir = outFile.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                throw new UserError("baseline out " + outFile + ": no such directory");
            }
            proxy.learnBaseline(start, settings.learn(), settings.block(), learned -> Thread.ofVirtual()
                    .name("statewall-baseline-writer").start(() -> writeLearned(learned, outFile))).get();
            err.println("statewall nma: learning a baseline for " + settings.learn().toString().substring(2).toLowerCase()
                    + (settings.file() == null ? "" : ", on from " + settings.file()) + "; then it is written to " + outFile
                    + " and detection begins");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new UserError(name + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
    }

    private void writeLearned(LearnedBaseline learned, Path outFile) {
        try {
            Path tmp = outFile.resolveSibling(outFile.getFileName() + ".tmp");
            Files.writeString(tmp, learned.fileText());
            Files.move(tmp, outFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            err.println("statewall nma: baseline learned from " + String.format(java.util.Locale.ROOT, "%,d",
                    learned.transactions()) + " transactions (" + summary(learned.baseline()) + "), written to " + outFile
                    + "; detecting from now on");
            if (!learned.notLearned().isEmpty()) {
                err.println("statewall nma: nothing was learned in " + String.join(", ", learned.notLearned())
                        + ": the baseline does not check (or block) traffic there");
            }
        } catch (IOException | RuntimeException e) {
            // Detection goes on with what was learned; only the file is missing.
            err.println("statewall nma: baseline learned but not written to " + outFile + ": " + e.getMessage());
        }
    }

    private static String summary(Baseline b) {
        Baseline.Summary s = b.summary();
        return s.states() + " states, " + s.channels() + " channels, " + s.points() + " points";
    }

    /** The operator's declare/release, carried out on the proxy's loop between two messages. */
    private static MetricsServer.StateControl control(InlineProxy proxy) {
        return new MetricsServer.StateControl() {
            @Override
            public String declare(String state, String by) throws Exception {
                if (state == null || state.isBlank()) {
                    throw new IllegalArgumentException("state=NAME is required");
                }
                try {
                    proxy.declare(state, by).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalArgumentException(e.getCause().getMessage());
                }
                return "declared " + state + " by " + by;
            }

            @Override
            public String release() throws Exception {
                proxy.release().get();
                return "released";
            }
        };
    }

    private static InlineOptions blockWith(InlineOptions options, String spec) {
        String s = spec.strip();
        if (s.equals("drop")) {
            return options.withBlockAction(BlockAction.DROP, options.blockExceptionCode());
        }
        if (s.equals("reset")) {
            return options.withBlockAction(BlockAction.RESET, options.blockExceptionCode());
        }
        if (s.equals("exception")) {
            return options.withBlockAction(BlockAction.EXCEPTION, InlineOptions.ILLEGAL_FUNCTION);
        }
        if (s.startsWith("exception:")) {
            String code = s.substring("exception:".length());
            try {
                int c = code.startsWith("0x") ? Integer.parseInt(code.substring(2), 16) : Integer.parseInt(code);
                if (c >= 1 && c <= 255) {
                    return options.withBlockAction(BlockAction.EXCEPTION, c);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new UserError("--block-with '" + spec + "': exception, exception:CODE (1-255), drop or reset");
    }

    static Policy load(Path file) {
        try {
            return PolicyLoader.load(file);
        } catch (PolicyException e) {
            throw new UserError(file + ": not a valid policy (" + e.problems().size() + " problem"
                    + (e.problems().size() == 1 ? "" : "s") + "; see 'statewall policy check')");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static int positive(String option, int n) {
        if (n < 1) {
            throw new UserError(option + " " + n + ": at least 1");
        }
        return n;
    }

    /** HOST:PORT, [IPv6]:PORT or :PORT (all addresses). */
    static InetSocketAddress address(String option, String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon < 0) {
            throw new UserError(option + " '" + spec + "': HOST:PORT expected");
        }
        String host = spec.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(spec.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UserError(option + " '" + spec + "': the port is not a number");
        }
        if (port < 0 || port > 65_535) {
            throw new UserError(option + " '" + spec + "': port " + port + " is outside 0-65535");
        }
        InetSocketAddress a = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new UserError(option + " '" + spec + "': unknown host '" + host + "'");
        }
        return a;
    }

    private static String text(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private OutputStream eveSink(String eve) throws IOException {
        if (eve == null) {
            return null;
        }
        if (eve.equals("-")) {
            return out;
        }
        try {
            return new BufferedOutputStream(Files.newOutputStream(Path.of(eve), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND), 1 << 16);
        } catch (IOException e) {
            throw new UserError("--eve " + eve + ": cannot write (" + e.getMessage() + ")");
        }
    }
}
