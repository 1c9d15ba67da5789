package io.statewall.asma.store;

/**
 * An event as it was stored, handed to the store's listeners once its transaction has committed
 * (exports and metrics): its id in the store, the NMA it came from, its digested columns and the
 * raw EVE line.
 */
public record CommittedEvent(long id, String nma, EveDigest digest, String json) {
}
