package io.statewall.link;

import java.util.List;

/**
 * What the ASMA does with what NMAs send. Called by {@link LinkServer}; implemented by the ASMA's
 * store. The NMA's identity ({@code nmaId}) is the common name of its client certificate, issued
 * by the link's CA at enrolment: never a name the NMA claims.
 *
 * <p>Calls for one NMA never overlap: {@code connected}, then {@code store} any number of times
 * in order, then {@code disconnected}; a second connection of the same NMA waits until the
 * first one's {@code disconnected} has returned. Calls for different NMAs run concurrently.
 */
public interface LinkSink {
    /**
     * An NMA connected (mutual TLS done). Returns the highest sequence number already stored for
     * it (0 if none); the NMA resends everything after it. From the moment this is called,
     * {@link LinkServer#send} reaches the NMA (a command sent from here goes out right after the
     * answer to this call), so this is the place to push it the plant's state or policy.
     */
    long connected(String nmaId, String remoteAddress) throws Exception;

    /**
     * Stores a batch durably and in order; returns only once committed. The link then
     * acknowledges up to the batch's last seq. Sequence numbers are per NMA, rising (a gap is a
     * record the NMA had to drop, see the heartbeat's {@code spool_dropped}); a batch may repeat
     * records already stored (after a reconnect): ignore seq &lt;= stored.
     *
     * <p>Throwing closes the NMA's connection without acknowledging the batch: the NMA sends it
     * again after reconnecting.
     */
    void store(String nmaId, List<LinkRecord> batch) throws Exception;

    /** The NMA's connection ended (whatever the reason); nothing more comes from it until it reconnects. */
    void disconnected(String nmaId);
}
