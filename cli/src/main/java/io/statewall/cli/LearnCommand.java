package io.statewall.cli;

import static io.statewall.cli.Cli.command;
import static io.statewall.cli.Cli.flag;
import static io.statewall.cli.Cli.option;
import static io.statewall.cli.Cli.parameters;
import static io.statewall.cli.Cli.repeatable;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureFormatException;
import io.statewall.capture.CaptureReader;
import io.statewall.engine.baseline.Baseline;
import io.statewall.engine.baseline.BaselineFile;
import io.statewall.engine.baseline.BaselineLearner;
import io.statewall.engine.eve.EventType;
import io.statewall.engine.policy.Policy;
import io.statewall.nma.sensor.AnalyzerConfig;
import io.statewall.nma.sensor.ShardedAnalysis;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code statewall learn}: a baseline of normal traffic from clean captures (docs/baseline.md).
 * Each capture is learned on its own: the plant's state is inferred afresh from its first
 * packet and nothing that spans messages (gaps, order, changes of values) crosses from one
 * capture to the next, so learning A then resuming on B gives the file learning A and B gives.
 */
final class LearnCommand implements Callable<Integer> {
    private static final String[] DESCRIPTION = {
        "Learns what normal Modbus/TCP traffic looks like, per operating state and channel, from",
        "clean captures and writes it as a baseline (YAML) for 'analyze --baseline': who talks to",
        "whom with which functions and addresses, each point's values, each poll's period and the",
        "order of each scan cycle. One line of summary on stderr. Exit 0 on success, 2 for a",
        "missing or bad capture, policy or baseline (a truncated capture is learned up to where it",
        "breaks)."};

    private final PrintStream err;

    private final PositionalParamSpec captures = parameters("CAPTURE", Path.class,
            "clean pcap or pcapng files, each learned on its own, in order");

    private final OptionSpec out = OptionSpec.builder("--out").paramLabel("BASELINE").type(Path.class).required(true)
            .description("the baseline file to write (replaced whole)").build();

    private final OptionSpec policyFile = option("--policy", "POLICY", Path.class,
            "key what is learned by the operating states this policy's plant model infers from the traffic;"
                    + " without it everything is learned in one state, 'unknown'");

    private final OptionSpec resume = flag("--resume",
            "read the baseline in --out first and go on learning from it");

    private final OptionSpec modbusPorts = repeatable("--modbus-port", "PORT", Integer.class,
            "TCP server port carrying Modbus/TCP (repeatable; default 502)");

    LearnCommand(PrintStream err) {
        this.err = err;
    }

    CommandSpec spec() {
        return command(this, "learn", DESCRIPTION, captures, out, policyFile, resume, modbusPorts);
    }

    @Override
    public Integer call() throws IOException {
        List<Path> captures = this.captures.getValue();
        Path file = out.getValue();
        AnalyzerConfig config = AnalyzerConfig.DEFAULT;
        List<Integer> ports = modbusPorts.getValue();
        if (!ports.isEmpty()) {
            int[] p = new int[ports.size()];
            for (int i = 0; i < p.length; i++) {
                if (ports.get(i) < 1 || ports.get(i) > 65_535) {
                    throw new UserError("--modbus-port " + ports.get(i) + " is not a TCP port (1-65535)");
                }
                p[i] = ports.get(i);
            }
            config = config.withModbusPorts(p);
        }
        Policy policy = AnalyzeCommand.loadPolicy(policyFile.getValue(), err);
        List<String> states = Baselines.stateNames(policy);
        Baseline baseline;
        if (resume.getValue()) {
            if (!Files.exists(file)) {
                throw new UserError("--resume: " + file + ": no such file");
            }
            baseline = Baselines.read(file, err);
            Baselines.checkStates(baseline, file, states);
        } else {
            baseline = new Baseline(policy == null ? "" : policy.name());
        }
        if (file.toAbsolutePath().getParent() != null && !Files.isDirectory(file.toAbsolutePath().getParent())) {
            throw new UserError("--out " + file + ": no such directory");
        }
        // Every capture is checked before any is learned: a wrong argument costs no work.
        for (Path capture : captures) {
            try (CaptureReader reader = CaptureFiles.open(capture)) {
                reader.truncated();
            } catch (CaptureFormatException e) {
                throw new UserError(e.getMessage());
            }
        }
        BaselineLearner learner = new BaselineLearner(baseline);
        config = config.withObservers(learner.factory());
        Policy judged = policy == null ? Baselines.noPolicy() : policy;
        List<String> truncated = new ArrayList<>();
        for (Path capture : captures) {
            ShardedAnalysis.Result result;
            try {
                result = ShardedAnalysis.run(config, List.of(capture), 1, null, EnumSet.noneOf(EventType.class), judged);
            } catch (CaptureFormatException e) {
                throw new UserError(e.getMessage());
            }
            truncated.addAll(result.truncated());
            learner.recordSource(capture.getFileName().toString());
        }
        try {
            BaselineFile.write(baseline, file);
        } catch (IOException e) {
            throw new UserError("--out " + file + ": cannot write (" + e.getMessage() + ")");
        }
        Baseline.Summary s = baseline.summary();
        err.printf(Locale.ROOT, "%s: %d state%s, %d channel%s, %d point%s learned from %,d transactions in %d capture%s%n",
                file, s.states(), s.states() == 1 ? "" : "s", s.channels(), s.channels() == 1 ? "" : "s", s.points(),
                s.points() == 1 ? "" : "s", learner.transactions(), captures.size(), captures.size() == 1 ? "" : "s");
        for (String t : truncated) {
            err.println("statewall learn: " + t);
        }
        return truncated.isEmpty() ? Statewall.OK : Statewall.BAD_INPUT;
    }
}
