package io.statewall.link;

import io.statewall.link.client.ClientRuntime;
import java.io.IOException;
import java.time.Duration;

/**
 * The NMA's end of the link. The NMA {@linkplain #offer offers} records (its EVE lines); the
 * client numbers them, keeps them in a bounded memory queue backed by a bounded on-disk spool
 * in the NMA's data directory, and sends them to the ASMA over mutually authenticated TLS 1.3,
 * deleting them once the ASMA acknowledged storing them. Every heartbeat it reports the NMA's
 * status (from the {@link StatusSource}); it carries out the ASMA's commands through the
 * {@link CommandHandler}.
 *
 * <p>On its first start with an enrolment token and no certificate, it enrols (see
 * {@link io.statewall.link.pki.EnrolmentTokens}). While the ASMA is unreachable it keeps
 * spooling and tries again, 100 ms after a failure, then twice as long each time up to 5 s;
 * on reconnecting it resends everything after the ASMA's last stored record. When the spool is
 * full the newest records are dropped and counted ({@code spool_dropped}).
 *
 * <p>{@link #offer} never blocks on the disk or the network, never throws and (for the byte
 * form) allocates nothing: the NMA's event loop can call it for every event. Everything else
 * happens on the link's own threads.
 */
public final class LinkClient implements AutoCloseable {
    private final ClientRuntime runtime;

    private LinkClient(ClientRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Opens the spool (recovering what a previous run left) and starts connecting.
     *
     * @param status where heartbeats find the NMA's status; null: heartbeats say "unknown"
     * @throws IOException when the data directory cannot be used
     */
    public static LinkClient start(LinkClientConfig config, CommandHandler handler, StatusSource status)
            throws IOException {
        return new LinkClient(ClientRuntime.start(config, handler, status));
    }

    /**
     * Offers one record; {@code json} is one JSON object on one line (others are dropped and
     * counted). Returns the seq it was given (a record dropped for lack of room keeps its seq:
     * it shows as a gap at the ASMA).
     */
    public long offer(LinkRecord.Kind kind, long timeNanos, String json) {
        return runtime.offer(kind, timeNanos, json);
    }

    /** As {@link #offer(LinkRecord.Kind, long, String)}, from UTF-8 bytes, copying them. */
    public long offer(LinkRecord.Kind kind, long timeNanos, byte[] json, int offset, int length) {
        return runtime.offer(kind, timeNanos, json, offset, length);
    }

    /** Sends a heartbeat (and process values) now, besides the regular ones: the status just changed or became known. */
    public void heartbeatNow() {
        runtime.heartbeatNow();
    }

    /** Now, in nanoseconds since the epoch, as records are stamped. */
    public long nowNanos() {
        return runtime.nowNanos();
    }

    /** The NMA's name from its certificate; null until it has enrolled. */
    public String nmaName() {
        return runtime.nmaName();
    }

    public boolean isConnected() {
        return runtime.stats().connected();
    }

    public ClientRuntime.Stats stats() {
        return runtime.stats();
    }

    /** Waits until the ASMA has acknowledged every record up to {@code seq}; false if the time ran out. */
    public boolean awaitAcked(long seq, Duration timeout) throws InterruptedException {
        return runtime.awaitAcked(seq, timeout);
    }

    /** Waits until the link is up ({@code true}) or down ({@code false}); false if the time ran out. */
    public boolean awaitConnected(boolean connected, Duration timeout) throws InterruptedException {
        return runtime.awaitConnected(connected, timeout);
    }

    /** Waits until everything offered so far is in the spool (or was dropped); false if the time ran out. */
    public boolean awaitSpooled(Duration timeout) throws InterruptedException {
        return runtime.awaitSpooled(timeout);
    }

    /** Closes the connection and writes what is still in memory to the spool (it is sent after a restart). */
    @Override
    public void close() {
        runtime.close();
    }
}
