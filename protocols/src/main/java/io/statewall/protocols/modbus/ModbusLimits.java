package io.statewall.protocols.modbus;

import java.util.concurrent.TimeUnit;

/**
 * Per-session limits, checked before any state grows. Hitting one is an anomaly, never an
 * exception.
 *
 * @param maxOpenTransactions requests kept waiting for their response (1–65536). When full,
 *     the oldest is reported without response and {@link ModbusAnomaly#FLOODED} raised. The
 *     session keeps a copy of each open request (at most 260 bytes), so this also bounds its
 *     memory: about 270 bytes per slot, allocated as the high-water mark rises.
 * @param requestTimeoutNanos a request older than this (by the timestamps the caller passes)
 *     is reported without response when the next frame arrives; 0 keeps requests until the
 *     limit, a duplicate id or the end of the flow. A server that never answers (e.g. after
 *     FC 8/04 Force Listen Only Mode) would otherwise fill the table and raise false floods.
 */
public record ModbusLimits(int maxOpenTransactions, long requestTimeoutNanos) {

    /**
     * 64 open transactions (real clients pipeline a handful; Suricata keeps up to 500) and a
     * 10 s timeout. MB-TCP §4.4.1.4 sets no response time but expects up to "several seconds"
     * on slow links; a longer timeout lets servers that silently ignore some requests (absent
     * units behind a gateway) fill the table and raise false floods.
     */
    public static final ModbusLimits DEFAULT = new ModbusLimits(64, TimeUnit.SECONDS.toNanos(10));

    public ModbusLimits {
        if (maxOpenTransactions < 1 || maxOpenTransactions > 65536) {
            throw new IllegalArgumentException("maxOpenTransactions must be 1..65536: " + maxOpenTransactions);
        }
        if (requestTimeoutNanos < 0) {
            throw new IllegalArgumentException("requestTimeoutNanos must be >= 0: " + requestTimeoutNanos);
        }
    }
}
