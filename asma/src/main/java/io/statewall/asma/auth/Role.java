package io.statewall.asma.auth;

import java.util.Locale;

/**
 * What a caller may do, each role including the ones below it: a viewer reads; an operator also
 * acknowledges alerts, declares operating states and pushes policies to NMAs; an admin also
 * manages tokens and users, uploads policies and baselines, reads the audit log and enrols NMAs.
 */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    /** Whether this role may do what {@code required} may. */
    public boolean includes(Role required) {
        return ordinal() >= required.ordinal();
    }

    /** The lower-case name used in the API, the configuration and the store. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code text} (viewer, operator or admin), or null. */
    public static Role parse(String text) {
        if (text == null) {
            return null;
        }
        for (Role r : values()) {
            if (r.text().equals(text)) {
                return r;
            }
        }
        return null;
    }
}
