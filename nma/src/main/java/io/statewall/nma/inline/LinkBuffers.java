package io.statewall.nma.inline;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The four direct buffers of a connection, each with a segment view over its whole capacity,
 * and the loop's pool of them. Direct buffers are only freed when the garbage collector runs,
 * and the inline path allocates nothing per request, so the collector may not run for days:
 * without reuse a client reconnecting in a loop would grow the NMA by the buffers of every
 * connection it ever opened. Pooled, memory is bounded by the connections open at the peak.
 */
final class LinkBuffers {
    /** The largest Modbus/TCP ADU (MB-TCP §3.1.3: 6-byte prefix, length up to 254). */
    static final int MAX_ADU = 260;

    final ByteBuffer fromClient;
    final MemorySegment fromClientSegment;
    final ByteBuffer toUpstream;
    final MemorySegment toUpstreamSegment;
    final ByteBuffer fromUpstream;
    final MemorySegment fromUpstreamSegment;
    final ByteBuffer toClient;
    final MemorySegment toClientSegment;

    private LinkBuffers(int queueBytes) {
        // Reads are bounded so that what one read can produce always fits the queues (Link.canReadClient).
        fromClient = ByteBuffer.allocateDirect(4 * MAX_ADU);
        fromClientSegment = MemorySegment.ofBuffer(fromClient);
        toUpstream = ByteBuffer.allocateDirect(queueBytes);
        toUpstreamSegment = MemorySegment.ofBuffer(toUpstream);
        fromUpstream = ByteBuffer.allocateDirect(4 * MAX_ADU);
        fromUpstreamSegment = MemorySegment.ofBuffer(fromUpstream);
        toClient = ByteBuffer.allocateDirect(queueBytes);
        toClientSegment = MemorySegment.ofBuffer(toClient);
    }

    private void clear() {
        fromClient.clear();
        toUpstream.clear();
        fromUpstream.clear();
        toClient.clear();
    }

    /** Buffers of closed connections, kept for the next ones. Loop thread only. */
    static final class Pool {
        private final int queueBytes;
        private final int keep;
        private final ArrayDeque<LinkBuffers> free = new ArrayDeque<>();
        private long made;

        /** @param keep how many idle sets to keep at most (the rest are left to the collector) */
        Pool(int queueBytes, int keep) {
            this.queueBytes = queueBytes;
            this.keep = keep;
        }

        LinkBuffers take() {
            LinkBuffers b = free.pollFirst();
            if (b == null) {
                made++;
                return new LinkBuffers(queueBytes);
            }
            return b;
        }

        void give(LinkBuffers b) {
            if (free.size() < keep) {
                b.clear();
                free.addFirst(b);
            }
        }

        /** Buffer sets ever allocated: at most the peak of connections open at once (plus none). */
        long made() {
            return made;
        }
    }
}
