package io.statewall.asma.store;

/**
 * What became of one batch once committed: records stored, records skipped because their
 * sequence number was already stored (a resend after a lost acknowledgement), and event lines
 * that were not EVE (kept as {@code anomaly} events of type {@code ingest}).
 */
public record IngestResult(int stored, int duplicates, int malformed, long highestSeq) {
}
