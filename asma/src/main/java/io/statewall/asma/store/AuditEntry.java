package io.statewall.asma.store;

/**
 * One row of the audit log: who ({@code actor}: a user, a token's name, or "system") did what
 * ({@code action}, e.g. {@code login}, {@code token.create}, {@code policy.upload},
 * {@code alert.ack}) to what ({@code target}), with which {@code outcome} ("ok", "denied",
 * "failed"), from where ({@code remote}), and the chain: the previous row's hash and its own.
 */
public record AuditEntry(long id, long atMicros, String actor, String action, String target, String outcome,
                         String detail, String remote, String prevHash, String hash) {
}
