package io.statewall.capture;

import java.io.ByteArrayOutputStream;

/** Byte vectors written as annotated hex: whitespace is ignored, {@code #} starts a comment. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String annotated) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int nibble = -1;
        boolean comment = false;
        for (int i = 0; i < annotated.length(); i++) {
            char c = annotated.charAt(i);
            if (comment) {
                comment = c != '\n';
                continue;
            }
            if (c == '#') {
                comment = true;
                continue;
            }
            if (Character.isWhitespace(c)) {
                continue;
            }
            int v = Character.digit(c, 16);
            if (v < 0) {
                throw new IllegalArgumentException("not hex: '" + c + "' at " + i);
            }
            if (nibble < 0) {
                nibble = v;
            } else {
                out.write(nibble << 4 | v);
                nibble = -1;
            }
        }
        if (nibble >= 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
