package io.statewall.link.client;

import io.statewall.link.Command;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkClientConfig;
import io.statewall.link.pki.CertificateAuthority;
import io.statewall.link.pki.NmaCredentials;
import io.statewall.link.pki.Pem;
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
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One mutually authenticated connection to the ASMA: HELLO, WELCOME, then records out of the
 * spool in batches on this thread while a receiving thread takes acknowledgements, commands
 * and keepalives. Ends at the first error, silence of three heartbeats, or {@link #close}.
 *
 * <p>When the certificate is due for renewal ({@link LinkClientConfig#renewalDue}), the first
 * frame after WELCOME is a RENEW for a new key; the receiving thread stores the RENEWED
 * certificate with that key ({@link NmaCredentials#storeRenewal}), and the NMA connects with
 * them from its next connection on. A refusal (ERROR while the RENEW is open) leaves the
 * session and the old certificate as they are.
 */
final class ClientConnection implements AutoCloseable {
    private final ClientRuntime runtime;
    private final LinkClientConfig config;
    private final SSLSocket socket;
    private final OutputStream out;
    private final FrameReader in;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final WireWriter batch;
    private final WireWriter small = new WireWriter(1024);
    private final long resumeAfter;
    private final NmaCredentials credentials;
    /** The new key while a RENEW waits for its answer, else null. */
    private volatile KeyPair renewing;
    private volatile NmaCredentials renewed;
    private volatile boolean closed;
    private volatile Spool.Reader reader;
    private volatile String endReason;
    private int batchCountAt;
    private int batchCount;

    private ClientConnection(ClientRuntime runtime, SSLSocket socket, long resumeAfter, NmaCredentials credentials)
            throws IOException {
        this.runtime = runtime;
        this.config = runtime.config();
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.in = new FrameReader(socket.getInputStream(), config.limits().maxFrameBytes());
        this.batch = new WireWriter(config.limits().batchBytes() + 64 * 1024);
        this.resumeAfter = resumeAfter;
        this.credentials = credentials;
    }

    /** Connects, shakes hands (TLS, then HELLO/WELCOME); the WELCOME's resume point is {@link #resumeAfter()}. */
    static ClientConnection open(ClientRuntime runtime, NmaCredentials credentials, SSLContext ctx) throws IOException {
        LinkClientConfig config = runtime.config();
        SSLSocket s = Connector.connect(ctx, config);
        try {
            s.startHandshake();
            WireWriter w = new WireWriter(256);
            FrameCodec.encode(new Frame.Hello(Wire.VERSION, (int) config.heartbeat().toMillis(), "statewall-nma"), w);
            w.writeTo(s.getOutputStream());
            s.getOutputStream().flush();
            FrameReader r = new FrameReader(s.getInputStream(), 64 * 1024);
            Frame f = decode(r, config);
            long resume = switch (f) {
                case Frame.Welcome welcome -> {
                    if (welcome.version() != Wire.VERSION) {
                        throw new IOException("the ASMA speaks link version " + welcome.version() + ", not " + Wire.VERSION);
                    }
                    yield welcome.resumeAfter();
                }
                case Frame.Error e -> throw new IOException("the ASMA refused the connection: " + e.reason());
                default -> throw new IOException("the ASMA answered HELLO with " + f.getClass().getSimpleName());
            };
            s.setSoTimeout(deadAfterMillis(config));
            return new ClientConnection(runtime, s, resume, credentials);
        } catch (ProtocolException e) {
            s.close();
            throw new IOException("the ASMA broke the protocol: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Three heartbeats of silence, and a second for the network. */
    static int deadAfterMillis(LinkClientConfig config) {
        return (int) Math.min(Integer.MAX_VALUE, config.heartbeat().toMillis() * 3 + 1000);
    }

    private static Frame decode(FrameReader r, LinkClientConfig config) throws IOException, ProtocolException {
        WireReader w = r.next();
        return FrameCodec.decode(w.u8("type"), w, config.limits());
    }

    long resumeAfter() {
        return resumeAfter;
    }

    /** The credentials a renewal on this connection stored, or null. */
    NmaCredentials renewed() {
        return renewed;
    }

    /** Sends and receives until the connection ends; returns why it ended. */
    String run() {
        Thread receiver = Thread.ofPlatform().name("statewall-link-receive").daemon(true).start(this::receive);
        try {
            if (config.renewalDue(credentials.certificate(), Instant.now())) {
                askRenewal();
            }
            send();
        } catch (IOException e) {
            end("sending: " + e.getMessage());
        } catch (InterruptedException e) {
            end("stopping");
            Thread.currentThread().interrupt();
        } finally {
            close();
            try {
                receiver.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return endReason;
    }

    /** Sends RENEW with a request for a new key pair (the old key is not reused: a renewal rotates it). */
    private void askRenewal() throws IOException {
        try {
            KeyPair kp = CertificateAuthority.newKeyPair();
            byte[] csr = NmaCredentials.certificationRequest(credentials.name(), kp);
            renewing = kp;
            writeFrame(new Frame.Renew(csr));
        } catch (GeneralSecurityException e) {
            runtime.log("certificate renewal: cannot make a new key (" + e.getMessage() + ")");
        }
    }

    /** The ASMA's new certificate: checked, stored with the new key, used from the next connection. */
    private void onRenewed(byte[] der) throws ProtocolException {
        KeyPair kp = renewing;
        if (kp == null) {
            throw new ProtocolException("RENEWED without a RENEW");
        }
        renewing = null;
        try {
            X509Certificate cert = Pem.certificate(der);
            renewed = credentials.storeRenewal(config.dataDir(), kp, cert);
            runtime.log("certificate renewed until " + cert.getNotAfter().toInstant() + " (serial "
                    + cert.getSerialNumber().toString(16) + ", replacing " + credentials.certificate().getSerialNumber()
                    .toString(16) + "); in use from the next connection");
        } catch (IOException | GeneralSecurityException e) {
            runtime.log("certificate renewal: the certificate from the ASMA was not stored (" + e.getMessage()
                    + "); the old one stays");
        }
    }

    private void send() throws IOException, InterruptedException {
        int bufferBytes = config.limits().batchBytes() + config.limits().maxRecordBytes() + Spool.OVERHEAD + 64 * 1024;
        long heartbeatNanos = config.heartbeat().toNanos();
        long lastWrite = System.nanoTime();
        try (Spool.Reader reader = runtime.spool().reader(resumeAfter, bufferBytes)) {
            this.reader = reader;
            if (closed) {
                return;
            }
            while (!closed) {
                batch.clear();
                batch.begin(Wire.RECORDS);
                batchCountAt = batch.size();
                batch.u32(0);
                batchCount = 0;
                int n = reader.next(this::addRecord, config.limits().batchRecords(), config.limits().batchBytes(),
                        heartbeatNanos);
                if (n > 0) {
                    batch.putInt(batchCountAt, batchCount);
                    batch.finish();
                    write(batch);
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite >= heartbeatNanos) {
                    writeFrame(new Frame.Keepalive());
                    lastWrite = System.nanoTime();
                }
            }
        }
    }

    private void addRecord(long seq, int kind, long timeNanos, byte[] json, int off, int len) {
        batch.i64(seq).u8(kind).i64(timeNanos).u32(len).raw(json, off, len);
        batchCount++;
        runtime.onSent(seq);
    }

    private void receive() {
        try {
            while (!closed) {
                Frame f;
                try {
                    f = decode(in, config);
                } catch (SocketTimeoutException e) {
                    end("no word from the ASMA for " + deadAfterMillis(config) / 1000 + " s: taken for dead");
                    break;
                }
                switch (f) {
                    case Frame.Ack a -> runtime.onAck(a.seq());
                    case Frame.CommandFrame c -> runtime.onCommand(c.command(), this);
                    case Frame.Keepalive k -> { }
                    case Frame.Renewed r -> onRenewed(r.certificate());
                    case Frame.Error e when renewing != null -> {
                        // The answer to RENEW: the session goes on with the old certificate.
                        renewing = null;
                        runtime.log(e.reason() + "; the certificate until "
                                + credentials.certificate().getNotAfter().toInstant() + " stays in use");
                    }
                    case Frame.Error e -> {
                        end("the ASMA closed the link: " + e.reason());
                        return;
                    }
                    default -> throw new ProtocolException("unexpected " + f.getClass().getSimpleName() + " from the ASMA");
                }
            }
        } catch (ProtocolException e) {
            end("the ASMA broke the protocol: " + e.getMessage());
            tryWrite(new Frame.Error(e.getMessage()));
        } catch (EOFException e) {
            end("the ASMA closed the connection");
        } catch (IOException e) {
            end("receiving: " + e.getMessage());
        } finally {
            close();
        }
    }

    /** Sends a command's result (from the command thread); false if the connection is gone. */
    boolean sendResult(CommandResult result) {
        return tryWrite(new Frame.Result(result));
    }

    private boolean tryWrite(Frame f) {
        try {
            writeFrame(f);
            return true;
        } catch (IOException e) {
            end("sending: " + e.getMessage());
            close();
            return false;
        }
    }

    private void writeFrame(Frame f) throws IOException {
        writeLock.lock();
        try {
            small.clear();
            FrameCodec.encode(f, small);
            small.writeTo(out);
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    private void write(WireWriter w) throws IOException {
        writeLock.lock();
        try {
            w.writeTo(out);
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    private void end(String reason) {
        if (endReason == null) {
            endReason = reason;
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes the socket: both threads see it and end. */
    @Override
    public void close() {
        closed = true;
        end("closed");
        Spool.Reader r = reader;
        if (r != null) {
            r.abort();
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** A command to carry out, and the connection its result goes back on. */
    record Pending(Command command, ClientConnection connection) {}
}
