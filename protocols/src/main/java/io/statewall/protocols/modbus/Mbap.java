package io.statewall.protocols.modbus;

import java.lang.foreign.MemorySegment;

/**
 * The MBAP header (MB-TCP §3.1.3) and the probe that finds one in a stream of unknown
 * alignment.
 *
 * <pre>
 *  offset  size  field
 *  0       2     transaction identifier   copied by the server into its response
 *  2       2     protocol identifier      0 = Modbus
 *  4       2     length                   bytes that follow: unit id + PDU
 *  6       1     unit identifier          routing behind gateways, copied into the response
 *  7       1..   PDU                      function code + data (MB-AP §4.1: at most 253 bytes)
 * </pre>
 *
 * The PDU holds at least the function code, so a valid length is 2..254 and an ADU is at
 * most 260 bytes.
 */
final class Mbap {
    static final int HEADER_LENGTH = 7;
    /** Bytes needed to know a frame's size: through the length field. */
    static final int SIZE_PREFIX = 6;
    static final int MIN_LENGTH = 2;
    static final int MAX_LENGTH = 254;
    static final int MAX_ADU = SIZE_PREFIX + MAX_LENGTH;
    /** Bytes the probe reads at a candidate: the header and the function code. */
    static final int PROBE_LENGTH = HEADER_LENGTH + 1;

    static final int IMPLAUSIBLE = 0;
    static final int PLAUSIBLE = 1;
    /** The candidate header is plausible but its frame runs past the data: ask again with more. */
    static final int NEED_MORE = 2;

    private Mbap() {}

    static boolean validLength(int length) {
        return length >= MIN_LENGTH && length <= MAX_LENGTH;
    }

    /**
     * Judges whether a frame starts at {@code p}; needs {@code p + PROBE_LENGTH <= end}.
     * A header is plausible when protocol id is 0, length is 2..254 and the function code is
     * not 0 (from the server also an exception, with length 3). Garbage passes that by chance
     * about once in 10^7 positions, so the frame's successor is checked too: the frame must end
     * exactly at the data end, or be followed by another plausible header (or by as much of
     * one as the data holds). A function nobody uses (not named, user-defined or reserved,
     * see {@link FunctionCode#plausible}) is still a frame — scanners and fuzzers send them, and
     * a sensor must see them — but it needs the stronger confirmation: the data ends exactly
     * with it, or a whole plausible header follows.
     */
    static int probe(MemorySegment data, long p, long end, boolean toServer) {
        if (!plausibleHeader(data, p, toServer)) {
            return IMPLAUSIBLE;
        }
        boolean inUse = FunctionCode.plausible(Wire.u8(data, p + 7));
        long next = p + SIZE_PREFIX + Wire.u16(data, p + 4);
        if (next > end) {
            return NEED_MORE;
        }
        long following = end - next;
        if (following == 0) {
            return PLAUSIBLE;
        }
        if (following >= PROBE_LENGTH) {
            return plausibleHeader(data, next, toServer) ? PLAUSIBLE : IMPLAUSIBLE;
        }
        if (!inUse) {
            return IMPLAUSIBLE;
        }
        if (following >= 4 && Wire.u16(data, next + 2) != 0) {
            return IMPLAUSIBLE;
        }
        if (following >= SIZE_PREFIX && !validLength(Wire.u16(data, next + 4))) {
            return IMPLAUSIBLE;
        }
        return PLAUSIBLE;
    }

    private static boolean plausibleHeader(MemorySegment data, long p, boolean toServer) {
        if (Wire.u16(data, p + 2) != 0) {
            return false;
        }
        int length = Wire.u16(data, p + 4);
        if (!validLength(length)) {
            return false;
        }
        int function = Wire.u8(data, p + 7);
        if (function >= 0x80 && (toServer || length != 3)) {
            return false;
        }
        return (function & 0x7F) != 0;
    }
}
