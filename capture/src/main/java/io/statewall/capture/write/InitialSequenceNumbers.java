package io.statewall.capture.write;

/**
 * Initial sequence numbers and IPv4 identifications for synthesised connections, in the spirit
 * of RFC 6528 §3 (ISN = M + F(local address, local port, remote address, remote port, key)):
 * a keyed hash of the 4-tuple and the opening time, so that connections differ from each other
 * while the same calls still produce the same file, byte for byte.
 */
final class InitialSequenceNumbers {
    private static final long FNV_PRIME = 0x0000_0100_0000_01B3L;

    private InitialSequenceNumbers() {}

    /** The 64-bit hash of one direction's 4-tuple at {@code nanos}: ISN in the low 32 bits, IP id above. */
    static long of(long key, byte[] source, int sourcePort, byte[] destination, int destinationPort, long nanos) {
        long h = key;
        h = mix(h, source);
        h = (h ^ sourcePort) * FNV_PRIME;
        h = mix(h, destination);
        h = (h ^ destinationPort) * FNV_PRIME;
        h = (h ^ nanos) * FNV_PRIME;
        return finalizer(h);
    }

    static long isn(long hash) {
        return hash & 0xFFFF_FFFFL;
    }

    static int ipId(long hash) {
        return (int) (hash >>> 48);
    }

    private static long mix(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xFF)) * FNV_PRIME;
        }
        return h;
    }

    /** SplitMix64's output function: every input bit reaches every output bit. */
    private static long finalizer(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
