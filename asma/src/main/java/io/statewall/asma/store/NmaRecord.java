package io.statewall.asma.store;

/**
 * An NMA as the store knows it: when it was first and last heard from, its last address and
 * stored sequence number, and what its last heartbeat said (null until one arrives). Times are
 * microseconds since the epoch.
 */
public record NmaRecord(String name, long firstSeenMicros, long lastSeenMicros, String lastAddress, long lastSeq,
                        String state, String declaredBy, String policyVersion, String baselineVersion, Long uptimeS,
                        Long spoolDropped, String countersJson, Long heartbeatAtMicros) {
}
