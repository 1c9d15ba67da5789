package io.statewall.nma.link;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A rules file's SHA-256, in hex: how heartbeats name a local file, and how a push records the file it replaced. */
final class FileDigest {
    private FileDigest() {
    }

    static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(digest(file));
    }

    /** The first {@code bytes} bytes of the digest, in hex. */
    static String sha256Prefix(Path file, int bytes) throws IOException {
        return HexFormat.of().formatHex(digest(file), 0, bytes);
    }

    private static byte[] digest(Path file) throws IOException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
