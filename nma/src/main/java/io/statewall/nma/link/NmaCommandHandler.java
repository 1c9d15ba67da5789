package io.statewall.nma.link;

import io.statewall.engine.baseline.Baseline;
import io.statewall.engine.baseline.BaselineFile;
import io.statewall.engine.baseline.BaselineFormatException;
import io.statewall.engine.policy.Finding;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;
import io.statewall.engine.policy.PolicyVerifier;
import io.statewall.link.Command;
import io.statewall.link.CommandHandler;
import io.statewall.link.CommandResult;
import io.statewall.nma.inline.InlineProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The ASMA's commands, carried out on the inline proxy (on the link's command thread; the proxy
 * applies each on its event loop, between two messages):
 * <ul>
 *   <li>DeclareState / ReleaseState: the proxy's own declare and release, as the operator's
 *       {@code POST /state/declare} does;</li>
 *   <li>PushPolicy: written to {@code DATA/policy/pushed.yaml.new}, loaded by the policy loader
 *       and checked by the policy verifier (a pushed policy that could block protected traffic
 *       is refused, not only one that does not load), then put in force as the policy-file
 *       watcher does; kept as {@code pushed.yaml} (and its version in {@code pushed.version},
 *       and the policy file it replaced in {@code pushed.over}: see {@link PushedPolicy}), or,
 *       refused, as {@code rejected.yaml} for the operator to see why. The policy in force
 *       stays when anything fails;</li>
 *   <li>PushBaseline: written, read by the baseline reader, and put in force for detection
 *       ({@link InlineProxy#detectWith}); refused if it does not read or was learned in states
 *       the policy in force does not have; kept as {@code baseline/pushed.yaml} with the NMA's
 *       baseline settings it replaced ({@link PushedBaseline}).</li>
 * </ul>
 * Until the proxy is attached (the NMA is starting) every command is refused.
 */
public final class NmaCommandHandler implements CommandHandler {
    private static final long WAIT_SECONDS = 10;
    private static final int PROBLEMS_SHOWN = 5;

    private final Path dataDir;
    private final RuleVersions versions;
    private final Consumer<String> log;
    private volatile InlineProxy proxy;
    private volatile String baselineConfiguration;

    public NmaCommandHandler(Path dataDir, RuleVersions versions, Consumer<String> log) {
        this.dataDir = dataDir;
        this.versions = versions;
        this.log = log;
    }

    /** The NMA's own baseline settings ({@link PushedBaseline#configuration}), recorded with each baseline push. */
    void baselineConfiguration(String configuration) {
        this.baselineConfiguration = configuration;
    }

    /** From now on commands go to {@code p}. */
    public void attach(InlineProxy p) {
        this.proxy = p;
    }

    @Override
    public CommandResult handle(Command command) throws Exception {
        InlineProxy p = proxy;
        if (p == null) {
            return CommandResult.refused(command.id(), "the NMA is starting");
        }
        return switch (command) {
            case Command.DeclareState d -> {
                String refused = await(p.declare(d.state(), d.by()));
                if (refused != null) {
                    yield CommandResult.refused(d.id(), refused);
                }
                log.accept("state '" + d.state() + "' declared by " + d.by() + " through the ASMA");
                yield CommandResult.ok(d.id(), "declared " + d.state() + " by " + d.by());
            }
            case Command.ReleaseState r -> {
                String refused = await(p.release());
                if (refused != null) {
                    yield CommandResult.refused(r.id(), refused);
                }
                log.accept("declared state released by " + r.by() + " through the ASMA; now " + p.state());
                yield CommandResult.ok(r.id(), "released; the state is inferred again (now " + p.state() + ")");
            }
            case Command.PushPolicy push -> installPolicy(p, push);
            case Command.PushBaseline push -> installBaseline(p, push);
        };
    }

    private CommandResult installPolicy(InlineProxy p, Command.PushPolicy push) throws IOException {
        Path dir = dataDir.resolve("policy");
        Files.createDirectories(dir);
        Path incoming = dir.resolve("pushed.yaml.new");
        Files.writeString(incoming, push.yaml(), StandardCharsets.UTF_8);
        String source = "policy " + push.version() + " from the ASMA";
        Policy policy;
        try {
            policy = PolicyLoader.load(incoming);
        } catch (PolicyException e) {
            return reject(push.id(), incoming, dir, source + " does not load: " + summary(e.lines()));
        }
        List<String> errors = PolicyVerifier.verify(policy).stream()
                .filter(f -> f.severity() == Finding.Severity.ERROR).map(f -> f.format(source)).toList();
        if (!errors.isEmpty()) {
            return reject(push.id(), incoming, dir, source + " fails verification: " + summary(errors));
        }
        String refused = await(p.reload(policy));
        if (refused != null) {
            return reject(push.id(), incoming, dir, source + " cannot be put in force: " + refused);
        }
        versions.policyPushed(push.version());
        PushedPolicy.forgetOver(dir);
        Files.move(incoming, dir.resolve(PushedPolicy.POLICY), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve(PushedPolicy.VERSION), push.version() + "\n", StandardCharsets.UTF_8);
        PushedPolicy.recordOver(dir, versions.policyFile());
        log.accept(source + " ('" + policy.name() + "') in force, generation " + p.policyGeneration()
                + "; it stays in force, across restarts too, until the policy file changes");
        return CommandResult.ok(push.id(), "policy '" + policy.name() + "' version " + push.version()
                + " in force (generation " + p.policyGeneration() + ", state " + p.state() + ")");
    }

    private CommandResult installBaseline(InlineProxy p, Command.PushBaseline push) throws IOException {
        Path dir = dataDir.resolve("baseline");
        Files.createDirectories(dir);
        Path incoming = dir.resolve("pushed.yaml.new");
        Files.writeString(incoming, push.yaml(), StandardCharsets.UTF_8);
        Baseline baseline;
        try {
            baseline = BaselineFile.read(incoming);
        } catch (BaselineFormatException e) {
            return reject(push.id(), incoming, dir, "baseline " + push.version() + " from the ASMA does not read: "
                    + summary(e.lines()));
        }
        String refused = await(p.detectWith(baseline));
        if (refused != null) {
            return reject(push.id(), incoming, dir, "baseline " + push.version() + " cannot be put in force: " + refused);
        }
        versions.baselinePushed(push.version());
        PushedBaseline.forgetOver(dir);
        Files.move(incoming, dir.resolve(PushedBaseline.BASELINE), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve(PushedBaseline.VERSION), push.version() + "\n", StandardCharsets.UTF_8);
        PushedBaseline.recordOver(dir, baselineConfiguration);
        log.accept("baseline " + push.version() + " from the ASMA in force; it stays in force, across restarts too,"
                + " until the NMA's baseline settings change");
        return CommandResult.ok(push.id(), "baseline " + push.version() + " in force (detecting)");
    }

    private CommandResult reject(long id, Path incoming, Path dir, String why) throws IOException {
        Files.move(incoming, dir.resolve("rejected.yaml"), StandardCopyOption.REPLACE_EXISTING);
        log.accept(why + "; what is in force stays");
        return CommandResult.refused(id, why);
    }

    private static String summary(List<String> problems) {
        String shown = String.join("; ", problems.subList(0, Math.min(PROBLEMS_SHOWN, problems.size())));
        return problems.size() <= PROBLEMS_SHOWN ? shown : shown + "; and " + (problems.size() - PROBLEMS_SHOWN) + " more";
    }

    /** Waits for the proxy's loop to apply a change; null when done, else why not. */
    private static String await(CompletableFuture<Void> applied) {
        try {
            applied.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause.getMessage() == null ? cause.toString() : cause.getMessage();
        } catch (TimeoutException e) {
            return "the proxy did not apply it within " + WAIT_SECONDS + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted (the NMA is stopping)";
        }
    }
}
