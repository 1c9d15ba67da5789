package io.statewall.engine.decide;

import io.statewall.engine.policy.Endpoint;
import io.statewall.engine.policy.Network;
import java.util.List;

/**
 * A {@code from:} or {@code to:} list as parallel primitive arrays: per entry the IP version,
 * the network and its CIDR mask as two 64-bit halves (IPv4 in the low 32 bits of the low half,
 * as {@link io.statewall.engine.eve.FlowContext} holds it) and the TCP port or -1 for any.
 * Matching is a masked compare per entry, the same test as {@link Endpoint#matches}.
 */
final class EndpointSet {
    private final int[] version;
    private final long[] hi;
    private final long[] lo;
    private final long[] maskHi;
    private final long[] maskLo;
    private final int[] port;

    private EndpointSet(int n) {
        version = new int[n];
        hi = new long[n];
        lo = new long[n];
        maskHi = new long[n];
        maskLo = new long[n];
        port = new int[n];
    }

    /** Null for null: the caller treats a missing field as "any". */
    static EndpointSet of(List<Endpoint> endpoints) {
        if (endpoints == null) {
            return null;
        }
        EndpointSet s = new EndpointSet(endpoints.size());
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            Network n = e.network();
            s.version[i] = n.version();
            s.hi[i] = n.hi();
            s.lo[i] = n.lo();
            int p = n.prefixLength();
            if (n.version() == 4) {
                s.maskHi[i] = 0;
                s.maskLo[i] = p == 0 ? 0 : (0xFFFF_FFFFL << (32 - p)) & 0xFFFF_FFFFL;
            } else {
                s.maskHi[i] = p >= 64 ? -1L : p == 0 ? 0 : -1L << (64 - p);
                s.maskLo[i] = p <= 64 ? 0 : p == 128 ? -1L : -1L << (128 - p);
            }
            s.port[i] = e.port();
        }
        return s;
    }

    boolean matches(int ipVersion, long addrHi, long addrLo, int tcpPort) {
        for (int i = 0; i < version.length; i++) {
            if (version[i] == ipVersion && (addrHi & maskHi[i]) == hi[i] && (addrLo & maskLo[i]) == lo[i]
                    && (port[i] == Endpoint.ANY_PORT || port[i] == tcpPort)) {
                return true;
            }
        }
        return false;
    }
}
