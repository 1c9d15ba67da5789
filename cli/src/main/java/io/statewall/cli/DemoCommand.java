package io.statewall.cli;

import static io.statewall.cli.Cli.command;
import static io.statewall.cli.Cli.flag;
import static io.statewall.cli.Cli.option;

import io.statewall.cli.demo.DemoOptions;
import io.statewall.cli.demo.DemoRun;
import io.statewall.cli.demo.DemoSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code statewall demo}: the whole system on loopback, no set-up. A simulated thermal power
 * unit, the NMA inline in front of its controllers with the example policy, the crew's operating
 * sequence and an attack campaign, shown live and summed up.
 */
final class DemoCommand implements Callable<Integer> {
    private static final String[] DESCRIPTION = {
        "Protects a simulated power unit from an attack campaign, live, on loopback.",
        "A thermal power unit (boiler, turbine and safety PLCs served by j2mod) with the NMA inline in front of"
                + " its controllers, enforcing examples/thermal-power-unit.yaml. The HMI polls; the crew starts the"
                + " unit up, loads it, shuts it down and declares maintenance; attacks run at known times, each"
                + " labelled with its ATT&CK for ICS technique. Shows the plant, the NMA's operating state and what"
                + " became of each attack, then a summary; the ASMA's operators' console answers during the run at"
                + " the address shown. Uses only loopback addresses 127.30.x.y and free ports, and leaves nothing"
                + " running (with --hold, once stopped). About 2.5 minutes."};

    private final PrintStream out;
    private final PrintStream err;

    private final OptionSpec duration = option("--duration", "DURATION", String.class,
            "stop after this much wall time (90s, 2m); default: when the operating sequence is over");
    private final OptionSpec seed = option("--seed", "N", long.class, 1L,
            "seed of the plant's noise and disturbances (default 1)");
    private final OptionSpec noAttacks = flag("--no-attacks", "only the plant and its crew: no attack campaign");
    private final OptionSpec pcap = option("--pcap", "FILE", Path.class,
            "record all traffic of the run as a capture (for analyze, learn and tests), and the policy"
                    + " enforced beside it as FILE's name with .policy.yaml");
    private final OptionSpec report = option("--report", "FILE", Path.class,
            "write a JSON report: per attack its techniques, start, detected, blocked, time to detect; the"
                    + " alerts on legitimate traffic");
    private final OptionSpec eve = option("--eve", "FILE", Path.class, "keep the NMA's EVE JSON output in FILE");
    private final OptionSpec hold = flag("--hold",
            "keep the ASMA and its console up after the run, to look around, until Ctrl-C (its data is deleted then)");
    private final OptionSpec plain = flag("--plain",
            "no progress line redrawn in place, even on a terminal (for logs)");

    DemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    CommandSpec spec() {
        return command(this, "demo", DESCRIPTION, duration, seed, noAttacks, pcap, report, eve, hold, plain);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Duration limit = duration.getValue() == null ? null : parseDuration(duration.getValue());
        for (OptionSpec file : new OptionSpec[] {pcap, report, eve}) {
            Path p = file.getValue();
            if (p != null) {
                Path dir = p.toAbsolutePath().getParent();
                if (dir != null && !Files.isDirectory(dir)) {
                    throw new UserError(file.longestName() + ": no such directory: " + dir);
                }
            }
        }
        DemoOptions options = new DemoOptions(limit, seed.getValue(), !(Boolean) noAttacks.getValue(), pcap.getValue(),
                report.getValue(), eve.getValue(), out == System.out && !(Boolean) plain.getValue()
                        && DemoRun.stdoutIsTerminal(), (Boolean) hold.getValue());
        DemoSummary summary;
        DemoRun run = new DemoRun(options, out);
        try {
            summary = run.run();
        } catch (BindException e) {
            throw new UserError("cannot listen on the demo's loopback addresses 127.30.x.y (" + e.getMessage()
                    + "): statewall demo needs Linux's 127.0.0.0/8 loopback");
        }
        summary.print(out);
        run.asmaSummary().print(out, summary.attacks());
        if (report.getValue() != null) {
            summary.writeReport(report.getValue());
            out.println("  Report: " + report.getValue());
        }
        if (options.hold()) {
            // Ctrl-C (or SIGTERM) runs the hook, which stops the ASMA and deletes its data.
            Runtime.getRuntime().addShutdownHook(new Thread(run::closeConsole, "statewall-demo-console"));
            out.println("  Console kept up at " + run.consoleLink() + " until Ctrl-C.");
            out.flush();
            new java.util.concurrent.CountDownLatch(1).await();
        }
        return Statewall.OK;
    }

    private static final java.util.regex.Pattern DURATION =
            java.util.regex.Pattern.compile("(?:(\\d{1,4})m)?(?:(\\d{1,6})s)?|(\\d{1,6})");

    /** {@code 90s}, {@code 2m}, {@code 1m30s}, or plain seconds. */
    private static Duration parseDuration(String text) {
        java.util.regex.Matcher m = DURATION.matcher(text.strip());
        if (text.isBlank() || !m.matches()) {
            throw new UserError("--duration: expected a duration such as 90s, 2m or 1m30s, found '" + text + "'");
        }
        long seconds = m.group(3) != null ? Long.parseLong(m.group(3))
                : (m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 60) + (m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
        if (seconds <= 0) {
            throw new UserError("--duration must be positive: '" + text + "'");
        }
        return Duration.ofSeconds(seconds);
    }
}
