package io.statewall.capture;

/**
 * pcapng timestamps to nanoseconds. A timestamp is a 64-bit unsigned count of units whose size
 * the interface's if_tsresol option sets (draft-ietf-opsawg-pcapng §4.2):
 *
 * <pre>
 * if_tsresol byte   bit 7 = 0: unit = 10^-n s (n = bits 6-0; default 6, microseconds)
 *                   bit 7 = 1: unit = 2^-n s
 * </pre>
 *
 * Out-of-range values (10^-30 s, 2^-100 s) convert without error, to 0 or a wrapped value:
 * a hostile file gets a meaningless time, never an exception.
 */
final class PcapngTimestamps {
    static final int DEFAULT_TSRESOL = 6;
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private PcapngTimestamps() {}

    /** Nanoseconds for {@code units} (unsigned) at resolution {@code tsresol} (0..255). */
    static long toNanos(long units, int tsresol) {
        int n = tsresol & 0x7F;
        if ((tsresol & 0x80) == 0) {
            if (n <= 9) {
                return units * POW10[9 - n];
            }
            return n - 9 < POW10.length ? Long.divideUnsigned(units, POW10[n - 9]) : 0;
        }
        // units * 10^9 / 2^n, through the full 128-bit product so nothing is lost before the shift.
        long lo = units * ByteLayouts.NANOS_PER_SECOND;
        long hi = Math.unsignedMultiplyHigh(units, ByteLayouts.NANOS_PER_SECOND);
        if (n == 0) {
            return lo;
        }
        if (n < 64) {
            return (lo >>> n) | (hi << (64 - n));
        }
        return hi >>> (n - 64);
    }
}
