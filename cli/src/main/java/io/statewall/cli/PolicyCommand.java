package io.statewall.cli;

import static io.statewall.cli.Cli.command;
import static io.statewall.cli.Cli.group;
import static io.statewall.cli.Cli.parameter;

import io.statewall.engine.policy.Finding;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;
import io.statewall.engine.policy.PolicyVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code statewall policy …}: working with policy files. */
final class PolicyCommand {
    private PolicyCommand() {
    }

    /** The {@code policy} command and its subcommands; on its own it shows its usage. */
    static CommandSpec spec(PrintStream out, PrintStream err) {
        return group("policy", "Check policy files.")
                .addSubcommand("check", new Check(out, err).spec());
    }

    /** {@code statewall policy check P}: validate, then verify. */
    static final class Check implements Callable<Integer> {
        private static final String[] DESCRIPTION = {
            "Validates a policy file (every problem with its line and column) and verifies it:",
            "protected traffic never blockable, every named state declared, no rule shadowed by an",
            "earlier one, overlapping allow/block rules reported. Exit 0 when there is no error",
            "(warnings allowed), 2 with the findings."};

        private final PrintStream out;
        private final PrintStream err;

        private final PositionalParamSpec file = parameter("POLICY", Path.class, "the policy file (YAML)");

        Check(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        CommandSpec spec() {
            return command(this, "check", DESCRIPTION, file);
        }

        @Override
        public Integer call() {
            Path file = this.file.getValue();
            String name = file.toString();
            Policy policy;
            try {
                policy = PolicyLoader.load(file);
            } catch (NoSuchFileException e) {
                throw new UserError(name + ": no such file");
            } catch (IOException e) {
                throw new UserError(name + ": cannot read (" + e.getMessage() + ")");
            } catch (PolicyException e) {
                e.lines().forEach(err::println);
                err.println(name + ": " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s"));
                return Statewall.BAD_INPUT;
            }
            List<Finding> findings = PolicyVerifier.verify(policy);
            long errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
            for (Finding f : findings) {
                out.println(f.format(name));
            }
            out.println(name + ": " + errors + " error" + (errors == 1 ? "" : "s") + ", "
                    + (findings.size() - errors) + " warning" + (findings.size() - errors == 1 ? "" : "s"));
            return errors == 0 ? Statewall.OK : Statewall.BAD_INPUT;
        }
    }
}
