package io.statewall.nma.inline;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;

/**
 * Sees every client conversation the proxy carries, as the client's side of the wire has it:
 * the bytes the client sent (blocked requests included) and the bytes it was sent (the
 * controller's answers and the proxy's own exception answers), each when it happened. For
 * recording a run as a capture ({@code statewall demo --pcap}); without a tap nothing of this
 * runs.
 *
 * <p>Called on the proxy's event-loop thread, so an implementation must be quick and must not
 * block; a conversation whose tap throws is no longer tapped (the traffic itself goes on).
 */
public interface ConversationTap {

    /**
     * A client connected. {@code server} is the controller the route leads to: the conversation
     * is recorded as the client and the controller would see it without a proxy in between.
     */
    Conversation open(InetSocketAddress client, InetSocketAddress server, long epochNanos);

    /** One tapped connection. The segments passed are valid only during the call. */
    interface Conversation {
        void fromClient(long epochNanos, MemorySegment data, long offset, int length);

        void toClient(long epochNanos, MemorySegment data, long offset, int length);

        /** The connection ended (either side closed it, or the proxy stopped). */
        void closed(long epochNanos);
    }
}
