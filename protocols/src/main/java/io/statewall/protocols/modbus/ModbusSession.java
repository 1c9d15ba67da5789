package io.statewall.protocols.modbus;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Modbus/TCP state of one TCP connection, both directions: frames the reassembled byte
 * streams into ADUs (MB-TCP §3.1.3), pairs requests with responses by transaction id, checks
 * each against MB-AP §6, and reports transactions and anomalies to a {@link ModbusListener}.
 *
 * <h2>Streaming contract</h2>
 * {@link #onData} parses every complete ADU in the bytes offered and returns how many it
 * consumed. A trailing partial ADU is not consumed: the caller offers those bytes again with
 * more appended. Garbage is skipped (one {@link ModbusAnomaly#RESYNC} per episode), so an
 * offer of at least 260 bytes (the largest ADU) always consumes something and a caller can
 * never be stuck. Nothing here throws for any input bytes.
 *
 * <h2>Resynchronisation</h2>
 * After an MBAP header with protocol id ≠ 0 or a length outside 2..254, and after {@link
 * #onGap}, the direction scans forward byte by byte with {@link Mbap#probe} and resumes at
 * the first plausible header that a plausible successor (or the end of the data) confirms.
 *
 * <h2>Pairing</h2>
 * A response completes the open request with the same transaction id, unit id and function
 * (or its exception). Otherwise it is reported alone with {@link
 * ModbusAnomaly#UNSOLICITED_RESPONSE} (mid-stream pick-up is normal). A request reusing an
 * open id closes the old one ({@link ModbusAnomaly#DUPLICATE_TRANSACTION_ID}); a full table
 * closes the oldest ({@link ModbusAnomaly#FLOODED}); both are reported without response.
 *
 * <p>Not thread-safe: one session belongs to one flow and is fed by one thread. The hot path
 * allocates nothing once the open-transaction table has reached its high-water mark.
 */
public final class ModbusSession {
    private static final ModbusAnomaly[] ANOMALIES = ModbusAnomaly.values();
    private static final int UNSOLICITED = ModbusAnomaly.UNSOLICITED_RESPONSE.bit();
    private static final int DUPLICATE = ModbusAnomaly.DUPLICATE_TRANSACTION_ID.bit();
    private static final int FLOODED = ModbusAnomaly.FLOODED.bit();
    private static final int UNIT_MISMATCH = ModbusAnomaly.INVALID_UNIT_ID.bit();
    private static final int FUNCTION_MISMATCH = ModbusAnomaly.INVALID_FUNCTION_CODE.bit();

    /** Framing state of one direction. */
    private static final class Stream {
        final boolean toServer;
        /** Scanning for a header (after garbage or a gap). */
        boolean resyncing;
        /** Bytes skipped in the current resync episode, reported when it ends. */
        long skipped;
        /** Bytes the last {@code onData} left unconsumed, i.e. held by the caller. */
        int unconsumed;

        Stream(boolean toServer) {
            this.toServer = toServer;
        }
    }

    private final ModbusLimits limits;
    private final ModbusListener listener;
    /** The listener judges requests before they go on ({@link ModbusListener#admitRequest}). */
    private final boolean admits;
    private final Object attachment;
    private final OpenTransactions open;
    private final ModbusTransaction tx = new ModbusTransaction();
    private final ModbusFrame incoming = new ModbusFrame();
    private final Stream clientStream = new Stream(true);
    private final Stream serverStream = new Stream(false);

    private long requests;
    private long responses;
    private long transactions;
    private long anomalies;
    private long exceptions;
    private long bytesSkipped;
    private long refused;

    /**
     * @param attachment caller's per-flow object (e.g. the flow key), returned by {@link #attachment()}
     */
    public ModbusSession(ModbusLimits limits, ModbusListener listener, Object attachment) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.attachment = attachment;
        this.open = new OpenTransactions(limits.maxOpenTransactions());
        this.admits = listener.admitsRequests();
    }

    public Object attachment() {
        return attachment;
    }

    public ModbusLimits limits() {
        return limits;
    }

    /**
     * Parses every complete ADU in {@code [offset, offset + length)} of {@code data}.
     *
     * @param toServer true for client-to-server bytes (requests)
     * @return bytes consumed; the rest (a partial ADU, or fewer than 8 bytes being scanned) must
     *     be offered again, followed by the next bytes of that direction. At least 1 when
     *     {@code length >= 260}.
     * @throws IndexOutOfBoundsException if the range is not inside {@code data} (a caller bug)
     */
    public int onData(boolean toServer, MemorySegment data, long offset, int length, long timestampNanos) {
        Objects.checkFromIndexSize(offset, length, data.byteSize());
        Stream stream = toServer ? clientStream : serverStream;
        long end = offset + length;
        long pos = offset;
        while (true) {
            if (stream.resyncing) {
                pos = resync(stream, data, pos, end, timestampNanos);
                if (stream.resyncing) {
                    break;
                }
            }
            if (end - pos < Mbap.SIZE_PREFIX) {
                break;
            }
            int protocolId = Wire.u16(data, pos + 2);
            int lengthField = Wire.u16(data, pos + 4);
            if (protocolId != 0 || !Mbap.validLength(lengthField)) {
                if (protocolId != 0) {
                    anomaly(ModbusAnomaly.INVALID_PROTOCOL_ID, toServer, timestampNanos, -1, protocolId);
                }
                if (!Mbap.validLength(lengthField)) {
                    anomaly(ModbusAnomaly.INVALID_LENGTH, toServer, timestampNanos, -1, lengthField);
                }
                stream.resyncing = true;
                skip(stream, 1);
                pos++;
                continue;
            }
            int frameLength = Mbap.SIZE_PREFIX + lengthField;
            if (end - pos < frameLength) {
                break;
            }
            incoming.wrap(data, pos, frameLength);
            if (toServer) {
                onRequest(timestampNanos);
            } else {
                onResponse(timestampNanos);
            }
            pos += frameLength;
        }
        int consumed = (int) (pos - offset);
        stream.unconsumed = length - consumed;
        return consumed;
    }

    /**
     * Bytes were lost in one direction: the next data may start inside a frame, so that
     * direction resynchronises. Bytes the caller still holds for it belong before the hole
     * and should be dropped (if offered again they are scanned and skipped). A frame cut by
     * the hole is reported as {@link ModbusAnomaly#TRUNCATED_FRAME}. Open transactions stay.
     */
    public void onGap(boolean toServer, long timestampNanos) {
        Stream stream = toServer ? clientStream : serverStream;
        if (stream.unconsumed > 0) {
            if (stream.resyncing) {
                skip(stream, stream.unconsumed);
            } else {
                anomaly(ModbusAnomaly.TRUNCATED_FRAME, toServer, timestampNanos, -1, stream.unconsumed);
            }
            stream.unconsumed = 0;
        }
        stream.resyncing = true;
    }

    /**
     * The flow is over: ends both directions (a pending resync reports its skipped bytes, a
     * frame left incomplete is {@link ModbusAnomaly#TRUNCATED_FRAME}) and reports every open
     * request, oldest first, as a transaction without response. The session may then be
     * reused for a new flow.
     */
    public void onEnd(long timestampNanos) {
        endStream(clientStream, timestampNanos);
        endStream(serverStream, timestampNanos);
        while (open.count() > 0) {
            closeWithoutResponse(0, 0);
        }
    }

    /** Request frames parsed. */
    public long requests() {
        return requests;
    }

    /** Response frames parsed (exception responses included). */
    public long responses() {
        return responses;
    }

    /** Transactions reported to the listener. */
    public long transactions() {
        return transactions;
    }

    /** Anomalies reported to the listener. */
    public long anomalies() {
        return anomalies;
    }

    /** Exception responses parsed. */
    public long exceptions() {
        return exceptions;
    }

    /** Bytes skipped while resynchronising. */
    public long bytesSkipped() {
        return bytesSkipped;
    }

    /** Requests waiting for their response. */
    /** Requests the listener refused ({@link ModbusListener#admitRequest}); counted in {@link #requests()} too. */
    public long refusedRequests() {
        return refused;
    }

    public int openTransactions() {
        return open.count();
    }

    private void endStream(Stream stream, long timestampNanos) {
        if (stream.resyncing) {
            skip(stream, stream.unconsumed);
            finishResync(stream, timestampNanos);
        } else if (stream.unconsumed > 0) {
            anomaly(ModbusAnomaly.TRUNCATED_FRAME, stream.toServer, timestampNanos, -1, stream.unconsumed);
        }
        stream.unconsumed = 0;
        stream.resyncing = false;
        stream.skipped = 0;
    }

    /**
     * Scans from {@code pos} for a frame start. Returns where framing resumes (resync over), or
     * how far the bytes are consumed while still resyncing: up to a candidate whose frame is
     * not complete yet, or up to the last 7 bytes, which are too few to probe.
     */
    private long resync(Stream stream, MemorySegment data, long pos, long end, long timestampNanos) {
        for (long p = pos; p + Mbap.PROBE_LENGTH <= end; p++) {
            int verdict = Mbap.probe(data, p, end, stream.toServer);
            if (verdict == Mbap.PLAUSIBLE) {
                skip(stream, p - pos);
                finishResync(stream, timestampNanos);
                return p;
            }
            if (verdict == Mbap.NEED_MORE) {
                skip(stream, p - pos);
                return p;
            }
        }
        long keep = Math.max(pos, end - (Mbap.PROBE_LENGTH - 1));
        skip(stream, keep - pos);
        return keep;
    }

    private void skip(Stream stream, long count) {
        stream.skipped += count;
        bytesSkipped += count;
    }

    private void finishResync(Stream stream, long timestampNanos) {
        if (stream.skipped > 0) {
            anomaly(ModbusAnomaly.RESYNC, stream.toServer, timestampNanos, -1, stream.skipped);
        }
        stream.skipped = 0;
        stream.resyncing = false;
    }

    private void onRequest(long timestampNanos) {
        requests++;
        expire(timestampNanos);
        int transactionId = incoming.transactionId();
        int flags = ModbusValidator.request(incoming);
        reportFlags(flags, true, timestampNanos, transactionId);
        if (admits) {
            tx.requestFrame().wrap(incoming.segment(), incoming.offset(), incoming.length());
            tx.set(true, timestampNanos, false, 0, flags);
            if (!listener.admitRequest(this, tx)) {
                refused++;
                return;
            }
        }
        int position = open.find(transactionId);
        if (position >= 0) {
            anomaly(ModbusAnomaly.DUPLICATE_TRANSACTION_ID, true, timestampNanos, transactionId, 0);
            closeWithoutResponse(position, DUPLICATE);
            flags |= DUPLICATE;
        }
        if (open.count() >= open.capacityLimit()) {
            anomaly(ModbusAnomaly.FLOODED, true, timestampNanos, transactionId, open.count());
            closeWithoutResponse(0, FLOODED);
        }
        open.add(incoming, timestampNanos, flags);
    }

    private void onResponse(long timestampNanos) {
        responses++;
        if (incoming.isException()) {
            exceptions++;
        }
        expire(timestampNanos);
        int transactionId = incoming.transactionId();
        int position = open.find(transactionId);
        int mismatch = 0;
        if (position >= 0) {
            int slot = open.slotAt(position);
            ModbusFrame request = tx.requestFrame();
            open.wrap(request, slot);
            int requestFunction = request.functionRaw();
            int function = incoming.functionRaw();
            if (request.unitId() != incoming.unitId()) {
                mismatch |= UNIT_MISMATCH;
            }
            if (function != requestFunction && function != (requestFunction | 0x80)) {
                mismatch |= FUNCTION_MISMATCH;
            }
            if (mismatch == 0) {
                int flags = ModbusValidator.response(incoming, request);
                reportFlags(flags, false, timestampNanos, transactionId);
                tx.responseFrame().wrap(incoming.segment(), incoming.offset(), incoming.length());
                tx.set(true, open.timestamp(slot), true, timestampNanos, open.flags(slot) | flags);
                emit();
                open.removeAt(position);
                return;
            }
        }
        int flags = ModbusValidator.response(incoming, null) | UNSOLICITED | mismatch;
        reportFlags(flags, false, timestampNanos, transactionId);
        tx.responseFrame().wrap(incoming.segment(), incoming.offset(), incoming.length());
        tx.set(false, 0, true, timestampNanos, flags);
        emit();
    }

    /** Closes requests older than the timeout, judged by the timestamp of the frame at hand. */
    private void expire(long now) {
        long timeout = limits.requestTimeoutNanos();
        if (timeout == 0) {
            return;
        }
        while (open.count() > 0 && now - open.timestamp(open.slotAt(0)) > timeout) {
            closeWithoutResponse(0, 0);
        }
    }

    private void closeWithoutResponse(int position, int extraFlags) {
        int slot = open.slotAt(position);
        open.wrap(tx.requestFrame(), slot);
        tx.set(true, open.timestamp(slot), false, 0, open.flags(slot) | extraFlags);
        emit();
        open.removeAt(position);
    }

    private void emit() {
        transactions++;
        listener.onTransaction(this, tx);
    }

    private void reportFlags(int flags, boolean toServer, long timestampNanos, int transactionId) {
        while (flags != 0) {
            int ordinal = Integer.numberOfTrailingZeros(flags);
            flags &= flags - 1;
            anomaly(ANOMALIES[ordinal], toServer, timestampNanos, transactionId, 0);
        }
    }

    private void anomaly(ModbusAnomaly anomaly, boolean toServer, long timestampNanos, int transactionId, long detail) {
        anomalies++;
        listener.onAnomaly(this, anomaly, toServer, timestampNanos, transactionId, detail);
    }
}
