package io.statewall.cli;

import static io.statewall.cli.Cli.command;
import static io.statewall.cli.Cli.commaSeparated;
import static io.statewall.cli.Cli.flag;
import static io.statewall.cli.Cli.option;
import static io.statewall.cli.Cli.parameters;
import static io.statewall.cli.Cli.repeatable;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureFormatException;
import io.statewall.capture.CaptureReader;
import io.statewall.capture.Packet;
import io.statewall.engine.baseline.Baseline;
import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;
import io.statewall.engine.state.InvalidStateModelException;
import io.statewall.engine.state.OperatingState;
import io.statewall.nma.sensor.AnalysisStats;
import io.statewall.nma.sensor.AnalyzerConfig;
import io.statewall.nma.sensor.DeclarationSchedule;
import io.statewall.nma.sensor.ShardedAnalysis;
import io.statewall.nma.sensor.StateDeclaration;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code statewall analyze}: passive analysis of captures into EVE JSON. */
final class AnalyzeCommand implements Callable<Integer> {
    private static final String[] DESCRIPTION = {
        "Reads pcap/pcapng captures, reassembles TCP, dissects every Modbus/TCP transaction and",
        "writes EVE JSON lines (modbus, anomaly, stats records). A summary goes to stderr.",
        "Exit 0 when every capture was read completely, 2 for a missing, empty, truncated or",
        "non-capture file (a truncated capture is still analysed up to where it breaks)."};

    /** First-packet time when no capture holds a packet (capture timestamps are never that early). */
    private static final long NO_PACKET = Long.MIN_VALUE;

    private final PrintStream out;
    private final PrintStream err;

    private final PositionalParamSpec captures = parameters("CAPTURE", Path.class,
            "pcap or pcapng files, read in order");

    private final OptionSpec eve = option("--eve", "FILE|-", String.class,
            "write EVE JSON lines to FILE, or to standard output with '-'; none when absent");

    private final OptionSpec eveTypes = commaSeparated("--eve-types", "TYPES",
            "record types to write (default: all): alert, state, anomaly, stats, modbus");

    private final OptionSpec modbusPorts = repeatable("--modbus-port", "PORT", Integer.class,
            "TCP server port carrying Modbus/TCP (repeatable; default 502)");

    private final OptionSpec policyFile = option("--policy", "POLICY", Path.class,
            "judge every transaction by this policy (YAML; see 'statewall policy check'):"
                    + " alert and state records, and 'blocked' for what inline enforcement would have stopped");

    private final OptionSpec baselineFile = option("--baseline", "FILE", Path.class,
            "check every transaction against this learned baseline (see 'statewall learn'), with or without"
                    + " --policy: an alert per new deviation (new channel, function, data area or address, value out of"
                    + " envelope, timing, sequence, implausible command) and a summary of its repeats, 'blocked' in states"
                    + " whose baseline action is block");

    private final OptionSpec declare = repeatable("--declare", "STATE[@FROM[..UNTIL]]", String.class,
            "declare the operating state as an operator would (repeatable; needs --policy with a plant"
                    + " model): STATE is in force from FROM (default: the first packet) until UNTIL (default: the"
                    + " end of the capture) whatever the traffic says, so every message in between is judged by its"
                    + " rules; then the state the conditions give comes back. FROM and UNTIL are capture times,"
                    + " ISO-8601 instants such as 2026-11-25T10:00:00Z or offsets from the first packet such as"
                    + " +90s, +5m, +1h30m, +250ms. Declarations must not overlap.");

    private final OptionSpec quiet = flag("--quiet", "no summary on stderr");

    private final OptionSpec workers = option("--workers", "N", int.class,
            Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors() / 2)),
            "threads, each owning a share of the flows (default: one per two CPUs, at most 8;"
                    + " the JIT compiler needs a core of its own while a run warms up)");

    AnalyzeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    CommandSpec spec() {
        return command(this, "analyze", DESCRIPTION,
                captures, eve, eveTypes, modbusPorts, policyFile, baselineFile, declare, quiet, workers);
    }

    @Override
    public Integer call() throws IOException {
        List<Path> captures = this.captures.getValue();
        List<Integer> modbusPorts = this.modbusPorts.getValue();
        List<String> eveTypes = this.eveTypes.getValue();
        int workers = this.workers.getValue();
        boolean quiet = this.quiet.getValue();
        AnalyzerConfig config = AnalyzerConfig.DEFAULT;
        if (!modbusPorts.isEmpty()) {
            int[] ports = new int[modbusPorts.size()];
            for (int i = 0; i < ports.length; i++) {
                int p = modbusPorts.get(i);
                if (p < 1 || p > 65_535) {
                    throw new UserError("--modbus-port " + p + " is not a TCP port (1-65535)");
                }
                ports[i] = p;
            }
            config = config.withModbusPorts(ports);
        }
        Set<EventType> types = EnumSet.allOf(EventType.class);
        if (!eveTypes.isEmpty()) {
            try {
                types = EventType.parseList(String.join(",", eveTypes));
            } catch (IllegalArgumentException e) {
                throw new UserError("--eve-types: " + e.getMessage());
            }
        }
        if (workers < 1) {
            throw new UserError("--workers " + workers + ": at least 1");
        }
        Future<Baseline> baselineRead = baselineFile.getValue() == null ? null : Baselines.startReading(baselineFile.getValue());
        Policy policy = loadPolicy(policyFile.getValue(), err);
        List<StateDeclaration> declared = parseDeclarations(declare.getValue(), policy);
        if (baselineRead != null) {
            config = config.withObservers(Baselines.monitors(baselineFile.getValue(), baselineRead, policy, quiet, err));
            // The baseline spans flows (points, channels): the whole capture in one analyzer, as with a policy.
            policy = policy == null ? Baselines.noPolicy() : policy;
        }
        // Check every capture before writing anything, so a wrong argument costs no output.
        long firstPacket = NO_PACKET;
        Packet packet = new Packet();
        for (Path capture : captures) {
            try (CaptureReader reader = open(capture)) {
                if (!declared.isEmpty() && firstPacket == NO_PACKET && reader.next(packet)) {
                    firstPacket = packet.timestampNanos();
                }
            }
        }
        DeclarationSchedule schedule = schedule(declared, policy, firstPacket);
        try (OutputStream sink = eveSink(eve.getValue())) {
            ShardedAnalysis.Result result;
            try {
                result = ShardedAnalysis.run(config, captures, workers, sink, types, policy, schedule);
            } catch (CaptureFormatException e) {
                throw new UserError(e.getMessage());
            }
            AnalysisStats stats = result.stats();
            if (sink != null) {
                EveWriter closing = new EveWriter(sink, types);
                stats.writeEve(closing, System.currentTimeMillis() * 1_000_000L, result.elapsedSeconds());
                closing.flush();
            }
            if (!quiet) {
                stats.printSummary(err, result.elapsedSeconds());
            }
            for (String t : result.truncated()) {
                err.println("statewall analyze: " + t);
            }
            return result.truncated().isEmpty() ? Statewall.OK : Statewall.BAD_INPUT;
        }
    }

    static Policy loadPolicy(Path policyFile, PrintStream err) {
        if (policyFile == null) {
            return null;
        }
        try {
            return PolicyLoader.load(policyFile);
        } catch (PolicyException e) {
            // Every problem on its own line, then the one-line reason.
            e.lines().forEach(err::println);
            throw new UserError(policyFile + ": not a valid policy (" + e.problems().size() + " problem"
                    + (e.problems().size() == 1 ? "" : "s") + "; see 'statewall policy check')");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError(policyFile + ": no such file");
        } catch (IOException e) {
            throw new UserError(policyFile + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** The {@code --declare} arguments, checked for syntax and for a plant model to declare in. */
    private static List<StateDeclaration> parseDeclarations(List<String> declare, Policy policy) {
        if (declare.isEmpty()) {
            return List.of();
        }
        if (policy == null || policy.plant() == null) {
            throw new UserError("--declare needs --policy with a plant model (states to declare)");
        }
        List<StateDeclaration> out = new ArrayList<>(declare.size());
        for (String spec : declare) {
            try {
                out.add(StateDeclaration.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new UserError("--declare " + spec + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Resolves the declarations against the plant's states and the capture's first packet. */
    private static DeclarationSchedule schedule(List<StateDeclaration> declared, Policy policy, long firstPacket) {
        if (declared.isEmpty()) {
            return DeclarationSchedule.NONE;
        }
        List<String> states;
        try {
            states = policy.plant().compile().states().stream().map(OperatingState::name).toList();
        } catch (InvalidStateModelException e) {
            throw new UserError("policy's plant model: " + String.join("; ", e.problems()));
        }
        try {
            if (firstPacket == NO_PACKET) {
                // No packet, no transaction to judge: only the names can be wrong.
                DeclarationSchedule.checkStates(declared, states);
                return DeclarationSchedule.NONE;
            }
            return DeclarationSchedule.of(declared, firstPacket, states);
        } catch (IllegalArgumentException e) {
            throw new UserError("--declare " + e.getMessage());
        }
    }

    private static CaptureReader open(Path capture) {
        try {
            return CaptureFiles.open(capture);
        } catch (CaptureFormatException e) {
            // The message already names the file: "<file>: <reason>".
            throw new UserError(e.getMessage());
        }
    }

    /** The EVE destination, or null for none; closing it never closes stdout. */
    private OutputStream eveSink(String eve) {
        if (eve == null) {
            return null;
        }
        if (eve.equals("-")) {
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
        try {
            return new BufferedOutputStream(Files.newOutputStream(Path.of(eve),
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 1 << 16);
        } catch (IOException e) {
            throw new UserError("--eve " + eve + ": cannot write (" + e.getMessage() + ")");
        }
    }
}
