package io.statewall.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code statewall} command. {@link #run} is the whole program and returns its exit code,
 * so tests call it in-process; {@link #main} only wires the process's streams.
 *
 * <p>Exit codes: 0 success, 1 findings where asked for, 2 bad input (one line on stderr, never
 * a stack trace for a user error).
 */
@Command(name = "statewall",
        mixinStandardHelpOptions = true,
        versionProvider = Statewall.Version.class,
        description = "Operating-state-aware security for industrial control networks.",
        subcommands = {AnalyzeCommand.class, NmaCommand.class, PolicyCommand.class, CommandLine.HelpCommand.class})
public final class Statewall implements Runnable {
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Statewall(), new Factory(out, err));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(cmd.getCommandName() + ": " + ex.getMessage() + " (see --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof UserError u) {
                cmd.getErr().println(cmd.getCommandName() + ": " + u.getMessage());
                return BAD_INPUT;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    /** Gives commands the streams of this run rather than the process's. */
    private record Factory(PrintStream out, PrintStream err) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == AnalyzeCommand.class) {
                return cls.cast(new AnalyzeCommand(out, err));
            }
            if (cls == NmaCommand.class) {
                return cls.cast(new NmaCommand(out, err));
            }
            if (cls == PolicyCommand.Check.class) {
                return cls.cast(new PolicyCommand.Check(out, err));
            }
            return CommandLine.defaultFactory().create(cls);
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
