package io.statewall.engine.eve;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes EVE JSON lines (one object per line) with Suricata's common fields, so existing SIEM
 * pipelines take them unchanged. Records are built in a reused buffer and handed to the
 * stream in large writes; nothing is allocated per record.
 *
 * <p>Not thread-safe: one writer per pipeline thread.
 */
public final class EveWriter implements AutoCloseable {
    private static final int FLUSH_AT = 1 << 16;

    private static final byte[] K_TIMESTAMP = JsonOut.key("timestamp");
    private static final byte[] K_FLOW_ID = JsonOut.key("flow_id");
    private static final byte[] K_EVENT_TYPE = JsonOut.key("event_type");
    private static final byte[] K_SRC_IP = JsonOut.key("src_ip");
    private static final byte[] K_SRC_PORT = JsonOut.key("src_port");
    private static final byte[] K_DEST_IP = JsonOut.key("dest_ip");
    private static final byte[] K_DEST_PORT = JsonOut.key("dest_port");
    private static final byte[] K_PROTO = JsonOut.key("proto");
    private static final byte[] K_APP_PROTO = JsonOut.key("app_proto");
    private static final byte[] V_TCP = JsonOut.quoted("TCP");
    private static final byte[] V_UDP = JsonOut.quoted("UDP");
    private static final byte[][] V_EVENT_TYPE = new byte[EventType.values().length][];

    static {
        for (EventType t : EventType.values()) {
            V_EVENT_TYPE[t.ordinal()] = JsonOut.quoted(t.wireName());
        }
    }

    private final OutputStream out;
    private final boolean[] enabled = new boolean[EventType.values().length];
    private final JsonOut json = new JsonOut(FLUSH_AT * 2);
    private final EveTime time = new EveTime();
    private final long[] written = new long[EventType.values().length];

    /**
     * @param out   where lines go; closed by {@link #close()}
     * @param types the record types to write; others are dropped before any formatting
     */
    public EveWriter(OutputStream out, Set<EventType> types) {
        this.out = out;
        for (EventType t : types) {
            enabled[t.ordinal()] = true;
        }
    }

    public static EveWriter allTypes(OutputStream out) {
        return new EveWriter(out, EnumSet.allOf(EventType.class));
    }

    /** Whether records of this type are written: check before gathering what they need. */
    public boolean wants(EventType type) {
        return enabled[type.ordinal()];
    }

    public long written(EventType type) {
        return written[type.ordinal()];
    }

    /**
     * Starts a record tied to a flow and returns the buffer, positioned inside the top-level
     * object, for the type's own members. Finish with {@link #end()}.
     */
    public JsonOut begin(EventType type, long timestampNanos, FlowContext flow) {
        byte[][] cache = flow.encodedCommonFields;
        if (cache == null) {
            cache = new byte[EventType.values().length][];
            flow.encodedCommonFields = cache;
        }
        byte[] common = cache[type.ordinal()];
        if (common == null) {
            common = encodeCommonFields(type, flow);
            cache[type.ordinal()] = common;
        }
        JsonOut j = json;
        j.beginObject();
        j.name(K_TIMESTAMP);
        time.write(j, timestampNanos);
        j.rawBytes(common);
        written[type.ordinal()]++;
        return j;
    }

    /** {@code ,"flow_id":…,"event_type":…,"src_ip":…,…,"app_proto":…} for one flow and type. */
    private static byte[] encodeCommonFields(EventType type, FlowContext flow) {
        JsonOut j = new JsonOut(256);
        j.beginObject();
        j.name(K_TIMESTAMP).value(0);
        int start = j.size();
        if (flow.flowId != 0) {
            j.name(K_FLOW_ID).value(flow.flowId);
        }
        j.name(K_EVENT_TYPE).value(V_EVENT_TYPE[type.ordinal()]);
        j.name(K_SRC_IP);
        IpText.write(j, flow.ipVersion, flow.srcAddrHi, flow.srcAddrLo);
        j.name(K_SRC_PORT).value(flow.srcPort);
        j.name(K_DEST_IP);
        IpText.write(j, flow.ipVersion, flow.destAddrHi, flow.destAddrLo);
        j.name(K_DEST_PORT).value(flow.destPort);
        j.name(K_PROTO).value(flow.transport == 17 ? V_UDP : V_TCP);
        if (flow.appProto != null) {
            j.name(K_APP_PROTO).value(flow.appProto);
        }
        return java.util.Arrays.copyOfRange(j.array(), start, j.size());
    }

    /** Starts a record with no flow (stats, state); {@code flowId} 0 omits the field. */
    public JsonOut begin(EventType type, long timestampNanos, long flowId) {
        JsonOut j = json;
        j.beginObject();
        j.name(K_TIMESTAMP);
        time.write(j, timestampNanos);
        if (flowId != 0) {
            j.name(K_FLOW_ID).value(flowId);
        }
        j.name(K_EVENT_TYPE).value(V_EVENT_TYPE[type.ordinal()]);
        written[type.ordinal()]++;
        return j;
    }

    /** Closes the record started by {@code begin} and ends the line. */
    public void end() {
        json.endObject().newline();
        if (json.size() >= FLUSH_AT) {
            drain();
        }
    }

    private void drain() {
        try {
            json.drainTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing EVE output", e);
        }
    }

    public void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing EVE output", e);
        }
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing EVE output", e);
            }
        }
    }
}
