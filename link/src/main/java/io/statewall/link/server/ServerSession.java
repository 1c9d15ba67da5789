package io.statewall.link.server;

import io.statewall.link.Command;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkRecord;
import io.statewall.link.pki.Certificates;
import io.statewall.link.pki.EnrolmentException;
import io.statewall.link.wire.Frame;
import io.statewall.link.wire.FrameCodec;
import io.statewall.link.wire.FrameReader;
import io.statewall.link.wire.ProtocolException;
import io.statewall.link.wire.Wire;
import io.statewall.link.wire.WireReader;
import io.statewall.link.wire.WireWriter;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * One connection at the ASMA, on its own virtual thread (and one more for writing):
 * <ol>
 *   <li>the TLS 1.3 handshake, within the handshake timeout; a client certificate not issued by
 *       the link's CA fails it;</li>
 *   <li>without a client certificate: one ENROL, answered with ENROLLED or ERROR, then closed;</li>
 *   <li>with one: the NMA is the certificate's CN; HELLO, {@code LinkSink.connected}, WELCOME,
 *       then RECORDS (each batch stored, then acknowledged), RESULTs and KEEPALIVEs until the
 *       connection ends, three heartbeats of silence, or a protocol error; and one RENEW,
 *       answered with RENEWED or an ERROR that leaves the session open.</li>
 * </ol>
 * Whatever ends it, {@code LinkSink.disconnected} follows a successful {@code connected}, and
 * the commands waiting for an answer fail.
 */
final class ServerSession implements Runnable {
    private final ServerRuntime server;
    private final SSLSocket socket;
    private final String remote;
    private final LinkedBlockingQueue<Frame> outbox = new LinkedBlockingQueue<>();
    private final Map<Long, CompletableFuture<CommandResult>> pending = new ConcurrentHashMap<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile String nmaId;
    private long heartbeatMillis;
    private OutputStream out;

    ServerSession(ServerRuntime server, SSLSocket socket) {
        this.server = server;
        this.socket = socket;
        this.remote = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    String nmaId() {
        return nmaId;
    }

    String remote() {
        return remote;
    }

    @Override
    public void run() {
        boolean connected = false;
        String who = remote;
        try {
            socket.setSoTimeout((int) server.config().handshakeTimeout().toMillis());
            try {
                socket.startHandshake();
            } catch (IOException e) {
                server.counters().handshakeFailures.increment();
                server.log("TLS handshake with " + remote + " failed: " + rootMessage(e));
                return;
            }
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            FrameReader in = new FrameReader(socket.getInputStream(), server.config().limits().maxFrameBytes());
            X509Certificate peer = peerCertificate();
            if (peer == null) {
                enrolment(in);
                return;
            }
            if (server.pki().isRevoked(peer)) {
                // A resumed TLS session skips the trust manager: revocation is checked here too.
                server.counters().handshakeFailures.increment();
                server.log("TLS handshake with " + remote + " failed: certificate " + peer.getSerialNumber().toString(16)
                        + " of NMA '" + Certificates.commonName(peer) + "' is revoked (resumed session)");
                return;
            }
            String id = Certificates.commonName(peer);
            if (id == null || !Certificates.NMA_NAME.matcher(id).matches()) {
                server.log(remote + ": the certificate's CN '" + id + "' is not an NMA name: connection closed");
                return;
            }
            who = "NMA '" + id + "' at " + remote;
            Frame first = read(in);
            if (!(first instanceof Frame.Hello hello)) {
                throw new ProtocolException("expected HELLO, got " + first.getClass().getSimpleName());
            }
            if (hello.version() != Wire.VERSION) {
                refuse("link version " + hello.version() + " is not supported; this ASMA speaks " + Wire.VERSION);
                server.log(who + ": link version " + hello.version() + " refused");
                return;
            }
            heartbeatMillis = Math.clamp(hello.heartbeatMillis(), 100, Duration.ofMinutes(5).toMillis());
            long resume;
            nmaId = id;
            try {
                resume = server.takeOver(id, this);
            } catch (Exception e) {
                server.log(who + ": the store cannot take it now (" + rootMessage(e) + "): connection closed");
                refuse("the ASMA cannot take records now");
                return;
            }
            connected = true;
            writeNow(new Frame.Welcome(Wire.VERSION, resume));
            server.log(who + " connected (certificate " + peer.getSerialNumber().toString(16) + ", stored up to seq "
                    + resume + ")");
            Thread.ofVirtual().name("statewall-link-write-" + id).start(this::writeLoop);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, heartbeatMillis * 3 + 1000));
            receive(in, id, peer);
        } catch (ProtocolException e) {
            server.counters().protocolErrors.increment();
            server.log(who + ": protocol error: " + e.getMessage() + "; connection closed");
            refuse(e.getMessage());
        } catch (SocketTimeoutException e) {
            server.log(who + ": silent for " + (nmaId == null ? server.config().handshakeTimeout().toSeconds()
                    : (heartbeatMillis * 3 + 1000) / 1000) + " s: taken for dead");
        } catch (EOFException e) {
            if (nmaId != null && !closed) {
                server.log(who + " disconnected");
            }
        } catch (IOException e) {
            if (!closed) {
                server.log(who + ": " + rootMessage(e));
            }
        } catch (RuntimeException e) {
            server.log(who + ": internal error, connection closed: " + e);
        } finally {
            close();
            for (Map.Entry<Long, CompletableFuture<CommandResult>> p : pending.entrySet()) {
                p.getValue().completeExceptionally(new IllegalStateException("NMA '" + nmaId
                        + "' disconnected before answering command " + p.getKey()));
            }
            pending.clear();
            if (connected) {
                server.released(nmaId, this);
            }
            terminated.countDown();
        }
    }

    private void receive(FrameReader in, String id, X509Certificate peer) throws IOException, ProtocolException {
        long lastSeq = 0;
        boolean renewed = false;
        while (!closed) {
            Frame f = read(in);
            switch (f) {
                case Frame.Records r -> {
                    List<LinkRecord> batch = r.records();
                    if (batch.getFirst().seq() <= lastSeq) {
                        throw new ProtocolException("records went back from seq " + lastSeq + " to " + batch.getFirst().seq());
                    }
                    lastSeq = batch.getLast().seq();
                    try {
                        server.sink().store(id, batch);
                    } catch (Exception e) {
                        server.log("NMA '" + id + "': the store failed (" + rootMessage(e)
                                + "); connection closed, the NMA sends the batch again");
                        return;
                    }
                    server.counters().batches.increment();
                    server.counters().records.add(batch.size());
                    outbox.add(new Frame.Ack(lastSeq));
                }
                case Frame.Result r -> {
                    CompletableFuture<CommandResult> p = pending.remove(r.result().id());
                    if (p != null) {
                        p.complete(r.result());
                    }
                }
                case Frame.Keepalive k -> { }
                case Frame.Renew r -> {
                    if (renewed) {
                        // One per connection: an NMA renews on connecting, a loop of renewals is not renewal.
                        refuseRenewal(id, "one renewal per connection");
                    } else {
                        renewed = true;
                        renew(id, peer, r.csr());
                    }
                }
                case Frame.Error e -> {
                    server.log("NMA '" + id + "' closed the link: " + e.reason());
                    return;
                }
                default -> throw new ProtocolException("unexpected " + f.getClass().getSimpleName() + " from an NMA");
            }
        }
    }

    /**
     * Issues a certificate for the NMA's new key (see {@link io.statewall.link.pki.LinkPki#renew});
     * a refusal is an ERROR that does not end the session: the NMA keeps its certificate and
     * goes on reporting.
     */
    private void renew(String id, X509Certificate peer, byte[] csr) throws IOException {
        try {
            X509Certificate cert = server.pki().renew(peer, csr);
            outbox.add(new Frame.Renewed(cert.getEncoded()));
        } catch (EnrolmentException refused) {
            refuseRenewal(id, refused.getMessage());
        } catch (CertificateEncodingException x) {
            throw new IOException(x);
        }
    }

    private void refuseRenewal(String id, String reason) {
        server.log("certificate renewal of NMA '" + id + "' at " + remote + " refused: " + reason);
        outbox.add(new Frame.Error("certificate renewal refused: " + reason));
    }

    private void enrolment(FrameReader in) throws IOException, ProtocolException {
        in.limit(Wire.MAX_ENROL_FRAME);
        Frame f = read(in);
        if (!(f instanceof Frame.Enrol e)) {
            server.counters().refusedWithoutCertificate.increment();
            server.log(remote + ": no client certificate, and " + f.getClass().getSimpleName()
                    + " is not an enrolment: refused");
            refuse("a client certificate from this ASMA's CA is required (or an enrolment)");
            return;
        }
        try {
            X509Certificate cert = server.pki().enrol(e.name(), e.secret(), e.csr());
            writeNow(new Frame.Enrolled(cert.getEncoded(), server.pki().caCertificate().getEncoded()));
            server.counters().enrolments.increment();
        } catch (EnrolmentException refused) {
            server.counters().enrolmentsRefused.increment();
            server.log("enrolment of '" + e.name() + "' from " + remote + " refused: " + refused.getMessage());
            refuse(refused.getMessage());
        } catch (CertificateEncodingException x) {
            throw new IOException(x);
        }
    }

    private Frame read(FrameReader in) throws IOException, ProtocolException {
        WireReader r = in.next();
        return FrameCodec.decode(r.u8("type"), r, server.config().limits());
    }

    private X509Certificate peerCertificate() {
        try {
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** Sends a command; the future completes with the NMA's result or fails when the connection ends first. */
    CompletableFuture<CommandResult> send(Command command) {
        CompletableFuture<CommandResult> f = new CompletableFuture<>();
        if (pending.putIfAbsent(command.id(), f) != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("command " + command.id()
                    + " is already waiting for NMA '" + nmaId + "'"));
        }
        if (closed) {
            pending.remove(command.id());
            f.completeExceptionally(new IllegalStateException("NMA '" + nmaId + "' disconnected"));
            return f;
        }
        outbox.add(new Frame.CommandFrame(command));
        return f;
    }

    /** The writing thread: acknowledgements and commands in order; a KEEPALIVE after a heartbeat of nothing. */
    private void writeLoop() {
        WireWriter w = new WireWriter(64 * 1024);
        try {
            while (!closed) {
                Frame f = outbox.poll(heartbeatMillis, TimeUnit.MILLISECONDS);
                w.clear();
                FrameCodec.encode(f == null ? new Frame.Keepalive() : f, w);
                Frame more;
                while ((more = outbox.poll()) != null) {
                    FrameCodec.encode(more, w);
                }
                synchronized (this) {
                    w.writeTo(out);
                    out.flush();
                }
            }
        } catch (IOException e) {
            if (!closed) {
                server.log("NMA '" + nmaId + "': sending: " + rootMessage(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    private void writeNow(Frame f) throws IOException {
        WireWriter w = new WireWriter(1024);
        FrameCodec.encode(f, w);
        synchronized (this) {
            w.writeTo(out);
            out.flush();
        }
    }

    /** Tells the peer why (best effort) before the connection closes. */
    private void refuse(String reason) {
        if (out == null || closed) {
            return;
        }
        try {
            writeNow(new Frame.Error(reason));
        } catch (IOException ignored) {
            // the peer is gone already
        }
    }

    void close() {
        closed = true;
        outbox.add(new Frame.Keepalive()); // wakes the writer
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Waits until this session's thread has finished (its {@code disconnected} has returned). */
    boolean awaitTerminated(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
