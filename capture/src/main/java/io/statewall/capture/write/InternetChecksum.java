package io.statewall.capture.write;

import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum (RFC 1071 §1): the 16-bit one's complement of the one's complement sum
 * of the data taken as big-endian 16-bit words, a trailing odd byte padded with zero. It guards
 * the IPv4 header (RFC 791 §3.1) and the TCP segment with its pseudo-header (RFC 9293 §3.1 for
 * IPv4, RFC 8200 §8.1 for IPv6).
 *
 * <p>The data is summed as 32-bit words into a long and folded once at the end (RFC 1071 §2:
 * deferred carries, and the sum is independent of the word size because 2<sup>16</sup> ≡ 1
 * modulo 2<sup>16</sup> − 1), which halves the reads of a 16-bit loop.
 */
final class InternetChecksum {
    private static final long U32 = 0xFFFF_FFFFL;

    private InternetChecksum() {}

    /**
     * Adds {@code length} bytes at {@code offset} to a running, unfolded sum. The bytes are
     * taken as words from {@code offset} on: callers sum regions that start on an even offset
     * of the checksummed data.
     */
    static long add(long sum, MemorySegment data, long offset, int length) {
        long i = offset;
        long words = offset + (length & ~3);
        while (i < words) {
            sum += data.get(Layouts.BE32, i) & U32;
            i += 4;
        }
        if ((length & 2) != 0) {
            sum += data.get(Layouts.BE16, i) & 0xFFFF;
            i += 2;
        }
        if ((length & 1) != 0) {
            sum += (data.get(Layouts.U8, i) & 0xFF) << 8;
        }
        return sum;
    }

    /** Folds the carries back in and complements: the value stored in the header. */
    static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
