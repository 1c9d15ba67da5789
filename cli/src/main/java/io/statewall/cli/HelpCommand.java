package io.statewall.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code statewall help [COMMAND]}: the usage of the command it belongs to, or of one of that
 * command's subcommands. Declares the same command as picocli's {@code CommandLine.HelpCommand}
 * (names, texts, exit codes), which is annotated and would be read by reflection.
 */
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Callable<Integer> {
    private final PositionalParamSpec command = PositionalParamSpec.builder().paramLabel("COMMAND").type(String.class)
            .arity("0..1").description("The COMMAND to display the usage help message for.").build();

    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("help").helpCommand(true)
            .addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                    .description("Show usage help for the help command and exit.").build())
            .addPositional(command);

    /** Set by picocli before {@link #call} (a help command is run from within its help handling). */
    private CommandLine self;
    private ColorScheme colors;
    private PrintWriter out;

    HelpCommand() {
        spec.usageMessage()
                .header("Display help information about the specified command.")
                .synopsisHeading("%nUsage: ")
                .description("%nWhen no COMMAND is given, the usage help for the main command is displayed.",
                        "If a COMMAND is specified, the help for that command is shown.%n");
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public Integer call() {
        CommandLine parent = self.getParent();
        String name = command.getValue();
        CommandLine target = parent;
        if (name != null) {
            target = parent.getSubcommands().get(name);
            if (target == null) {
                // A parse error of the parent's: reported like any other bad argument.
                throw new ParameterException(parent, "Unknown subcommand '" + name + "'.");
            }
        }
        target.usage(out, colors);
        return target.getCommandSpec().exitCodeOnUsageHelp();
    }
}
