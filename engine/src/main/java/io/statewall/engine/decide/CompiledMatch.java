package io.statewall.engine.decide;

import io.statewall.engine.policy.Match;
import io.statewall.engine.policy.ResponseMatch;
import io.statewall.protocols.modbus.FunctionCode;
import java.util.Set;

/**
 * One {@link Match} as flat tests over {@link TxFacts}: endpoint arrays with CIDR masks, 256-bit
 * maps for function, unit and exception code, ordinal bitmasks for operation, category and area,
 * sorted range arrays for address and value. A missing field is "all bits set" or null, so it
 * costs one test at most. Immutable.
 *
 * <p>The request part ({@link #matchesRequest}) is everything but {@code response:}; the
 * response part ({@link #matchesResponse}) needs a response to exist.
 */
final class CompiledMatch {
    private static final int EITHER = -1;

    /** A {@code protocol} other than Modbus never matches a Modbus transaction. */
    private final boolean modbus;
    private final EndpointSet from;
    private final EndpointSet to;
    private final int operations;
    private final ByteSet functions;
    private final int categories;
    private final ByteSet units;
    private final int areas;
    private final RangeSet addresses;
    private final RangeSet values;
    private final boolean hasResponse;
    /** 1: exception responses only, 0: normal ones only, {@link #EITHER}. */
    private final int exception;
    private final ByteSet exceptionCodes;

    CompiledMatch(Match m) {
        modbus = Match.MODBUS.equals(m.protocol());
        from = EndpointSet.of(m.from());
        to = EndpointSet.of(m.to());
        operations = ordinals(m.operations());
        functions = ByteSet.of(m.functions());
        categories = ordinals(m.categories());
        units = ByteSet.of(m.units());
        areas = ordinals(m.areas());
        addresses = RangeSet.of(m.addresses());
        values = RangeSet.of(m.values());
        ResponseMatch r = m.response();
        hasResponse = r != null;
        exception = r == null || r.exception() == null ? EITHER : r.exception() ? 1 : 0;
        exceptionCodes = ByteSet.of(r == null ? null : r.exceptionCodes());
    }

    private static int ordinals(Set<? extends Enum<?>> set) {
        if (set == null) {
            return -1;
        }
        int mask = 0;
        for (Enum<?> e : set) {
            mask |= 1 << e.ordinal();
        }
        return mask;
    }

    boolean hasResponse() {
        return hasResponse;
    }

    /**
     * False when no transaction whose function byte is {@code raw} can match: the index that
     * lets a decision visit only the rules its function could fire. Operation, category and
     * area follow from the function byte alone except for FC 8 and FC 43, whose sub-function
     * and MEI type refine them ({@code ModbusTransaction}); for those only {@code function}
     * is looked at here, and {@link #matchesRequest} decides the rest.
     */
    boolean mayMatchFunction(int raw) {
        if (!modbus || !functions.contains(raw)) {
            return false;
        }
        FunctionCode fc = FunctionCode.of(raw);
        if (fc == FunctionCode.DIAGNOSTICS || fc == FunctionCode.ENCAPSULATED_INTERFACE_TRANSPORT) {
            return true;
        }
        return (operations >>> fc.operation().ordinal() & 1) != 0
                && (categories >>> FunctionCode.category(raw).ordinal() & 1) != 0
                && (areas >>> fc.dataArea().ordinal() & 1) != 0;
    }

    boolean matchesRequest(TxFacts f) {
        f.loadDetails();
        if (!modbus
                || (operations >>> f.operation & 1) == 0
                || (categories >>> f.category & 1) == 0
                || (areas >>> f.area & 1) == 0
                || !functions.contains(f.function)
                || !units.contains(f.unit)) {
            return false;
        }
        if (from != null && !from.matches(f.ipVersion, f.srcHi, f.srcLo, f.srcPort)) {
            return false;
        }
        if (to != null && !to.matches(f.ipVersion, f.destHi, f.destLo, f.destPort)) {
            return false;
        }
        if (addresses != null && !addressed(f)) {
            return false;
        }
        return values == null || written(f);
    }

    /** Any addressed item, read or written, in {@code address}. */
    private boolean addressed(TxFacts f) {
        f.loadSpans();
        return f.readStart >= 0 && addresses.intersects(f.readStart, f.readEnd)
                || f.writeStart >= 0 && addresses.intersects(f.writeStart, f.writeEnd);
    }

    /** A value in {@code value} written at an address {@code address} selects (any address without it). */
    private boolean written(TxFacts f) {
        f.loadSpans();
        if (!f.pointArea || f.writeStart < 0) {
            return false;
        }
        int n = f.writeCount();
        for (int i = 0; i < n; i++) {
            if (values.contains(f.writeValue(i)) && (addresses == null || addresses.contains(f.writeStart + i))) {
                return true;
            }
        }
        return false;
    }

    /** The {@code response:} part alone; true when there is none. MB-AP §7: exception = function | 0x80. */
    boolean matchesResponse(TxFacts f) {
        if (!hasResponse) {
            return true;
        }
        if (!f.hasResponse) {
            return false;
        }
        if (exception != EITHER && (exception == 1) != f.exception) {
            return false;
        }
        return !f.exception || exceptionCodes.contains(f.exceptionCode);
    }
}
