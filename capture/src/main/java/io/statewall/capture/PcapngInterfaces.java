package io.statewall.capture;

import java.util.Arrays;

/**
 * The interfaces of the current pcapng section, as parallel primitive arrays indexed by the
 * section-local Interface ID that packet blocks carry. Grows only when an Interface
 * Description Block arrives, never per packet, and only up to {@link #MAX_INTERFACES}: a
 * hostile file full of IDBs cannot make it grow without bound.
 */
final class PcapngInterfaces {
    static final int MAX_INTERFACES = 4096;

    private int count;
    /** Interfaces of earlier sections: makes {@link #globalId} unique within the file. */
    private int firstGlobalId;
    private int[] linkType = new int[4];
    private int[] snapLen = new int[4];
    private int[] tsresol = new int[4];
    private int[] fcsBytes = new int[4];
    private long[] tsOffsetNanos = new long[4];

    /** A new Section Header Block: interface ids start again from 0. */
    void newSection() {
        firstGlobalId += count;
        count = 0;
    }

    /** Adds the next interface; ignored beyond {@link #MAX_INTERFACES}. */
    void add(int linkType, int snapLen, int tsresol, long tsOffsetSeconds, int fcsBytes) {
        if (count == MAX_INTERFACES) {
            return;
        }
        if (count == this.linkType.length) {
            int size = count * 2;
            this.linkType = Arrays.copyOf(this.linkType, size);
            this.snapLen = Arrays.copyOf(this.snapLen, size);
            this.tsresol = Arrays.copyOf(this.tsresol, size);
            this.fcsBytes = Arrays.copyOf(this.fcsBytes, size);
            this.tsOffsetNanos = Arrays.copyOf(this.tsOffsetNanos, size);
        }
        this.linkType[count] = linkType;
        this.snapLen[count] = snapLen;
        this.tsresol[count] = tsresol;
        this.fcsBytes[count] = fcsBytes;
        this.tsOffsetNanos[count] = tsOffsetSeconds * ByteLayouts.NANOS_PER_SECOND;
        count++;
    }

    int count() { return count; }

    boolean known(long id) { return id >= 0 && id < count; }

    /** A file-wide number for a known interface: its position among all IDBs of the file. */
    int globalId(int id) { return firstGlobalId + id; }

    int linkType(int id) { return linkType[id]; }

    /** SnapLen, 0 meaning unlimited. */
    int snapLen(int id) { return snapLen[id]; }

    int fcsBytes(int id) { return fcsBytes[id]; }

    long toNanos(int id, long units) {
        int resol = tsresol[id];
        long nanos = resol == PcapngTimestamps.DEFAULT_TSRESOL ? units * 1_000 : PcapngTimestamps.toNanos(units, resol);
        return nanos + tsOffsetNanos[id];
    }
}
