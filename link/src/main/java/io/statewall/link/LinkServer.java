package io.statewall.link;

import io.statewall.link.pki.EnrolmentTokens;
import io.statewall.link.pki.LinkPki;
import io.statewall.link.server.ServerRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The ASMA's end of the link: accepts NMAs on one TLS 1.3 port, enrols new ones with one-time
 * tokens, and, for each NMA holding a certificate of the link's CA, hands its records to the
 * {@link LinkSink} in order, acknowledging each batch once stored; sends it commands.
 *
 * <p>On first start it creates the link's CA and its own server certificate in the data
 * directory ({@link LinkPki}); later starts reuse them. Issue a token for a new NMA with
 * {@code server.tokens().issue("boiler-nma", Duration.ofDays(1))}.
 */
public final class LinkServer implements AutoCloseable {
    private final ServerRuntime runtime;

    private LinkServer(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Opens (or creates) the PKI in the data directory and listens.
     *
     * @throws IOException when the port cannot be bound or the data directory cannot be used
     * @throws GeneralSecurityException when the stored keys or certificates are unusable
     */
    public static LinkServer start(LinkServerConfig config, LinkSink sink) throws IOException, GeneralSecurityException {
        return new LinkServer(ServerRuntime.start(config, sink));
    }

    /**
     * Sends {@code command} to the NMA {@code nmaId}; the future completes with its result, or
     * fails at once when that NMA is not connected, or when it disconnects before answering.
     */
    public CompletableFuture<CommandResult> send(String nmaId, Command command) {
        return runtime.send(nmaId, command);
    }

    /**
     * Revokes every certificate issued to the NMA {@code nmaId} and closes its connection: it is
     * refused in the TLS handshake from now on, until it enrols again with a new token. Returns
     * the serials revoked.
     */
    public java.util.List<String> revoke(String nmaId) throws IOException {
        return runtime.revoke(nmaId);
    }

    /** The NMAs connected now, by name. */
    public Set<String> connected() {
        return runtime.connected();
    }

    /** Where it listens (the port chosen, if the configuration said 0). */
    public InetSocketAddress address() {
        return runtime.address();
    }

    /** The one-time enrolment tokens. */
    public EnrolmentTokens tokens() {
        return runtime.pki().tokens();
    }

    /** The CA, the server certificate, the certificates issued. */
    public LinkPki pki() {
        return runtime.pki();
    }

    public ServerRuntime.Stats stats() {
        return runtime.stats();
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        runtime.close();
    }
}
