package io.statewall.asma.auth;

/**
 * Who is calling: the name the audit log records (a user's name, or {@code token:NAME} for an
 * API token), the role, and the token that authenticated the call.
 */
public record Principal(String name, Role role, long tokenId, boolean session) {
}
