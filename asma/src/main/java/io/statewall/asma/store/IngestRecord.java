package io.statewall.asma.store;

import java.util.Objects;

/**
 * One record an NMA sent, as the link delivers it: its sequence number (increasing per NMA, the
 * key of exactly-once storage), what it is, when the NMA made it, and its JSON.
 *
 * <ul>
 *   <li>{@link Kind#EVENT}: one EVE line as the NMA wrote it;</li>
 *   <li>{@link Kind#HEARTBEAT}: {@code {"state":..,"declared_by":..|null,"policy_version":..,
 *       "baseline_version":..|null,"uptime_s":..,"spool_dropped":..,"counters":{..}}};</li>
 *   <li>{@link Kind#PROCESS}: {@code {"points":{"<name>":value,..}}}.</li>
 * </ul>
 * The store's own shape of the link's {@code LinkRecord}, so the store does not depend on the
 * transport.
 */
public record IngestRecord(long seq, Kind kind, long timeNanos, String json) {
    /** What a record carries. */
    public enum Kind { EVENT, HEARTBEAT, PROCESS }

    public IngestRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(json, "json");
    }
}
