package io.statewall.nma.link;

import io.statewall.link.LinkClient;
import io.statewall.link.LinkClientConfig;
import io.statewall.link.pki.EnrolmentToken;
import io.statewall.link.pki.NmaCredentials;
import io.statewall.nma.inline.InlineProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The NMA's link to the ASMA, put together: the {@link LinkClient} (enrolment, spool,
 * connection), its EVE tee, the command handler and the status source. Started before the
 * proxy (the proxy's EVE writer writes through the tee), then {@linkplain #attach attached} to
 * it. The proxy never waits for the link: while the ASMA is unreachable it goes on enforcing
 * its policy and state, and its events wait in the spool.
 *
 * <pre>
 * NmaLink link = NmaLink.start(settings, policyFile, log);
 * EveWriter eve = new EveWriter(link.tee(eveFileOrNull), types);
 * InlineProxy proxy = new InlineProxy(routes, policy, options, eve);
 * proxy.start();
 * link.attach(proxy);
 * </pre>
 */
public final class NmaLink implements AutoCloseable {
    private final LinkClient client;
    private final NmaCommandHandler commands;
    private final NmaStatusSource status;
    private final RuleVersions versions;
    private final int maxRecordBytes;
    private final Path dataDir;
    private volatile InlineProxy proxy;
    private volatile String restoredVersion;
    private volatile String restoredBaselineVersion;

    private NmaLink(LinkClient client, NmaCommandHandler commands, NmaStatusSource status, RuleVersions versions,
                    int maxRecordBytes, Path dataDir) {
        this.dataDir = dataDir;
        this.client = client;
        this.commands = commands;
        this.status = status;
        this.versions = versions;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Opens the spool in the data directory and starts connecting (enrolling first with the
     * token if the NMA has no certificate yet).
     *
     * @param policyFile the policy file the NMA runs (for the version in its heartbeats), or null
     * @throws IOException when the data directory cannot be used
     */
    public static NmaLink start(AsmaLinkSettings settings, Path policyFile, Consumer<String> log) throws IOException {
        checkCanConnect(settings);
        NmaLink[] self = new NmaLink[1];
        RuleVersions versions = new RuleVersions(policyFile,
                () -> self[0] == null || self[0].proxy == null ? 0 : self[0].proxy.policyGeneration(),
                () -> self[0] == null || self[0].proxy == null ? "off" : self[0].proxy.baselineMode());
        NmaCommandHandler commands = new NmaCommandHandler(settings.dataDir(), versions, log);
        NmaStatusSource status = new NmaStatusSource(versions);
        LinkClientConfig config = settings.clientConfig(log);
        LinkClient client = LinkClient.start(config, commands, status);
        self[0] = new NmaLink(client, commands, status, versions, config.limits().maxRecordBytes(), settings.dataDir());
        return self[0];
    }

    /**
     * Refuses, with a one-line reason, what can never connect: no certificate and no token, or a
     * token that is not one. (An ASMA that is unreachable is not refused: the NMA starts anyway.)
     *
     * @throws IllegalArgumentException with the reason
     */
    static void checkCanConnect(AsmaLinkSettings settings) throws IOException {
        if (settings.token() != null) {
            EnrolmentToken.parse(settings.token());
        } else if (NmaCredentials.load(settings.dataDir()) == null) {
            throw new IllegalArgumentException("this NMA is not enrolled yet (no certificate in " + settings.dataDir()
                    + "): give the enrolment token the ASMA issued for it");
        }
    }

    /** The EVE output for the proxy's writer: {@code downstream} (the EVE file, or null) and the link. */
    public OutputStream tee(OutputStream downstream) {
        return new EveTee(downstream, client, maxRecordBytes);
    }

    /**
     * The policy the ASMA last pushed, when the NMA starts on the policy file it was pushed over
     * ({@link PushedPolicy}): the proxy is to start with it, and the heartbeats report its
     * version once the proxy is {@linkplain #attach attached}.
     */
    public Optional<PushedPolicy> restorePushedPolicy(Consumer<String> log) {
        Optional<PushedPolicy> p = PushedPolicy.restore(dataDir, versions.policyFile(), log);
        restoredVersion = p.map(PushedPolicy::version).orElse(null);
        return p;
    }

    /**
     * The baseline the ASMA last pushed, when the NMA starts with the baseline settings it was
     * pushed over ({@link PushedBaseline}); {@code configuration} is those settings now, recorded
     * with every later push too.
     */
    public Optional<PushedBaseline> restorePushedBaseline(String configuration, Consumer<String> log) {
        commands.baselineConfiguration(configuration);
        return PushedBaseline.restore(dataDir, configuration, log);
    }

    /** The restored baseline {@code version} is in force: the heartbeats report it once the proxy is attached. */
    public void restoredBaselineInForce(String version) {
        restoredBaselineVersion = version;
    }

    /** From now on heartbeats report the proxy's state and commands act on it. */
    public void attach(InlineProxy p) {
        this.proxy = p;
        if (restoredVersion != null) {
            versions.policyPushed(restoredVersion);
        }
        if (restoredBaselineVersion != null) {
            versions.baselinePushed(restoredBaselineVersion);
        }
        status.attach(p);
        commands.attach(p);
        client.heartbeatNow(); // the ASMA learns the state enforced without waiting a heartbeat
    }

    public LinkClient client() {
        return client;
    }

    public RuleVersions versions() {
        return versions;
    }

    /** Closes the connection; what is still in memory goes to the spool, to be sent after a restart. */
    @Override
    public void close() {
        client.close();
    }
}
