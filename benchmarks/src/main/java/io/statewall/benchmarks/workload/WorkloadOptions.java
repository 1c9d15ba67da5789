package io.statewall.benchmarks.workload;

/**
 * What to generate. Same options, same bytes.
 *
 * @param packets target packet count: scan cycles stop once it is reached and every connection is
 *                then closed, so the file holds this many packets plus at most one cycle per pair
 * @param pairs   SCADA-master/PLC pairs, each one long-lived Modbus/TCP connection at a time
 * @param seed    the one seed everything is drawn from
 */
public record WorkloadOptions(long packets, int pairs, long seed) {
    public static final long DEFAULT_PACKETS = 2_000_000L;
    public static final int DEFAULT_PAIRS = 20;
    public static final long DEFAULT_SEED = 502L;
    public static final int MAX_PAIRS = 1000;

    public static final WorkloadOptions DEFAULT = new WorkloadOptions(DEFAULT_PACKETS, DEFAULT_PAIRS, DEFAULT_SEED);

    public WorkloadOptions {
        if (packets < 1) {
            throw new IllegalArgumentException("--packets must be at least 1, not " + packets);
        }
        if (pairs < 1 || pairs > MAX_PAIRS) {
            throw new IllegalArgumentException("--pairs must be 1.." + MAX_PAIRS + ", not " + pairs);
        }
    }

    public WorkloadOptions withPackets(long n) {
        return new WorkloadOptions(n, pairs, seed);
    }

    public WorkloadOptions withPairs(int n) {
        return new WorkloadOptions(packets, n, seed);
    }

    public WorkloadOptions withSeed(long s) {
        return new WorkloadOptions(packets, pairs, s);
    }
}
