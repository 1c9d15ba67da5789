package io.statewall.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Declares commands, options and parameters through picocli's programmatic model rather than
 * its annotations. Reading annotations costs every run of {@code statewall} about a third of its
 * start-up: the JDK spins a proxy class per annotation type and method-handle forms for the
 * reflective field access, and none of that can be kept in the AOT cache. A command keeps its
 * options as fields next to their descriptions and, once parsed, reads each one's value with
 * {@link ArgSpec#getValue()}; an option that was not given holds the initial value declared here.
 */
final class Cli {
    private Cli() {
    }

    /**
     * A command that runs {@code action}, returning its exit code, with {@code -h/--help} and
     * {@code -V/--version}.
     */
    static CommandSpec command(Callable<Integer> action, String name, String[] description, ArgSpec... args) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(action).name(name);
        spec.usageMessage().description(description);
        for (ArgSpec arg : args) {
            spec.add(arg);
        }
        addStandardHelpOptions(spec);
        return spec;
    }

    /** A command that only groups subcommands: on its own it has nothing to run. */
    static CommandSpec group(String name, String... description) {
        return command(null, name, description);
    }

    /**
     * What {@code mixinStandardHelpOptions} adds, with the same names and texts: picocli builds
     * that mixin from an annotated class of its own, which would bring the proxies back.
     */
    private static void addStandardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
                .description("Print version information and exit.").build());
    }

    /** An option without a value: false unless given. */
    static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name).type(boolean.class).initialValue(false).description(description).build();
    }

    /** An option taking one value, given at most once; null when absent. */
    static OptionSpec option(String name, String paramLabel, Class<?> type, String description) {
        return option(name, paramLabel, type, null, description);
    }

    /** An option taking one value, given at most once; {@code initial} when absent. */
    static OptionSpec option(String name, String paramLabel, Class<?> type, Object initial, String description) {
        return OptionSpec.builder(name).paramLabel(paramLabel).type(type).initialValue(initial)
                .description(description).build();
    }

    /** An option that may be given again and again: a {@code List} of its values, empty when absent. */
    static OptionSpec repeatable(String name, String paramLabel, Class<?> elementType, String description) {
        return list(name, paramLabel, elementType, description).build();
    }

    /** A repeatable option whose values may also be given comma-separated; empty when absent. */
    static OptionSpec commaSeparated(String name, String paramLabel, String description) {
        return list(name, paramLabel, String.class, description).splitRegex(",").build();
    }

    private static OptionSpec.Builder list(String name, String paramLabel, Class<?> elementType, String description) {
        return OptionSpec.builder(name).paramLabel(paramLabel).type(List.class).auxiliaryTypes(elementType)
                .initialValue(List.of()).description(description);
    }

    /** The one positional parameter a command requires. */
    static PositionalParamSpec parameter(String paramLabel, Class<?> type, String description) {
        return PositionalParamSpec.builder().paramLabel(paramLabel).type(type).arity("1").required(true)
                .description(description).build();
    }

    /** One or more positional parameters: a {@code List} of them. */
    static PositionalParamSpec parameters(String paramLabel, Class<?> elementType, String description) {
        return PositionalParamSpec.builder().paramLabel(paramLabel).type(List.class).auxiliaryTypes(elementType)
                .arity("1..*").required(true).description(description).build();
    }
}
