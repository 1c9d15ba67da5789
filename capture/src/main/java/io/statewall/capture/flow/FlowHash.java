package io.statewall.capture.flow;

import io.statewall.capture.Packet;

/**
 * Direction-free hashes of a packet's 5-tuple: both directions of a conversation put the same
 * endpoints in the canonical order (lower address, then lower port, first) before mixing.
 *
 * <p>The table hashes with a per-table random seed so that nobody on the network can pick
 * 5-tuples that pile into one probe chain; the flow id hashes with no seed so that it is the
 * same on every run over the same capture.
 */
final class FlowHash {
    private static final long MUL1 = 0x9E37_79B9_7F4A_7C15L;
    private static final long MUL2 = 0xC2B2_AE3D_27D4_EB4FL;

    private FlowHash() {
    }

    /** Slot hash of the table; never 0 (0 marks an empty slot). */
    static long slot(Packet p, long seed) {
        long h = tuple(p.ipVersion(), p.protocol(), p.srcAddrHi(), p.srcAddrLo(), p.srcPort(),
                p.dstAddrHi(), p.dstAddrLo(), p.dstPort(), seed);
        return h == 0 ? 1 : h;
    }

    /**
     * Like Suricata's flow_id: the tuple hash mixed with the start time, so that two
     * conversations that reuse a 5-tuple hours apart are different flows in the events; 63 bits,
     * positive, never 0.
     */
    static long flowId(Packet p, long startNanos) {
        long h = tuple(p.ipVersion(), p.protocol(), p.srcAddrHi(), p.srcAddrLo(), p.srcPort(),
                p.dstAddrHi(), p.dstAddrLo(), p.dstPort(), 0);
        long id = finish(h ^ finish(startNanos * MUL1)) & Long.MAX_VALUE;
        return id == 0 ? 1 : id;
    }

    static long tuple(int ipVersion, int protocol, long aHi, long aLo, int aPort,
                      long bHi, long bLo, int bPort, long seed) {
        int order = Long.compareUnsigned(aHi, bHi);
        if (order == 0) {
            order = Long.compareUnsigned(aLo, bLo);
        }
        if (order == 0) {
            order = Integer.compare(aPort, bPort);
        }
        long h = seed ^ ((long) ipVersion << 8 | (protocol & 0xFF));
        if (order <= 0) {
            h = round(round(round(round(h, aHi), aLo), bHi), bLo);
            h = round(h, (long) (aPort & 0xFFFF) << 16 | (bPort & 0xFFFF));
        } else {
            h = round(round(round(round(h, bHi), bLo), aHi), aLo);
            h = round(h, (long) (bPort & 0xFFFF) << 16 | (aPort & 0xFFFF));
        }
        return finish(h);
    }

    private static long round(long h, long v) {
        return Long.rotateLeft(h ^ (v * MUL1), 29) * MUL2;
    }

    /** Avalanche: every input bit reaches every output bit (the murmur3 64-bit finaliser shape). */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return h;
    }
}
