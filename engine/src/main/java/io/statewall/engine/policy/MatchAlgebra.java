package io.statewall.engine.policy;

import java.util.BitSet;
import java.util.List;

/**
 * Set relations between {@link Match}es, for {@link PolicyVerifier} and the rule engine: a match
 * stands for the set of transactions it matches, and a missing field for "everything".
 *
 * <ul>
 *   <li>{@code from}/{@code to}: CIDR containment and intersection, ports included;</li>
 *   <li>{@code function}, {@code category}, {@code operation}, {@code area}: together, as sets
 *       of {@link FunctionSpace} variants;</li>
 *   <li>{@code unit}, {@code address}, {@code value}, {@code response}: ranges and flags.</li>
 * </ul>
 *
 * <p>Where the exact answer would need more than field-wise reasoning the answers err on the
 * safe side for the verifier: {@link #contains} may say false for a real containment (an
 * endpoint list whose union, not any single member, covers the other side; values written at
 * other addresses), never true for a false one, so "shadowed" is never claimed wrongly;
 * {@link #overlaps} may say true for matches that cannot both hold (an address and a value range
 * that no single write satisfies together), never false for ones that can, so "could block
 * protected traffic" is never missed.
 */
public final class MatchAlgebra {
    private MatchAlgebra() {}

    /** True when every transaction {@code inner} matches is also matched by {@code outer}. */
    public static boolean contains(Match outer, Match inner) {
        if (!outer.protocol().equals(inner.protocol())) {
            return false;
        }
        BitSet in = FunctionSpace.of(inner);
        BitSet out = FunctionSpace.of(outer);
        in.andNot(out);
        return in.isEmpty()
                && containsEndpoints(outer.from(), inner.from())
                && containsEndpoints(outer.to(), inner.to())
                && containsRanges(outer.units(), inner.units())
                && containsRanges(outer.addresses(), inner.addresses())
                && containsRanges(outer.values(), inner.values())
                && containsResponse(outer.response(), inner.response());
    }

    /** True when some transaction could match both. */
    public static boolean overlaps(Match a, Match b) {
        if (!a.protocol().equals(b.protocol())) {
            return false;
        }
        BitSet fa = FunctionSpace.of(a);
        return fa.intersects(FunctionSpace.of(b))
                && overlapEndpoints(a.from(), b.from())
                && overlapEndpoints(a.to(), b.to())
                && overlapRanges(a.units(), b.units())
                && overlapRanges(a.addresses(), b.addresses())
                && overlapRanges(a.values(), b.values())
                && overlapResponse(a.response(), b.response());
    }

    static boolean containsEndpoints(List<Endpoint> outer, List<Endpoint> inner) {
        if (outer == null) {
            return true;
        }
        if (inner == null) {
            return false;
        }
        for (Endpoint i : inner) {
            if (outer.stream().noneMatch(o -> o.contains(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean overlapEndpoints(List<Endpoint> a, List<Endpoint> b) {
        if (a == null || b == null) {
            return true;
        }
        for (Endpoint x : a) {
            for (Endpoint y : b) {
                if (x.intersects(y)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean containsRanges(IntRanges outer, IntRanges inner) {
        return outer == null || inner != null && outer.containsAll(inner);
    }

    static boolean overlapRanges(IntRanges a, IntRanges b) {
        return a == null || b == null || a.intersects(b);
    }

    static boolean containsResponse(ResponseMatch outer, ResponseMatch inner) {
        if (outer == null) {
            return true;
        }
        if (inner == null) {
            return outer.exception() == null && outer.exceptionCodes() == null;
        }
        return (outer.exception() == null || outer.exception().equals(inner.exception()))
                && containsRanges(outer.exceptionCodes(), inner.exceptionCodes());
    }

    static boolean overlapResponse(ResponseMatch a, ResponseMatch b) {
        if (a == null || b == null) {
            return true;
        }
        return (a.exception() == null || b.exception() == null || a.exception().equals(b.exception()))
                && overlapRanges(a.exceptionCodes(), b.exceptionCodes());
    }
}
