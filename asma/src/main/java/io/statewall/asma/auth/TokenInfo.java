package io.statewall.asma.auth;

/** A token as an admin sees it: never the secret, which exists only in the creator's answer. */
public record TokenInfo(long id, String name, Role role, String kind, String owner, long createdAtMicros, String createdBy,
                        Long expiresAtMicros, Long revokedAtMicros, String revokedBy) {
}
