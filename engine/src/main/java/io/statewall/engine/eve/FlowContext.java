package io.statewall.engine.eve;

/**
 * The flow an event belongs to, as EVE's common fields need it: filled by whoever owns the
 * flow (capture pipeline, proxy) and reused. {@code src} is the client, {@code dest} the
 * server, as Suricata writes application-layer records.
 */
public final class FlowContext {
    public long flowId;
    public int ipVersion;
    public long srcAddrHi, srcAddrLo, destAddrHi, destAddrLo;
    public int srcPort, destPort;
    /** IP protocol number: 6 TCP, 17 UDP. */
    public int transport;
    /** EVE's app_proto value, e.g. "modbus"; null when not yet known. */
    public String appProto;

    /**
     * Per event type, the record bytes that follow the timestamp and are the same for every
     * record of this flow ({@code ,"flow_id":…} through {@code "app_proto":…}), made on first use.
     * Formatting two addresses and five numbers once per flow instead of once per record.
     */
    byte[][] encodedCommonFields;

    public FlowContext set(long flowId, int ipVersion, long srcAddrHi, long srcAddrLo, int srcPort,
                           long destAddrHi, long destAddrLo, int destPort, int transport, String appProto) {
        this.flowId = flowId;
        this.ipVersion = ipVersion;
        this.srcAddrHi = srcAddrHi;
        this.srcAddrLo = srcAddrLo;
        this.srcPort = srcPort;
        this.destAddrHi = destAddrHi;
        this.destAddrLo = destAddrLo;
        this.destPort = destPort;
        this.transport = transport;
        this.appProto = appProto;
        this.encodedCommonFields = null;
        return this;
    }
}
