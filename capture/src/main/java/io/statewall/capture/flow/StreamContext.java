package io.statewall.capture.flow;

/**
 * What every stream of one table shares: the handler, the per-direction limits, the buffer
 * budget and the counters the table reports. Single-threaded, like the table.
 */
final class StreamContext {
    final StreamHandler handler;
    final int maxBufferedPerDirection;
    final int maxRangesPerDirection;
    final BufferBudget budget;

    long gaps;
    long gapBytes;
    long outOfOrderSegments;
    long retransmittedBytes;
    long overlapBytes;
    long overlapConflicts;
    long outOfWindowSegments;
    long bytesAfterFin;

    StreamContext(StreamHandler handler, FlowLimits limits) {
        this.handler = handler;
        this.maxBufferedPerDirection = limits.maxBufferedBytesPerDirection();
        this.maxRangesPerDirection = limits.maxOutOfOrderSegmentsPerDirection();
        this.budget = new BufferBudget(limits.maxBufferedBytesPerDirection(), limits.maxBufferedBytesTotal());
    }

    /** Checks a handler's answer: consuming more than offered or a negative count is a bug in it. */
    static int checkConsumed(int consumed, int offered) {
        if (consumed < 0 || consumed > offered) {
            throw new IllegalStateException("StreamHandler.onData consumed " + consumed + " of " + offered + " bytes");
        }
        return consumed;
    }
}
