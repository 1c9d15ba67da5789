package io.statewall.engine.baseline;

import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.image.LongIntMap;
import io.statewall.protocols.DataArea;
import java.util.Arrays;

/**
 * Dense ids for what a baseline names: channels, server units and points. Ids index the
 * per-state arrays of {@link StateBaseline} and the detector's tables, so that the packet path
 * compares array slots instead of hashing records. A point is {@code (unit id, data area,
 * address)}, packed into one {@code long}:
 * <pre>
 *  bits 63..20  unit id
 *  bits 19..16  DataArea ordinal
 *  bits 15..0   address (MB-AP §4.4 PDU address, 0-based)
 * </pre>
 * Lookups allocate nothing; interning a new name may grow the tables.
 */
final class Directory {
    private static final DataArea[] AREAS = DataArea.values();

    private final TupleTable channels = new TupleTable();
    private final TupleTable units = new TupleTable();
    private final LongIntMap points = new LongIntMap(16);
    private long[] pointKeys = new long[64];
    private int pointCount;

    /** Version, port and unit in one field of a tuple. */
    private static long head(int ipVersion, int port, int unit) {
        return (long) ipVersion << 24 | (long) port << 8 | unit;
    }

    int channelCount() {
        return channels.size();
    }

    int pointCount() {
        return pointCount;
    }

    /** The channel of a flow (src = client, dest = server) and unit, or -1 when never named. */
    int findChannel(FlowContext f, int unit) {
        return channels.find(head(f.ipVersion, f.destPort, unit), f.srcAddrHi, f.srcAddrLo, f.destAddrHi, f.destAddrLo);
    }

    int internChannel(FlowContext f, int unit) {
        return channels.intern(head(f.ipVersion, f.destPort, unit), f.srcAddrHi, f.srcAddrLo, f.destAddrHi, f.destAddrLo);
    }

    int internChannel(ChannelKey k) {
        return channels.intern(head(k.ipVersion(), k.serverPort(), k.unit()), k.clientHi(), k.clientLo(), k.serverHi(),
                k.serverLo());
    }

    ChannelKey channel(int id) {
        long h = channels.field(id, 0);
        return new ChannelKey((int) (h >>> 24), channels.field(id, 1), channels.field(id, 2), channels.field(id, 3),
                channels.field(id, 4), (int) (h >>> 8) & 0xFFFF, (int) h & 0xFF);
    }

    /** The server unit a flow's requests go to, or -1 when never named. */
    int findUnit(FlowContext f, int unit) {
        return units.find(head(f.ipVersion, f.destPort, unit), f.destAddrHi, f.destAddrLo, 0, 0);
    }

    int internUnit(FlowContext f, int unit) {
        return units.intern(head(f.ipVersion, f.destPort, unit), f.destAddrHi, f.destAddrLo, 0, 0);
    }

    int internUnit(UnitAddress u) {
        return units.intern(head(u.ipVersion(), u.port(), u.unit()), u.hi(), u.lo(), 0, 0);
    }

    UnitAddress unit(int id) {
        long h = units.field(id, 0);
        return new UnitAddress((int) (h >>> 24), units.field(id, 1), units.field(id, 2), (int) (h >>> 8) & 0xFFFF,
                (int) h & 0xFF);
    }

    private static long pointKey(int unitId, int area, int address) {
        return (long) unitId << 20 | (long) area << 16 | address;
    }

    /** The point's id, or -1 when never named (or for a unit of -1). */
    int findPoint(int unitId, int area, int address) {
        return unitId < 0 ? -1 : points.get(pointKey(unitId, area, address));
    }

    int internPoint(int unitId, int area, int address) {
        long key = pointKey(unitId, area, address);
        int id = points.get(key);
        if (id >= 0) {
            return id;
        }
        if (pointCount == pointKeys.length) {
            pointKeys = Arrays.copyOf(pointKeys, pointCount * 2);
        }
        id = pointCount++;
        pointKeys[id] = key;
        points.put(key, id);
        return id;
    }

    int pointUnit(int point) {
        return (int) (pointKeys[point] >>> 20);
    }

    DataArea pointArea(int point) {
        return AREAS[(int) (pointKeys[point] >>> 16) & 0xF];
    }

    int pointAddress(int point) {
        return (int) pointKeys[point] & 0xFFFF;
    }

    /** {@code 10.30.2.20:502 unit 1 holding_registers 100}, for alerts. */
    String pointText(int point) {
        return unit(pointUnit(point)) + " " + areaName(pointArea(point)) + " " + pointAddress(point);
    }

    static String areaName(DataArea area) {
        return area.name().toLowerCase(java.util.Locale.ROOT);
    }
}
