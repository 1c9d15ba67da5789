package io.statewall.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The {@code statewall} command. {@link #run} is the whole program and returns its exit code,
 * so tests call it in-process; {@link #main} only wires the process's streams.
 *
 * <p>Exit codes: 0 success, 1 findings where asked for, 2 bad input (one line on stderr, never
 * a stack trace for a user error).
 *
 * <p>The commands are declared with picocli's programmatic model ({@link Cli}), not its
 * annotations, and run by {@link #execute}: nothing is read from our classes by reflection.
 */
public final class Statewall {
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int BAD_INPUT = 2;

    private Statewall() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = commandLine(out, err);
        // Set after the subcommands are added: picocli hands these down to the ones present.
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(cmd.getCommandName() + ": " + ex.getMessage() + " (see --help)");
            return BAD_INPUT;
        });
        cli.setExecutionStrategy(Statewall::execute);
        return cli.execute(args);
    }

    /** The command tree, its commands writing to {@code out} and {@code err}. */
    private static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(Cli.group("statewall",
                "Operating-state-aware security for industrial control networks.").versionProvider(new Version()));
        cli.addSubcommand("demo", new DemoCommand(out, err).spec());
        cli.addSubcommand("analyze", new AnalyzeCommand(out, err).spec());
        cli.addSubcommand("learn", new LearnCommand(err).spec());
        cli.addSubcommand("nma", new NmaCommand(out, err).spec());
        cli.addSubcommand("asma", new AsmaCommand(out, err, System.in).spec());
        cli.addSubcommand("policy", PolicyCommand.spec(out, err));
        cli.addSubcommand("help", new HelpCommand().spec());
        // picocli's own Path converter calls Paths.get by reflection.
        cli.registerConverter(Path.class, Path::of);
        return cli;
    }

    /**
     * Runs the last command named on the command line, after any help or version request (as
     * picocli's own strategy does). A command that only groups others shows its usage on stderr.
     */
    private static int execute(ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        CommandLine cmd = last.commandSpec().commandLine();
        // Cli.command's action, or null for a group.
        if (!(last.commandSpec().userObject() instanceof Callable<?> command)) {
            cmd.usage(cmd.getErr());
            return OK;
        }
        try {
            return (Integer) command.call();
        } catch (UserError e) {
            cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
            return BAD_INPUT;
        } catch (Exception e) {
            // Not the user's doing: picocli prints the stack trace and exits 1.
            throw new CommandLine.ExecutionException(cmd, "Error while calling command (" + command + "): " + e, e);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Statewall.class.getPackage().getImplementationVersion();
            return new String[] {"statewall " + (v == null ? "dev" : v)};
        }
    }
}
