package io.statewall.asma.store;

/**
 * An event read back from the store: its id, NMA, time (µs since the epoch), type, raw EVE JSON,
 * and for an alert its acknowledgement (null fields when not acknowledged).
 */
public record StoredEvent(long id, String nma, long tsMicros, String eventType, Long flowId, String json,
                          String ackedBy, Long ackedAtMicros, String ackComment) {
}
