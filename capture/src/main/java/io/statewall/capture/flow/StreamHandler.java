package io.statewall.capture.flow;

import java.lang.foreign.MemorySegment;

/**
 * Receives the reassembled byte streams of TCP flows (and UDP datagrams), one direction at a
 * time, in order.
 *
 * <p>The contract is the streaming one every dissector follows: {@link #onData} returns how
 * many of the offered bytes it consumed. Bytes it did not consume are kept by the reassembler
 * and offered again, followed by whatever arrives next, so a dissector never has to buffer a
 * partial frame itself. The segment is only valid during the call.
 */
public interface StreamHandler {

    /** A new flow entered the table. Attach per-flow application state with {@link Flow#attach}. */
    void onFlowStart(Flow flow);

    /**
     * In-order bytes of one direction.
     *
     * @param toServer direction: client → server when true
     * @return bytes consumed, 0..length; the rest is offered again with the next data
     */
    int onData(Flow flow, boolean toServer, MemorySegment data, long offset, int length, long timestampNanos);

    /**
     * Bytes were lost in one direction (never captured, or given up on). Any unconsumed bytes
     * of that direction were discarded; the next {@link #onData} starts after the hole, possibly
     * in the middle of a protocol frame, so the dissector must resynchronise.
     *
     * <p>{@code missingBytes} counts the hole plus the discarded unconsumed bytes, so that the
     * bytes a handler consumed plus the bytes reported missing always equal the stream offset
     * of the next byte it will be offered. Unconsumed bytes left when a flow ends are dropped
     * without a gap: {@link #onFlowEnd} follows.
     */
    void onGap(Flow flow, boolean toServer, long missingBytes, long timestampNanos);

    /** The flow left the table. No further calls for it follow. */
    void onFlowEnd(Flow flow, FlowEndReason reason, long timestampNanos);
}
