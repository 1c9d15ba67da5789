package io.statewall.benchmarks.workload;

import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum of RFC 1071 §1: the 16-bit one's complement of the one's complement sum
 * of the data taken as big-endian 16-bit words, an odd trailing byte padded with zero. Used for
 * the IPv4 header checksum (RFC 791 §3.1) and the TCP checksum over pseudo-header and segment
 * (RFC 9293 §3.1). Sums are accumulated in a long and folded once (RFC 1071 §2 (C), "deferred
 * carries").
 */
final class InternetChecksum {
    private InternetChecksum() {}

    /** Adds {@code length} bytes at {@code offset} to a running, unfolded sum. */
    static long add(long sum, MemorySegment data, long offset, int length) {
        long i = offset;
        long end = offset + (length & ~1);
        while (i < end) {
            sum += Short.toUnsignedInt(data.get(Layouts.BE16, i));
            i += 2;
        }
        if ((length & 1) != 0) {
            sum += Byte.toUnsignedInt(data.get(Layouts.U8, end)) << 8;
        }
        return sum;
    }

    /** Adds one 32-bit value (an IPv4 address of the pseudo-header) as two words. */
    static long addInt(long sum, int value) {
        return sum + (value >>> 16) + (value & 0xFFFF);
    }

    /** Folds the carries back in and complements: the value to store in the header. */
    static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
