package io.statewall.link.client;

import io.statewall.link.Command;
import io.statewall.link.CommandHandler;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkClientConfig;
import io.statewall.link.LinkRecord;
import io.statewall.link.NmaStatus;
import io.statewall.link.StatusSource;
import io.statewall.link.pki.NmaCredentials;
import io.statewall.link.wire.FrameCodec;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The machinery behind {@link io.statewall.link.LinkClient}: the memory queue and the spool,
 * and the link's threads:
 * <ul>
 *   <li>{@code statewall-link-spool} moves records from the memory queue to the spool files
 *       and forces them to disk about once a second;</li>
 *   <li>{@code statewall-link-io} enrols if needed, connects, sends from the spool, and
 *       reconnects after a failure (100 ms doubling to 5 s by default);</li>
 *   <li>{@code statewall-link-receive} (per connection) takes acknowledgements and commands;</li>
 *   <li>{@code statewall-link-commands} runs the commands, one at a time, in order;</li>
 *   <li>{@code statewall-link-heartbeat} offers a HEARTBEAT (and a PROCESS) record every heartbeat.</li>
 * </ul>
 * None of them ever runs on the NMA's event loop: {@link #offer} is all the NMA calls.
 */
public final class ClientRuntime implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LinkClientConfig config;
    private final CommandHandler handler;
    private final StatusSource status;
    private final MemoryQueue queue;
    private final Spool spool;
    private final Thread spoolThread;
    private final Thread ioThread;
    private final ScheduledExecutorService heartbeat;
    private final ExecutorService commands;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition stateChanged = stateLock.newCondition();
    private final long startNanos = System.nanoTime();
    private final long epochBase = System.currentTimeMillis() * 1_000_000L;
    private volatile boolean running = true;
    /** The spool thread holds records taken from the queue and not yet in the spool. */
    private volatile boolean spooling;
    private volatile ClientConnection connection;
    private volatile String nmaName;
    private volatile long acked;
    private volatile long highestSent;
    private volatile long sent;
    private volatile long resent;
    private volatile long connects;
    private volatile NmaStatus lastStatus = NmaStatus.UNKNOWN;
    private String lastLogged;

    private ClientRuntime(LinkClientConfig config, CommandHandler handler, StatusSource status) throws IOException {
        this.config = config;
        this.handler = handler;
        this.status = status;
        this.spool = Spool.open(config.dataDir().resolve("spool"), config.spoolMaxBytes(),
                config.limits().maxRecordBytes(), config.log());
        this.queue = new MemoryQueue(config.memoryQueueBytes(), config.limits().maxRecordBytes(), spool.lastSeq());
        this.spoolThread = Thread.ofPlatform().name("statewall-link-spool").daemon(true).unstarted(this::spoolLoop);
        this.ioThread = Thread.ofPlatform().name("statewall-link-io").daemon(true).unstarted(this::ioLoop);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("statewall-link-heartbeat").daemon(true).unstarted(r));
        this.commands = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
                .name("statewall-link-commands").daemon(true).unstarted(r));
        queue.consumer(spoolThread);
    }

    public static ClientRuntime start(LinkClientConfig config, CommandHandler handler, StatusSource status)
            throws IOException {
        ClientRuntime rt = new ClientRuntime(config, handler, status);
        try {
            NmaCredentials c = NmaCredentials.load(config.dataDir());
            rt.nmaName = c == null ? null : c.name();
        } catch (IOException e) {
            rt.spool.close();
            throw new IOException(config.dataDir() + ": the NMA's credentials cannot be read (" + e.getMessage() + ")", e);
        }
        rt.spoolThread.start();
        rt.ioThread.start();
        long every = config.heartbeat().toNanos();
        rt.heartbeat.scheduleAtFixedRate(rt::beat, every, every, TimeUnit.NANOSECONDS);
        return rt;
    }

    LinkClientConfig config() {
        return config;
    }

    Spool spool() {
        return spool;
    }

    // ---------------------------------------------------------------------------------------
    // What the NMA calls
    // ---------------------------------------------------------------------------------------

    /** See {@link io.statewall.link.LinkClient#offer}: the record's seq, or -1 if it could not even be numbered. */
    public long offer(LinkRecord.Kind kind, long timeNanos, byte[] json, int off, int len) {
        try {
            return queue.offer(FrameCodec.kindCode(kind), timeNanos, json, off, len);
        } catch (RuntimeException e) {
            return -1; // never thrown into the NMA's event loop
        }
    }

    public long offer(LinkRecord.Kind kind, long timeNanos, String json) {
        try {
            return queue.offer(FrameCodec.kindCode(kind), timeNanos, json);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Wall-clock nanoseconds since the epoch, from the monotonic clock (no allocation). */
    public long nowNanos() {
        return epochBase + (System.nanoTime() - startNanos);
    }

    // ---------------------------------------------------------------------------------------
    // Spool thread
    // ---------------------------------------------------------------------------------------

    private void spoolLoop() {
        byte[] staging = new byte[Math.max(256 * 1024, config.limits().maxRecordBytes() + MemoryQueue.ENTRY_HEADER)];
        long lastForce = System.nanoTime();
        while (true) {
            spooling = true;
            int n = queue.drain(staging);
            if (n > 0) {
                spool.append(staging, n);
                spooling = false;
                signal();
                continue;
            }
            spooling = false;
            if (!running) {
                break;
            }
            if (System.nanoTime() - lastForce >= TimeUnit.SECONDS.toNanos(1)) {
                force();
                lastForce = System.nanoTime();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        force();
    }

    private void signal() {
        stateLock.lock();
        try {
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    private void force() {
        try {
            spool.force();
        } catch (IOException e) {
            log("spool: cannot force to disk (" + e.getMessage() + ")");
        }
    }

    // ---------------------------------------------------------------------------------------
    // I/O thread
    // ---------------------------------------------------------------------------------------

    private void ioLoop() {
        Backoff backoff = new Backoff(config.reconnectInitial().toNanos(), config.reconnectMax().toNanos());
        SSLContext ctx = null;
        NmaCredentials creds = null;
        while (running) {
            try {
                if (creds == null) {
                    creds = NmaCredentials.load(config.dataDir());
                    if (creds == null) {
                        if (config.enrolToken() == null) {
                            throw new Enroller.Refused("this NMA is not enrolled and has no enrolment token (--enrol-token)");
                        }
                        creds = Enroller.enrol(config);
                    }
                    nmaName = creds.name();
                    ctx = creds.tlsContext();
                }
                ClientConnection c = ClientConnection.open(this, creds, ctx);
                onConnected(c);
                backoff.reset();
                String why = c.run();
                onDisconnected();
                if (c.renewed() != null) {
                    creds = c.renewed();
                    ctx = creds.tlsContext();
                }
                if (running) {
                    log("link to the ASMA lost: " + why);
                }
            } catch (Enroller.Refused e) {
                log(e.getMessage());
                creds = null;
                pause(config.reconnectMax().toNanos());
                continue;
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                log("cannot reach the ASMA at " + Connector.text(config.asma()) + ": " + Enroller.rootMessage(e));
            }
            if (running) {
                pause(backoff.nextNanos());
            }
        }
    }

    private void pause(long nanos) {
        try {
            stopping.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onConnected(ClientConnection c) {
        long resume = c.resumeAfter();
        long mine = Math.max(spool.lastSeq(), queue.lastSeq());
        if (resume > mine) {
            // The ASMA holds records of this name beyond anything this NMA numbered: its data
            // directory was lost. Numbering continues after the ASMA's, or it would ignore them.
            queue.continueAfter(resume);
            log("the ASMA already holds records up to seq " + resume + " from '" + nmaName + "', beyond this NMA's "
                    + mine + " (its spool was lost): numbering continues after " + resume);
        }
        onAck(resume);
        stateLock.lock();
        try {
            connection = c;
            connects++;
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        if (!running) {
            c.close(); // close() ran while this connection was being made
            return;
        }
        log("connected to the ASMA at " + Connector.text(config.asma()) + " as '" + nmaName + "' (it holds up to seq "
                + resume + ", this NMA is at " + Math.max(mine, resume) + ")");
    }

    private void onDisconnected() {
        stateLock.lock();
        try {
            connection = null;
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    void onSent(long seq) {
        sent++;
        if (seq <= highestSent) {
            resent++;
        } else {
            highestSent = seq;
        }
    }

    void onAck(long seq) {
        if (seq <= acked) {
            return;
        }
        spool.acknowledge(seq);
        stateLock.lock();
        try {
            if (seq > acked) {
                acked = seq;
            }
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    void onCommand(Command command, ClientConnection from) {
        commands.execute(() -> {
            CommandResult result;
            try {
                result = handler.handle(command);
                if (result == null) {
                    result = CommandResult.refused(command.id(), "the NMA gave no answer");
                } else if (result.id() != command.id()) {
                    result = new CommandResult(command.id(), result.ok(), result.detail());
                }
            } catch (Exception | LinkageError e) {
                result = CommandResult.refused(command.id(), e.getMessage() == null ? e.toString() : e.getMessage());
            }
            if (!from.sendResult(result)) {
                log("the result of command " + command.id() + " was not delivered: the link went down");
            }
        });
    }

    // ---------------------------------------------------------------------------------------
    // Heartbeat
    // ---------------------------------------------------------------------------------------

    /** A heartbeat now, besides the regular ones (the NMA's status just became known). */
    public void heartbeatNow() {
        try {
            heartbeat.execute(this::beat);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing
        }
    }

    private void beat() {
        try {
            NmaStatus s = lastStatus;
            if (status != null) {
                try {
                    NmaStatus fresh = status.status();
                    if (fresh != null) {
                        s = fresh;
                        lastStatus = fresh;
                    }
                } catch (Exception e) {
                    // the last status known goes out again
                }
            }
            long now = nowNanos();
            offer(LinkRecord.Kind.HEARTBEAT, now, JSON.writeValueAsString(heartbeatJson(s)));
            if (!s.points().isEmpty()) {
                Map<String, Object> points = new LinkedHashMap<>();
                s.points().forEach((k, v) -> points.put(k, v == null || v.isNaN() || v.isInfinite() ? null : v));
                offer(LinkRecord.Kind.PROCESS, now, JSON.writeValueAsString(Map.of("points", points)));
            }
        } catch (RuntimeException e) {
            log("heartbeat: " + e);
        }
    }

    private Map<String, Object> heartbeatJson(NmaStatus s) {
        Stats st = stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state());
        m.put("declared_by", s.declaredBy());
        m.put("observed_state", s.observedState());
        m.put("policy_version", s.policyVersion());
        m.put("baseline_version", s.baselineVersion());
        m.put("uptime_s", (System.nanoTime() - startNanos) / 1_000_000_000L);
        m.put("spool_dropped", st.dropped());
        Map<String, Object> counters = new LinkedHashMap<>(s.counters());
        counters.put("link_records", st.lastSeq());
        counters.put("link_acked", st.acked());
        counters.put("link_sent", st.sent());
        counters.put("link_resent", st.resent());
        counters.put("link_connects", st.connects());
        counters.put("link_spool_bytes", st.spoolBytes());
        counters.put("link_spool_dropped", st.dropped());
        counters.put("link_invalid_dropped", st.invalid());
        m.put("counters", counters);
        return m;
    }

    // ---------------------------------------------------------------------------------------
    // State for the NMA and tests
    // ---------------------------------------------------------------------------------------

    /**
     * A snapshot of the link's counters.
     *
     * @param lastSeq     the last seq given to a record
     * @param acked       the ASMA stored everything up to this seq
     * @param offered     records offered since start
     * @param dropped     records dropped since start (memory queue full, spool full, invalid):
     *                    the heartbeat's {@code spool_dropped}
     * @param invalid     of those, records that were not one JSON object on one line
     * @param queuedBytes bytes waiting in the memory queue
     * @param spoolBytes  bytes in the spool's segment files
     * @param sent        records sent (a record sent again after a reconnect counts again)
     * @param resent      of those, records sent again
     * @param highestSent the highest seq sent so far
     * @param connects    connections made
     */
    public record Stats(String nmaName, boolean connected, long lastSeq, long acked, long offered, long dropped,
                        long invalid, long queuedBytes, long spoolBytes, long sent, long resent, long highestSent,
                        long connects) {}

    public Stats stats() {
        long[] q = queue.counts();
        return new Stats(nmaName, connection != null, queue.lastSeq(), acked, q[0], q[1] + spool.dropped(), q[2], q[3],
                spool.totalBytes(), sent, resent, highestSent, connects);
    }

    /** Waits until everything offered so far has left the memory queue (spooled or dropped). */
    public boolean awaitSpooled(Duration timeout) throws InterruptedException {
        return await(() -> !spooling && queue.isEmpty(), timeout);
    }

    /** Waits until the ASMA acknowledged {@code seq}; false if the time ran out. */
    public boolean awaitAcked(long seq, Duration timeout) throws InterruptedException {
        return await(() -> acked >= seq, timeout);
    }

    /** Waits until connected ({@code true}) or disconnected ({@code false}); false if the time ran out. */
    public boolean awaitConnected(boolean connected, Duration timeout) throws InterruptedException {
        return await(() -> (connection != null) == connected, timeout);
    }

    private boolean await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        stateLock.lock();
        try {
            while (!condition.getAsBoolean()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = stateChanged.awaitNanos(nanos);
            }
            return true;
        } finally {
            stateLock.unlock();
        }
    }

    public String nmaName() {
        return nmaName;
    }

    void log(String line) {
        synchronized (this) {
            if (line.equals(lastLogged)) {
                return; // the same failure again: said once
            }
            lastLogged = line;
        }
        config.log().accept(line);
    }

    /**
     * Stops: the connection closes, the records still in memory go to the spool and to disk (a
     * restarted NMA sends them), and the threads end.
     */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        stopping.countDown();
        heartbeat.shutdownNow();
        ClientConnection c = connection;
        if (c != null) {
            c.close();
        }
        LockSupport.unpark(spoolThread);
        spool.wakeReaders();
        try {
            ioThread.join(TimeUnit.SECONDS.toMillis(10));
            spoolThread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commands.shutdownNow();
        try {
            spool.close();
        } catch (IOException e) {
            config.log().accept("spool: closing: " + e.getMessage());
        }
    }
}
