package io.statewall.asma.store;

/**
 * One version of a policy or baseline: its number (1, 2, … per kind, given by the store), the
 * name the document gives itself, its text and SHA-256, who uploaded it, when, and why.
 */
public record Document(String kind, int version, String name, String content, String sha256, String author,
                       long atMicros, String comment) {
}
