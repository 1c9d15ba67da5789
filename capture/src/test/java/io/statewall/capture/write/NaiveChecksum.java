package io.statewall.capture.write;

/**
 * The Internet checksum the slow, obvious way (RFC 1071 §1, one 16-bit word at a time, folding
 * after every addition): the reference the tests hold the production code to.
 */
final class NaiveChecksum {
    private NaiveChecksum() {}

    /** One's complement sum of {@code bytes[from, to)}, starting from {@code sum} (already folded). */
    static int sum(int sum, byte[] bytes, int from, int to) {
        for (int i = from; i < to; i += 2) {
            int hi = bytes[i] & 0xFF;
            int lo = i + 1 < to ? bytes[i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
            if (sum > 0xFFFF) {
                sum = (sum & 0xFFFF) + 1;
            }
        }
        return sum;
    }

    static int checksum(byte[] bytes, int from, int to) {
        return ~sum(0, bytes, from, to) & 0xFFFF;
    }
}
