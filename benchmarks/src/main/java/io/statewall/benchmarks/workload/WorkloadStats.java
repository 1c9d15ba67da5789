package io.statewall.benchmarks.workload;

/** Counters the simulated pairs bump while they stage traffic; frozen into a {@link WorkloadSummary}. */
final class WorkloadStats {
    long connections;
    long transactions;
    final long[] byFunction = new long[256];
    final long[] exceptionsByCode = new long[256];
    long exceptions;
    long gatewayAcks;
    long delayedAcks;

    /** Counts one request/response exchange by the request's function code and the response. */
    void transaction(int requestFunction, int responseFunction, int exceptionCode) {
        transactions++;
        byFunction[requestFunction & 0xFF]++;
        if ((responseFunction & ModbusAdu.EXCEPTION_BIT) != 0) {
            exceptions++;
            exceptionsByCode[exceptionCode & 0xFF]++;
        }
    }
}
