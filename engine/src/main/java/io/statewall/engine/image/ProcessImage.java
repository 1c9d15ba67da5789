package io.statewall.engine.image;

import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.DataArea;
import io.statewall.protocols.modbus.FunctionCode;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.util.Arrays;
import java.util.Objects;

/**
 * The live process image: every Modbus point seen, with its latest raw value (a 16-bit
 * register as 0..65535, or a coil/discrete input as 0/1), the capture timestamp of its last
 * update, who made it (client address and port) and how ({@link UpdateKind}, function code),
 * and how many updates it has had.
 *
 * <h2>What updates a point</h2>
 * Only what the server vouched for, at the timestamp of its response:
 * <ul>
 *   <li>a normal response of FC 1, 2, 3, 4 and 23 (read part): value {@code i} is the point at
 *       {@code readAddress + i} (MB-AP §6.1–6.4, §6.17). A response without its request has no
 *       address and changes nothing;</li>
 *   <li>FC 5, 6, 15, 16 and 23 (write part) whose response is a normal echo (MB-AP §6.5, 6.6,
 *       6.11, 6.12, 6.17). §6.17 performs the write before the read, and so does this image;</li>
 *   <li>FC 22 likewise, to {@code (current AND and_mask) OR (or_mask AND NOT and_mask)}
 *       (MB-AP §6.16). When the register was never seen the result is known only if {@code
 *       and_mask} is 0; otherwise the write is counted as {@link #unresolvedMaskWrites()}.</li>
 * </ul>
 * Exception responses, requests without response and other functions change nothing: a
 * rejected or unanswered write may not have happened. A response the session flagged {@link
 * ModbusAnomaly#VALUE_MISMATCH} (an echo differing from its request, a byte count not
 * matching the quantity asked) does not say which of the two is true, so its values are not
 * taken either ({@link #mismatchedResponses()}); the write part of FC 23, confirmed by a
 * normal response without an echo, still is. Addresses past 65535 are not points ({@link
 * #outOfRangeValues()}).
 *
 * <h2>Ids and memory</h2>
 * A point gets a dense id (0, 1, 2 … in order of first sight) that never changes; ids index
 * parallel primitive arrays. Inside, a point key is one {@code long}: the server interned to
 * a dense server id, then unit, area and address:
 * <pre>
 *  bits 63..28  server id (0 .. maxServers-1)
 *  bits 27..20  unit id
 *  bits 19..16  DataArea ordinal
 *  bits 15..0   address
 * </pre>
 * Arrays grow by doubling as points appear, up to {@link ImageLimits#maxPoints()}; a new point
 * beyond it, or of a server beyond {@link ImageLimits#maxServers()}, is counted in {@link
 * #droppedPoints()}. Once a transaction's points exist, {@link #apply} allocates nothing.
 *
 * <p>Not thread-safe: one image is fed and read by the sensor thread that owns it.
 */
public final class ProcessImage {
    /** Values one transaction can touch: an ADU holds at most 251 data bytes, i.e. 2008 bits. */
    private static final int MAX_CHANGES = 2048;
    private static final int INITIAL_POINTS = 1024;
    private static final int WRITE_FLAG = 0x80;
    private static final int MISMATCH = ModbusAnomaly.VALUE_MISMATCH.bit();
    private static final DataArea[] AREAS = DataArea.values();

    private final ImageLimits limits;
    private final PointListener listener;
    private final ServerTable servers;
    private final LongIntMap index = new LongIntMap(INITIAL_POINTS * 2);

    private long[] keys = new long[INITIAL_POINTS];
    private int[] values = new int[INITIAL_POINTS];
    private long[] updatedAt = new long[INITIAL_POINTS];
    private long[] updateCount = new long[INITIAL_POINTS];
    private long[] clientHi = new long[INITIAL_POINTS];
    private long[] clientLo = new long[INITIAL_POINTS];
    private int[] clientPort = new int[INITIAL_POINTS];
    /** Function code of the last update, {@link #WRITE_FLAG} set when it was the write part. */
    private byte[] how = new byte[INITIAL_POINTS];
    /** The {@link #epoch} in which a point was last listed as changed, to list it only once. */
    private int[] listedIn = new int[INITIAL_POINTS];
    private int size;
    /** The id of the point updated last, -1 before any. */
    private int lastId = -1;
    /** A response's read values, taken out of it at once ({@link ModbusTransaction#readValues}). */
    private final int[] readValues = new int[MAX_CHANGES];

    private final int[] changed = new int[MAX_CHANGES];
    private int changedCount;
    private int epoch;

    private long droppedPoints;
    private long unresolvedMaskWrites;
    private long mismatchedResponses;
    private long outOfRangeValues;

    public ProcessImage() {
        this(ImageLimits.DEFAULT, PointListener.NONE);
    }

    public ProcessImage(ImageLimits limits, PointListener listener) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.servers = new ServerTable(limits.maxServers());
    }

    public ImageLimits limits() {
        return limits;
    }

    /**
     * Feeds one paired transaction of {@code flow} (src = client, dest = server). Never throws
     * for any transaction the session reports.
     *
     * @return how many points changed value or were seen for the first time; their ids are
     *     {@link #changedPoint(int) changedPoint(0 .. n-1)} until the next call, each listed once
     */
    public int apply(FlowContext flow, ModbusTransaction tx) {
        changedCount = 0;
        if (++epoch == 0) {
            Arrays.fill(listedIn, 0, size, 0);
            epoch = 1;
        }
        if (!tx.hasResponse() || tx.isException()) {
            return 0;
        }
        FunctionCode function = tx.function();
        switch (function) {
            case READ_COILS, READ_DISCRETE_INPUTS, READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS ->
                    applyRead(flow, tx, function);
            case WRITE_SINGLE_COIL, WRITE_SINGLE_REGISTER, WRITE_MULTIPLE_COILS, WRITE_MULTIPLE_REGISTERS -> {
                if (mismatched(tx)) {
                    break;
                }
                applyWrite(flow, tx, function);
            }
            case MASK_WRITE_REGISTER -> {
                if (mismatched(tx)) {
                    break;
                }
                applyMaskWrite(flow, tx);
            }
            case READ_WRITE_MULTIPLE_REGISTERS -> {
                applyWrite(flow, tx, function);
                applyRead(flow, tx, function);
            }
            default -> { }
        }
        long ts = tx.responseTimestampNanos();
        for (int i = 0; i < changedCount; i++) {
            listener.onUpdate(changed[i], ts);
        }
        return changedCount;
    }

    private boolean mismatched(ModbusTransaction tx) {
        if ((tx.anomalyFlags() & MISMATCH) != 0) {
            mismatchedResponses++;
            return true;
        }
        return false;
    }

    private void applyRead(FlowContext flow, ModbusTransaction tx, FunctionCode function) {
        int start = tx.readAddress();
        if (start < 0) {
            return;
        }
        if ((tx.anomalyFlags() & MISMATCH) != 0) {
            mismatchedResponses++;
            return;
        }
        int count = tx.readValues(readValues);
        int server = servers.intern(flow.destAddrHi, flow.destAddrLo, flow.destPort);
        long base = pointBase(server, tx.unitId(), function.dataArea());
        for (int i = 0; i < count; i++) {
            update(server, base, start + i, readValues[i], flow, tx, function.code());
        }
    }

    private void applyWrite(FlowContext flow, ModbusTransaction tx, FunctionCode function) {
        int start = tx.writeAddress();
        if (start < 0) {
            return;
        }
        int count = tx.writeValueCount();
        int server = servers.intern(flow.destAddrHi, flow.destAddrLo, flow.destPort);
        long base = pointBase(server, tx.unitId(), function.dataArea());
        for (int i = 0; i < count; i++) {
            update(server, base, start + i, tx.writeValue(i), flow, tx, function.code() | WRITE_FLAG);
        }
    }

    private void applyMaskWrite(FlowContext flow, ModbusTransaction tx) {
        int address = tx.writeAddress();
        int andMask = tx.andMask();
        int orMask = tx.orMask();
        if (address < 0 || andMask < 0 || orMask < 0) {
            return;
        }
        int server = servers.intern(flow.destAddrHi, flow.destAddrLo, flow.destPort);
        if (server < 0) {
            droppedPoints++;
            return;
        }
        long base = pointBase(server, tx.unitId(), DataArea.HOLDING_REGISTERS);
        int id = index.get(base | address);
        if (id < 0 && andMask != 0) {
            unresolvedMaskWrites++;
            return;
        }
        int current = id < 0 ? 0 : values[id];
        int result = (current & andMask) | (orMask & ~andMask & 0xFFFF);
        update(server, base, address, result, flow, tx, FunctionCode.MASK_WRITE_REGISTER.code() | WRITE_FLAG);
    }

    private static long pointBase(int server, int unitId, DataArea area) {
        return ((long) server << 28) | ((long) (unitId & 0xFF) << 20) | ((long) area.ordinal() << 16);
    }

    private void update(int server, long base, int address, int value, FlowContext flow, ModbusTransaction tx, int function) {
        if (address > 0xFFFF) {
            outOfRangeValues++;
            return;
        }
        if (server < 0) {
            droppedPoints++;
            return;
        }
        long key = base | address;
        // A block's points were first seen together, so they mostly have consecutive ids: the
        // id after the last point's is tried before the hash table.
        int next = lastId + 1;
        int id = next < size && keys[next] == key ? next : index.get(key);
        boolean changedValue;
        if (id < 0) {
            if (size >= limits.maxPoints()) {
                droppedPoints++;
                return;
            }
            id = add(key);
            changedValue = true;
        } else {
            changedValue = values[id] != value;
        }
        lastId = id;
        values[id] = value;
        updatedAt[id] = tx.responseTimestampNanos();
        updateCount[id]++;
        clientHi[id] = flow.srcAddrHi;
        clientLo[id] = flow.srcAddrLo;
        clientPort[id] = flow.srcPort;
        how[id] = (byte) function;
        if (changedValue && listedIn[id] != epoch && changedCount < MAX_CHANGES) {
            listedIn[id] = epoch;
            changed[changedCount++] = id;
        }
    }

    private int add(long key) {
        if (size == keys.length) {
            int grown = (int) Math.min(limits.maxPoints(), 2L * size);
            keys = Arrays.copyOf(keys, grown);
            values = Arrays.copyOf(values, grown);
            updatedAt = Arrays.copyOf(updatedAt, grown);
            updateCount = Arrays.copyOf(updateCount, grown);
            clientHi = Arrays.copyOf(clientHi, grown);
            clientLo = Arrays.copyOf(clientLo, grown);
            clientPort = Arrays.copyOf(clientPort, grown);
            how = Arrays.copyOf(how, grown);
            listedIn = Arrays.copyOf(listedIn, grown);
        }
        int id = size++;
        keys[id] = key;
        index.putNew(key, id);
        return id;
    }

    /** Points in the image; their ids are {@code 0 .. size()-1}, for iteration in reports. */
    public int size() {
        return size;
    }

    /** The id of a point, or -1 when it was never seen. */
    public int pointId(PointKey key) {
        return pointId(key.serverAddrHi(), key.serverAddrLo(), key.serverPort(), key.unitId(), key.area(), key.address());
    }

    /** {@link #pointId(PointKey)} without the record; -1 also for arguments no point can have. */
    public int pointId(long serverAddrHi, long serverAddrLo, int serverPort, int unitId, DataArea area, int address) {
        if ((unitId & ~0xFF) != 0 || (address & ~0xFFFF) != 0 || !PointKey.isPointArea(area)) {
            return -1;
        }
        int server = servers.find(serverAddrHi, serverAddrLo, serverPort);
        return server < 0 ? -1 : index.get(pointBase(server, unitId, area) | address);
    }

    /** The key of point {@code id} (allocates: for reports and configuration, not per packet). */
    public PointKey key(int id) {
        long key = keys[Objects.checkIndex(id, size)];
        int server = (int) (key >>> 28);
        return new PointKey(servers.addrHi(server), servers.addrLo(server), servers.port(server),
                (int) (key >>> 20) & 0xFF, AREAS[(int) (key >>> 16) & 0xF], (int) key & 0xFFFF);
    }

    /** The latest raw value: a register 0..65535 or a bit 0/1. */
    public int value(int id) {
        return values[Objects.checkIndex(id, size)];
    }

    /** Capture timestamp (nanoseconds) of the response that last updated the point. */
    public long updatedAt(int id) {
        return updatedAt[Objects.checkIndex(id, size)];
    }

    /**
     * True when the point is unknown ({@code id} -1) or its last update is more than {@code
     * maxAgeNanos} before {@code nowNanos} (both on the capture clock).
     */
    public boolean isStale(int id, long nowNanos, long maxAgeNanos) {
        return id < 0 || nowNanos - updatedAt(id) > maxAgeNanos;
    }

    /** Updates the point has had, including those that left its value unchanged. */
    public long updateCount(int id) {
        return updateCount[Objects.checkIndex(id, size)];
    }

    /** Whether the last update was a read response or a confirmed write. */
    public UpdateKind updateKind(int id) {
        return (how[Objects.checkIndex(id, size)] & WRITE_FLAG) != 0 ? UpdateKind.WRITE : UpdateKind.READ;
    }

    /** Function code of the transaction that last updated the point (1–6, 15, 16, 22, 23). */
    public int updateFunction(int id) {
        return how[Objects.checkIndex(id, size)] & 0x7F;
    }

    /** High 64 bits of the address of the client whose transaction last updated the point. */
    public long updaterAddrHi(int id) {
        return clientHi[Objects.checkIndex(id, size)];
    }

    /** Low 64 bits of that client's address (IPv4 in the low 32 bits). */
    public long updaterAddrLo(int id) {
        return clientLo[Objects.checkIndex(id, size)];
    }

    /** That client's TCP port. */
    public int updaterPort(int id) {
        return clientPort[Objects.checkIndex(id, size)];
    }

    /** Points the last {@link #apply} changed or saw first. */
    public int changedCount() {
        return changedCount;
    }

    /** The id of changed point {@code i} (0 .. {@link #changedCount()}-1) of the last {@link #apply}. */
    public int changedPoint(int i) {
        return changed[Objects.checkIndex(i, changedCount)];
    }

    /** Values not kept because the image or its server table was full. */
    public long droppedPoints() {
        return droppedPoints;
    }

    /** Confirmed FC 22 writes to a never-seen register whose result depended on its value. */
    public long unresolvedMaskWrites() {
        return unresolvedMaskWrites;
    }

    /** Responses not taken because they disagreed with their request. */
    public long mismatchedResponses() {
        return mismatchedResponses;
    }

    /** Values addressed past 65535 (start address + index overflowing the address space). */
    public long outOfRangeValues() {
        return outOfRangeValues;
    }
}
