package io.statewall.link;

import java.util.Objects;

/**
 * One thing an NMA sends, in order. {@code json} is one JSON object (no newline):
 * <ul>
 *   <li>{@link Kind#EVENT}: an EVE line exactly as the NMA writes it (alert, state, anomaly, stats …);</li>
 *   <li>{@link Kind#HEARTBEAT}: {@code {"state":..,"declared_by":..|null,"observed_state":..,"policy_version":..,
 *       "baseline_version":..|null,"uptime_s":..,"spool_dropped":..,"counters":{..}}}, every
 *       heartbeat interval (default 5 s);</li>
 *   <li>{@link Kind#PROCESS}: {@code {"points":{"<name>":value,..}}}, the plant model's variables
 *       and their current values, with every heartbeat.</li>
 * </ul>
 *
 * @param seq       per NMA, from 1, rising by one for every record the NMA produced (a record it
 *                  had to drop leaves a gap)
 * @param timeNanos when the NMA produced it, nanoseconds since the epoch (UTC)
 */
public record LinkRecord(long seq, Kind kind, long timeNanos, String json) {
    /** What a record carries; the wire code of each is its ordinal + 1. */
    public enum Kind { EVENT, HEARTBEAT, PROCESS }

    public LinkRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(json, "json");
    }
}
