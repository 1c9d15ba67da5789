package io.statewall.engine.baseline;

import io.statewall.engine.image.LongIntMap;
import io.statewall.protocols.DataArea;
import io.statewall.protocols.modbus.FunctionCode;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.util.Arrays;

/**
 * One learned channel in one state, compiled for checking: the functions and data areas it
 * used, per function the addresses it read and wrote, and its kinds of request.
 */
final class ChannelCheck {
    final int channel;
    final ChannelBaseline learned;
    private final long[] functions = new long[4];
    private int areas;
    private final int[][] reads = new int[256][];
    private final int[][] writes = new int[256][];
    private final LongIntMap kindSlots = new LongIntMap(16);
    private KindCheck[] kinds = new KindCheck[0];
    /** True when some kind is periodic: the channel runs a scan cycle whose order is checked. */
    boolean cyclic;
    /** The kind {@link #next} found last (null after an unknown one). */
    private KindCheck lastFound;

    ChannelCheck(int channel, ChannelBaseline learned) {
        this.channel = channel;
        this.learned = learned;
        for (FunctionUse f : learned.functions()) {
            functions[f.function >>> 6] |= 1L << (f.function & 63);
            DataArea a = FunctionCode.of(f.function).dataArea();
            if (a != DataArea.NONE) {
                areas |= 1 << a.ordinal();
            }
            reads[f.function] = f.reads.bounds();
            writes[f.function] = f.writes.bounds();
        }
    }

    void add(KindCheck k) {
        k.covered = covers(k.kind);
        kindSlots.put(k.kind, kinds.length);
        kinds = Arrays.copyOf(kinds, kinds.length + 1);
        kinds[kinds.length - 1] = k;
        cyclic |= k.acceptedGaps != null;
    }

    boolean usesFunction(int function) {
        return (functions[(function & 0xFF) >>> 6] & 1L << (function & 63)) != 0;
    }

    /** True when a request of the data area was seen (its own area counts for FC 43's MEI types). */
    boolean usesArea(DataArea area) {
        return (areas & 1 << area.ordinal()) != 0;
    }

    boolean readCovers(int function, int lo, int hi) {
        int[] b = reads[function & 0xFF];
        return b != null && RangeSet.covers(b, lo, hi);
    }

    boolean writeCovers(int function, int lo, int hi) {
        int[] b = writes[function & 0xFF];
        return b != null && RangeSet.covers(b, lo, hi);
    }

    /** True when the spans a request of this kind addresses are all learned (false when unsure). */
    private boolean covers(long kind) {
        if (RequestKind.malformed(kind)) {
            return false;
        }
        int function = RequestKind.function(kind);
        int a = RequestKind.a(kind);
        int q = RequestKind.aQuantity(kind);
        if (q >= 0x7FF || RequestKind.bQuantity(kind) >= 0x7FF) {
            // a quantity the kind had to cut short: the real span may be longer
            return false;
        }
        return switch (function) {
            case 1, 2, 3, 4 -> readCovers(function, a, Spans.end(a, q));
            case 5, 6, 15, 16, 22 -> writeCovers(function, a, Spans.end(a, q));
            case 23 -> readCovers(function, a, Spans.end(a, q))
                    && writeCovers(function, RequestKind.b(kind), Spans.end(RequestKind.b(kind), RequestKind.bQuantity(kind)));
            case 24 -> readCovers(function, a, a);
            default -> true;
        };
    }

    /**
     * The learned kind of the channel's next request, or null: a channel that runs a scan cycle
     * sends its kinds in the same order every cycle, so the kind that followed the last one
     * found last time is tried first (against the request's bytes), and the table only when it
     * is not that one.
     */
    KindCheck next(ModbusTransaction tx) {
        KindCheck previous = lastFound;
        KindCheck k = previous == null ? null : previous.next;
        if (k == null || !k.sameKind(tx)) {
            k = kind(RequestKind.of(tx));
            if (previous != null && k != null) {
                previous.next = k;
            }
        }
        lastFound = k;
        return k;
    }

    /** The learned kind, or null. */
    KindCheck kind(long kind) {
        int slot = kindSlots.get(kind);
        return slot < 0 ? null : kinds[slot];
    }

    KindCheck[] kinds() {
        return kinds;
    }
}
