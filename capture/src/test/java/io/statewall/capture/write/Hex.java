package io.statewall.capture.write;

import java.util.HexFormat;

/** Byte vectors written as annotated hex: whitespace is ignored and {@code #} starts a comment. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String annotated) {
        StringBuilder digits = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int comment = line.indexOf('#');
            String code = comment < 0 ? line : line.substring(0, comment);
            for (int i = 0; i < code.length(); i++) {
                char ch = code.charAt(i);
                if (!Character.isWhitespace(ch)) {
                    digits.append(ch);
                }
            }
        }
        return HexFormat.of().parseHex(digits);
    }

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
