package io.statewall.capture.write;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records TCP connections that were seen as byte streams (a proxy's sockets) as a capture that
 * packet tools read: every {@link Conversation} becomes a handshake, data segments with exact
 * sequence numbers and acknowledgments, and a FIN exchange or an RST, in a pcap file of
 * Ethernet frames with nanosecond timestamps (see {@link Conversation}, {@link TcpSegmentEncoder}
 * and {@link PcapWriter} for the bytes).
 *
 * <p>Thread-safe: a proxy records from its event loop and another thread closes. Timestamps
 * are kept monotonic in the file: a packet is never stamped earlier than the one before it, so
 * a caller's clock stepping back, or two threads racing, shift a packet forward to its
 * predecessor's time instead of disordering the capture.
 *
 * <p>Never throws at a recording call for an I/O failure: the first {@link IOException} is
 * kept ({@link #failure()}), later packets are counted as {@link #droppedPackets()} and
 * {@link #close()} throws it. Recording a segment allocates nothing.
 */
public final class TcpConversationRecorder implements AutoCloseable {
    /** Largest frame a conversation writes: IPv6 headers, the SYN's option word, a full MSS. */
    private static final int FRAME_BYTES = TcpSegmentEncoder.ETHERNET_HEADER_BYTES + TcpSegmentEncoder.IPV6_HEADER_BYTES
            + TcpSegmentEncoder.TCP_HEADER_BYTES + 4 + Math.max(Conversation.MSS_IPV4, Conversation.MSS_IPV6);
    /** Key of the sequence-number hash; fixed, so that the same calls write the same file. */
    private static final long ISN_KEY = 0x5354_4154_4557_414CL;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    final ReentrantLock lock = new ReentrantLock();
    private final PcapWriter writer;
    private final InstantSource clock;
    private final MemorySegment frame = MemorySegment.ofArray(new byte[FRAME_BYTES]);

    private long lastNanos;
    private boolean closed;
    private IOException failure;
    private long droppedPackets;
    private long conversationsOpened;
    private int openConversations;
    private Conversation head;

    /** Records into {@code file}, created or replaced. */
    public static TcpConversationRecorder create(Path file) throws IOException {
        return new TcpConversationRecorder(PcapWriter.create(file));
    }

    /** Records through {@code writer}, which it then owns; {@link #close()} stamps with the system clock. */
    public TcpConversationRecorder(PcapWriter writer) {
        this(writer, InstantSource.system());
    }

    /**
     * @param clock the time {@link #close()} stamps the FIN exchanges of conversations still open
     */
    public TcpConversationRecorder(PcapWriter writer, InstantSource clock) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts a connection: writes the three-way handshake at {@code epochNanos}. After
     * {@link #close()} the conversation returned is already over and records nothing.
     *
     * @throws IllegalArgumentException when an address is unresolved
     */
    public Conversation open(InetSocketAddress client, InetSocketAddress server, long epochNanos) {
        byte[] c = resolved(client);
        byte[] s = resolved(server);
        long toServer = InitialSequenceNumbers.of(ISN_KEY, c, client.getPort(), s, server.getPort(), epochNanos);
        long toClient = InitialSequenceNumbers.of(ISN_KEY, s, server.getPort(), c, client.getPort(), epochNanos);
        return open(client, server, epochNanos, InitialSequenceNumbers.isn(toServer), InitialSequenceNumbers.isn(toClient),
                InitialSequenceNumbers.ipId(toServer), InitialSequenceNumbers.ipId(toClient));
    }

    /** {@link #open(InetSocketAddress, InetSocketAddress, long)} with chosen initial numbers. */
    Conversation open(InetSocketAddress client, InetSocketAddress server, long epochNanos,
                      long clientIsn, long serverIsn, int clientIpId, int serverIpId) {
        Conversation conversation = new Conversation(this, client, server, clientIsn, serverIsn, clientIpId, serverIpId);
        lock.lock();
        try {
            if (!closed) {
                conversationsOpened++;
                conversation.handshake(stamp(epochNanos));
                link(conversation);
            }
            return conversation;
        } finally {
            lock.unlock();
        }
    }

    private static byte[] resolved(InetSocketAddress endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.getAddress() == null) {
            throw new IllegalArgumentException("unresolved address: " + endpoint);
        }
        return endpoint.getAddress().getAddress();
    }

    /** The time to write for a packet asked at {@code epochNanos}; the caller holds the lock. */
    long stamp(long epochNanos) {
        long t = Math.min(Math.max(epochNanos, lastNanos), PcapWriter.MAX_EPOCH_NANOS);
        lastNanos = t;
        return t;
    }

    /** Encodes one segment and writes it, or counts it once writing has failed; under the lock. */
    void emit(TcpSegmentEncoder encoder, long t, long seq, long ack, int flags, int window,
              MemorySegment options, int optionsLength, MemorySegment payload, long payloadOffset, int payloadLength) {
        if (failure != null) {
            droppedPackets++;
            return;
        }
        int length = encoder.encode(frame, 0, seq, ack, flags, window, options, 0, optionsLength,
                payload, payloadOffset, payloadLength);
        try {
            writer.write(t, frame, 0, length);
        } catch (IOException e) {
            failure = e;
            droppedPackets++;
        }
    }

    /** Nothing has failed yet; under the lock. */
    boolean healthy() {
        return failure == null;
    }

    private void link(Conversation c) {
        c.next = head;
        if (head != null) {
            head.prev = c;
        }
        head = c;
        openConversations++;
    }

    /** A conversation ended; under the lock. */
    void forget(Conversation c) {
        if (c.prev != null) {
            c.prev.next = c.next;
        } else {
            head = c.next;
        }
        if (c.next != null) {
            c.next.prev = c.prev;
        }
        c.prev = null;
        c.next = null;
        openConversations--;
    }

    /**
     * Hands what was recorded so far to the file, so that readers see it while recording goes
     * on. Never throws: a failure is kept as for any write.
     *
     * @return false once closed or failed
     */
    public boolean flush() {
        lock.lock();
        try {
            if (closed || failure != null) {
                return false;
            }
            writer.flush();
            return true;
        } catch (IOException e) {
            failure = e;
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends every conversation still open with a FIN exchange from its client, stamped with the
     * clock (or the last packet's time, if later), then flushes and closes the file. Closing
     * again does nothing.
     *
     * @throws IOException the first failure of the recording, or of closing the file
     */
    @Override
    public void close() throws IOException {
        long nanos = epochNanos(clock.instant());
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            long t = stamp(nanos);
            while (head != null) {
                head.finish(t, true);
            }
            IOException first = failure;
            try {
                writer.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else if (first != e) {
                    first.addSuppressed(e);
                }
            }
            failure = first;
            if (first != null) {
                throw first;
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@code instant} as a pcap timestamp can hold it: 1970..2106. */
    private static long epochNanos(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0) {
            return 0;
        }
        if (seconds >= PcapWriter.MAX_EPOCH_NANOS / NANOS_PER_SECOND) {
            return PcapWriter.MAX_EPOCH_NANOS;
        }
        return seconds * NANOS_PER_SECOND + instant.getNano();
    }

    /** Packets in the file, buffered ones included. */
    public long packets() {
        lock.lock();
        try {
            return writer.packets();
        } finally {
            lock.unlock();
        }
    }

    /** Packets not written because writing had failed. */
    public long droppedPackets() {
        lock.lock();
        try {
            return droppedPackets;
        } finally {
            lock.unlock();
        }
    }

    /** Conversations started by {@link #open} (not counting those asked for after close). */
    public long conversationsOpened() {
        lock.lock();
        try {
            return conversationsOpened;
        } finally {
            lock.unlock();
        }
    }

    /** Conversations neither closed nor reset yet. */
    public int openConversations() {
        lock.lock();
        try {
            return openConversations;
        } finally {
            lock.unlock();
        }
    }

    /** The first I/O failure, if writing has failed. */
    public Optional<IOException> failure() {
        lock.lock();
        try {
            return Optional.ofNullable(failure);
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
