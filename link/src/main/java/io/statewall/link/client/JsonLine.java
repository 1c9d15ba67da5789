package io.statewall.link.client;

/**
 * Whether bytes are what a record must be: one JSON object on one line ('{' … '}', no CR or LF)
 * in valid UTF-8. Checked when a record is offered, never on the ASMA's side only: a record the
 * ASMA would refuse must not get into the spool, where it would be sent again after every
 * reconnect and stop the link for good.
 */
final class JsonLine {
    private JsonLine() {}

    static boolean valid(byte[] b, int off, int len) {
        if (len < 2 || b[off] != '{' || b[off + len - 1] != '}') {
            return false;
        }
        int end = off + len;
        for (int i = off; i < end; i++) {
            int c = b[i];
            if (c == '\n' || c == '\r') {
                return false;
            }
            if (c < 0) {
                int n = utf8Sequence(b, i, end);
                if (n < 0) {
                    return false;
                }
                i += n - 1;
            }
        }
        return true;
    }

    /** Length of the well-formed UTF-8 sequence at {@code i} (RFC 3629 table), or -1. */
    private static int utf8Sequence(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F; // no surrogates
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return -1;
        }
        if (i + n > end) {
            return -1;
        }
        int second = b[i + 1] & 0xFF;
        if (second < lo || second > hi) {
            return -1;
        }
        for (int k = 2; k < n; k++) {
            int cc = b[i + k] & 0xFF;
            if (cc < 0x80 || cc > 0xBF) {
                return -1;
            }
        }
        return n;
    }
}
