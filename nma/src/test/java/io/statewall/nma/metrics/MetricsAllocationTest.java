package io.statewall.nma.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The writer's side allocates nothing: 200,000 simulated requests, each touching every counter
 * and recording into every histogram across all bucket scales; best of five rounds.
 */
class MetricsAllocationTest {
    private static final int REQUESTS = 200_000;

    @Test
    void countingAndRecordingAllocateNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counter absent: skipped");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counter unsupported: skipped");
        threads.setThreadAllocatedMemoryEnabled(true);

        RouteMetrics m = new RouteMetrics("plc-1", "0.0.0.0:502", "10.0.0.5:502");
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            run(m);
            best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(m.requests()).isEqualTo(5L * REQUESTS);
        assertThat(m.connectionsActive()).isZero();
        assertThat(m.decision().count()).isEqualTo(5L * REQUESTS);
        assertThat(m.decision().maxNanos()).as("values reached the overflow bucket").isGreaterThan(LatencyHistogram.OVERFLOW_NANOS);
        assertThat(best).as("bytes allocated by %d warm requests", REQUESTS).isLessThan(1024);
    }

    private static void run(RouteMetrics m) {
        long v = 1;
        for (int i = 0; i < REQUESTS; i++) {
            m.countConnectionAccepted();
            m.countRequest();
            m.countBytesFromClient(12);
            switch (i & 3) {
                case 0 -> m.countAllowed();
                case 1 -> m.countAllowedWithAlert();
                case 2 -> m.countBlockedWithException();
                default -> m.countBlockedWithDrop();
            }
            m.countBlockedWithReset();
            m.countMalformed();
            m.countAnomaly();
            m.countAnomalies(2);
            m.countResponse();
            m.countUpstreamConnectFailure();
            m.countUpstreamUnavailableAnswer();
            m.countFailOpenForward();
            m.countFailClosedDrop();
            m.countQueueOverflow();
            m.countConnectionRejected();
            m.countBytesFromUpstream(11);
            // 1 ns up to ~34 s and round again: every scale, overflow included
            v = v >= 1L << 35 ? 1 : v * 3 + (i & 7);
            m.recordDecisionNanos(v);
            m.recordAddedNanos(v >>> 3);
            m.recordAnswerAddedNanos(-v);
            m.countConnectionClosed();
        }
    }
}
