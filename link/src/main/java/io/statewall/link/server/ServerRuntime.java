package io.statewall.link.server;

import io.statewall.link.Command;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkServerConfig;
import io.statewall.link.LinkSink;
import io.statewall.link.pki.LinkPki;
import io.statewall.link.pki.TlsContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The machinery behind {@link io.statewall.link.LinkServer}: the listening socket (TLS 1.3,
 * client certificates wanted: required for the link, absent only for an enrolment), one
 * {@link ServerSession} per connection on a virtual thread, and the NMAs connected now.
 */
public final class ServerRuntime implements AutoCloseable {
    private final LinkServerConfig config;
    private final LinkSink sink;
    private final LinkPki pki;
    private final SSLServerSocket listener;
    private final Thread acceptor;
    private final Set<ServerSession> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, ServerSession> byNma = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ReentrantLock> nmaLocks = new ConcurrentHashMap<>();
    private final Counters counters = new Counters();
    private volatile boolean running = true;

    /** What the server counts (for the ASMA's metrics). */
    static final class Counters {
        final LongAdder accepted = new LongAdder();
        final LongAdder refusedOverLimit = new LongAdder();
        final LongAdder handshakeFailures = new LongAdder();
        final LongAdder refusedWithoutCertificate = new LongAdder();
        final LongAdder protocolErrors = new LongAdder();
        final LongAdder enrolments = new LongAdder();
        final LongAdder enrolmentsRefused = new LongAdder();
        final LongAdder batches = new LongAdder();
        final LongAdder records = new LongAdder();
    }

    /** A snapshot of the counters. */
    public record Stats(long accepted, long refusedOverLimit, long handshakeFailures, long refusedWithoutCertificate,
                        long protocolErrors, long enrolments, long enrolmentsRefused, long batches, long records,
                        int connected) {}

    private ServerRuntime(LinkServerConfig config, LinkSink sink, LinkPki pki, SSLServerSocket listener) {
        this.config = config;
        this.sink = sink;
        this.pki = pki;
        this.listener = listener;
        this.acceptor = Thread.ofPlatform().name("statewall-link-accept").daemon(true).unstarted(this::acceptLoop);
    }

    public static ServerRuntime start(LinkServerConfig config, LinkSink sink) throws IOException, GeneralSecurityException {
        LinkPki pki = LinkPki.open(config.dataDir(), config.serverNames(), config.log());
        SSLServerSocket s = (SSLServerSocket) pki.serverContext().getServerSocketFactory().createServerSocket();
        try {
            s.setReuseAddress(true);
            s.setEnabledProtocols(new String[] {TlsContexts.PROTOCOL});
            // Wanted, not needed: an NMA without a certificate may only enrol (ServerSession).
            s.setWantClientAuth(true);
            s.bind(config.listen(), 128);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        ServerRuntime rt = new ServerRuntime(config, sink, pki, s);
        rt.acceptor.start();
        return rt;
    }

    private void acceptLoop() {
        while (running) {
            SSLSocket s;
            try {
                s = (SSLSocket) listener.accept();
            } catch (SocketException e) {
                if (running) {
                    log("accepting: " + e.getMessage());
                }
                continue;
            } catch (IOException e) {
                log("accepting: " + e.getMessage());
                continue;
            }
            counters.accepted.increment();
            if (open.size() >= config.maxConnections()) {
                counters.refusedOverLimit.increment();
                try {
                    s.close();
                } catch (IOException ignored) {
                    // refused anyway
                }
                continue;
            }
            try {
                s.setTcpNoDelay(true);
                s.setKeepAlive(true);
            } catch (SocketException ignored) {
                // a socket that is already gone fails in its session
            }
            ServerSession session = new ServerSession(this, s);
            open.add(session);
            Thread.ofVirtual().name("statewall-link-session").start(() -> {
                try {
                    session.run();
                } finally {
                    open.remove(session);
                }
            });
        }
    }

    /**
     * Makes {@code session} the connection of {@code nmaId}: a previous one is closed and waited
     * for (its {@code disconnected} returns first), then {@code LinkSink.connected}. Commands can
     * be sent to the NMA from the moment {@code connected} is called.
     */
    long takeOver(String nmaId, ServerSession session) throws Exception {
        ReentrantLock lock = nmaLocks.computeIfAbsent(nmaId, k -> new ReentrantLock());
        lock.lock();
        try {
            ServerSession old = byNma.get(nmaId);
            if (old != null) {
                log("NMA '" + nmaId + "': a new connection from " + session.remote() + " replaces the one from " + old.remote());
                old.close();
                if (!old.awaitTerminated(Duration.ofMinutes(1))) {
                    throw new IllegalStateException("the previous connection of '" + nmaId + "' does not end");
                }
            }
            // Registered first: the ASMA may send a command from (or right after) connected();
            // it goes out after the WELCOME.
            byNma.put(nmaId, session);
            try {
                return sink.connected(nmaId, session.remote());
            } catch (Exception e) {
                byNma.remove(nmaId, session);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The session of {@code nmaId} ended. */
    void released(String nmaId, ServerSession session) {
        byNma.remove(nmaId, session);
        try {
            sink.disconnected(nmaId);
        } catch (RuntimeException e) {
            log("NMA '" + nmaId + "': the store failed on disconnect: " + e);
        }
    }

    public CompletableFuture<CommandResult> send(String nmaId, Command command) {
        ServerSession s = byNma.get(nmaId);
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("NMA '" + nmaId + "' is not connected"));
        }
        return s.send(command);
    }

    /** Revokes the NMA's certificates and closes its connection, if any (see {@link LinkPki#revoke}). */
    public java.util.List<String> revoke(String nmaId) throws IOException {
        java.util.List<String> serials = pki.revoke(nmaId);
        ServerSession s = byNma.get(nmaId);
        if (s != null) {
            log("NMA '" + nmaId + "' at " + s.remote() + ": its certificate is revoked; connection closed");
            s.close();
        }
        return serials;
    }

    public Set<String> connected() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(byNma.keySet()));
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public LinkPki pki() {
        return pki;
    }

    LinkServerConfig config() {
        return config;
    }

    LinkSink sink() {
        return sink;
    }

    Counters counters() {
        return counters;
    }

    void log(String line) {
        config.log().accept(line);
    }

    public Stats stats() {
        return new Stats(counters.accepted.sum(), counters.refusedOverLimit.sum(), counters.handshakeFailures.sum(),
                counters.refusedWithoutCertificate.sum(), counters.protocolErrors.sum(), counters.enrolments.sum(),
                counters.enrolmentsRefused.sum(), counters.batches.sum(), counters.records.sum(), byNma.size());
    }

    /** Stops accepting and closes every connection (their {@code disconnected} are called). */
    @Override
    public void close() {
        running = false;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (ServerSession s : open) {
            s.close();
        }
        try {
            acceptor.join(5000);
            for (ServerSession s : open) {
                s.awaitTerminated(Duration.ofSeconds(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
