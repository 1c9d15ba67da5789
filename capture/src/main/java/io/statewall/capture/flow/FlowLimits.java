package io.statewall.capture.flow;

import java.time.Duration;

/**
 * Bounds of a {@link FlowTable}: every one is checked before memory is taken, and hitting one
 * is counted (and, for reassembly, reported to the handler as a gap), never thrown.
 *
 * @param maxFlows                         entries in the table (live flows plus recently closed
 *                                         TCP flows kept to absorb their last packets); when
 *                                         full the least recently seen entry is evicted
 * @param tcpEstablishedIdleTimeout        idle time after which a TCP flow that has been seen in
 *                                         both directions ends
 * @param udpAndHalfOpenIdleTimeout        idle time for UDP flows, TCP flows seen in one direction
 *                                         only, and closed TCP flows lingering like TIME_WAIT
 * @param maxBufferedBytesPerDirection     reassembly buffer of one direction: unconsumed bytes
 *                                         plus everything queued out of order, holes included
 *                                         (that is the memory the buffer spans)
 * @param maxBufferedBytesTotal            buffer memory of all flows together
 * @param maxOutOfOrderSegmentsPerDirection separate byte ranges queued ahead of a hole in one
 *                                         direction (adjacent segments merge into one range)
 */
public record FlowLimits(int maxFlows,
                         Duration tcpEstablishedIdleTimeout,
                         Duration udpAndHalfOpenIdleTimeout,
                         int maxBufferedBytesPerDirection,
                         long maxBufferedBytesTotal,
                         int maxOutOfOrderSegmentsPerDirection) {

    /** Upper bound of {@link #maxFlows}: the index keeps twice as many slots in one array. */
    public static final int MAX_FLOWS_CEILING = 1 << 26;
    /** Upper bound of {@link #maxBufferedBytesPerDirection}: buffer positions stay int arithmetic. */
    public static final int MAX_BUFFER_PER_DIRECTION_CEILING = 1 << 30;

    /** 65 536 flows, 600 s / 60 s idle, 256 KiB per direction, 256 MiB in all, 64 ranges queued. */
    public static final FlowLimits DEFAULT = new FlowLimits(
            65_536, Duration.ofSeconds(600), Duration.ofSeconds(60), 256 * 1024, 256L * 1024 * 1024, 64);

    public FlowLimits {
        if (maxFlows < 1 || maxFlows > MAX_FLOWS_CEILING) {
            throw new IllegalArgumentException("maxFlows must be in 1.." + MAX_FLOWS_CEILING + ": " + maxFlows);
        }
        requirePositive(tcpEstablishedIdleTimeout, "tcpEstablishedIdleTimeout");
        requirePositive(udpAndHalfOpenIdleTimeout, "udpAndHalfOpenIdleTimeout");
        if (maxBufferedBytesPerDirection < 1 || maxBufferedBytesPerDirection > MAX_BUFFER_PER_DIRECTION_CEILING) {
            throw new IllegalArgumentException("maxBufferedBytesPerDirection must be in 1.."
                    + MAX_BUFFER_PER_DIRECTION_CEILING + ": " + maxBufferedBytesPerDirection);
        }
        if (maxBufferedBytesTotal < maxBufferedBytesPerDirection) {
            throw new IllegalArgumentException("maxBufferedBytesTotal (" + maxBufferedBytesTotal
                    + ") must hold at least one direction (" + maxBufferedBytesPerDirection + ")");
        }
        if (maxOutOfOrderSegmentsPerDirection < 1) {
            throw new IllegalArgumentException("maxOutOfOrderSegmentsPerDirection must be positive: "
                    + maxOutOfOrderSegmentsPerDirection);
        }
    }

    /** {@link #DEFAULT}. */
    public static FlowLimits defaults() {
        return DEFAULT;
    }

    public FlowLimits withMaxFlows(int value) {
        return new FlowLimits(value, tcpEstablishedIdleTimeout, udpAndHalfOpenIdleTimeout,
                maxBufferedBytesPerDirection, maxBufferedBytesTotal, maxOutOfOrderSegmentsPerDirection);
    }

    public FlowLimits withIdleTimeouts(Duration tcpEstablished, Duration udpAndHalfOpen) {
        return new FlowLimits(maxFlows, tcpEstablished, udpAndHalfOpen,
                maxBufferedBytesPerDirection, maxBufferedBytesTotal, maxOutOfOrderSegmentsPerDirection);
    }

    public FlowLimits withBuffers(int perDirection, long total, int outOfOrderSegmentsPerDirection) {
        return new FlowLimits(maxFlows, tcpEstablishedIdleTimeout, udpAndHalfOpenIdleTimeout,
                perDirection, total, outOfOrderSegmentsPerDirection);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration: " + d);
        }
    }
}
