package io.statewall.engine.policy;

import io.statewall.protocols.DataArea;
import io.statewall.protocols.Operation;
import io.statewall.protocols.modbus.FunctionCategory;
import io.statewall.protocols.modbus.FunctionCode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Every kind of Modbus request as the match fields see it: (function code, operation, category,
 * data area). {@code function}, {@code category}, {@code operation} and {@code area} all
 * constrain the same request, so {@link MatchAlgebra} compares them together as a set of these
 * variants, not field by field: {@code operation: program} and {@code function: [5, 15]} are
 * then disjoint, and {@code category: public_assigned} contains {@code function: 5}.
 *
 * <p>Most codes have one variant (their {@link FunctionCode} meaning, MB-AP §5.1 category).
 * FC 8 and FC 43 have one per meaning their sub-function or MEI type can give them (MB-AP
 * §6.8, §6.19–6.21, Annex A reserved values). Codes 0 and 128–255 are not valid request codes
 * (MB-AP §4.1, exception bit) and have category {@link FunctionCategory#NONE}.
 */
final class FunctionSpace {
    record Variant(int function, Operation operation, FunctionCategory category, DataArea area) {}

    private static final List<Variant> VARIANTS = build();

    private FunctionSpace() {}

    private static List<Variant> build() {
        List<Variant> v = new ArrayList<>();
        for (int fc = 0; fc <= 255; fc++) {
            if (fc == 8) {
                v.add(new Variant(fc, Operation.DIAGNOSTIC, FunctionCategory.PUBLIC_ASSIGNED, DataArea.NONE));
                v.add(new Variant(fc, Operation.CONTROL, FunctionCategory.PUBLIC_ASSIGNED, DataArea.NONE)); // 8/01, 8/04
                v.add(new Variant(fc, Operation.DIAGNOSTIC, FunctionCategory.RESERVED, DataArea.NONE)); // 8/19, 8/21
                v.add(new Variant(fc, Operation.UNKNOWN, FunctionCategory.RESERVED, DataArea.NONE));
            } else if (fc == 43) {
                v.add(new Variant(fc, Operation.OTHER, FunctionCategory.PUBLIC_ASSIGNED, DataArea.NONE)); // 43/13
                v.add(new Variant(fc, Operation.IDENTIFICATION, FunctionCategory.PUBLIC_ASSIGNED,
                        DataArea.DEVICE_IDENTIFICATION)); // 43/14
                v.add(new Variant(fc, Operation.UNKNOWN, FunctionCategory.RESERVED, DataArea.NONE));
            } else if (fc == 0 || fc >= 128) {
                v.add(new Variant(fc, Operation.UNKNOWN, FunctionCategory.NONE, DataArea.NONE));
            } else {
                FunctionCode code = FunctionCode.of(fc);
                v.add(new Variant(fc, code.operation(), FunctionCode.category(fc), code.dataArea()));
            }
        }
        return List.copyOf(v);
    }

    /**
     * The variants a match admits. A match naming {@code address} only admits requests that
     * address points (MB-AP §4.3 tables); one naming {@code value} only those that write.
     */
    static BitSet of(Match m) {
        BitSet bits = new BitSet(VARIANTS.size());
        for (int i = 0; i < VARIANTS.size(); i++) {
            Variant v = VARIANTS.get(i);
            boolean in = (m.functions() == null || m.functions().contains(v.function()))
                    && (m.operations() == null || m.operations().contains(v.operation()))
                    && (m.categories() == null || m.categories().contains(v.category()))
                    && (m.areas() == null || m.areas().contains(v.area()))
                    && (m.addresses() == null && m.values() == null || isPointArea(v.area()))
                    && (m.values() == null || v.operation() == Operation.WRITE || v.operation() == Operation.READ_WRITE);
            bits.set(i, in);
        }
        return bits;
    }

    private static boolean isPointArea(DataArea a) {
        return a == DataArea.COILS || a == DataArea.DISCRETE_INPUTS || a == DataArea.INPUT_REGISTERS
                || a == DataArea.HOLDING_REGISTERS;
    }
}
