package io.statewall.asma.auth;

/**
 * A person who can log in: name, role, PBKDF2 hash, and where the user is defined ("config":
 * the configuration file, managed there; "store": made by an admin through the API).
 */
public record UserRecord(String name, Role role, String passwordHash, String source) {
    @Override
    public String toString() {
        return "UserRecord[" + name + ", " + role + ", " + source + "]";
    }
}
