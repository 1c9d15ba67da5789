package io.statewall.nma.metrics;

import static io.statewall.nma.metrics.RouteCounter.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/** Each event moves exactly the counters it names, read back through both getters. */
class RouteMetricsTest {

    /** An event on the loop, and the counters it must move (every other one stays 0). */
    private record Case(String event, Consumer<RouteMetrics> apply, Map<RouteCounter, Long> expected) {
    }

    private static Map<RouteCounter, Long> moved(Object... counterThenValue) {
        Map<RouteCounter, Long> m = new EnumMap<>(RouteCounter.class);
        for (int i = 0; i < counterThenValue.length; i += 2) {
            m.put((RouteCounter) counterThenValue[i], ((Number) counterThenValue[i + 1]).longValue());
        }
        return m;
    }

    private static final Case[] CASES = {
        new Case("connection accepted: also active", RouteMetrics::countConnectionAccepted,
                moved(CONNECTIONS_ACCEPTED, 1, CONNECTIONS_ACTIVE, 1)),
        new Case("accepted twice, one closed", m -> {
            m.countConnectionAccepted();
            m.countConnectionAccepted();
            m.countConnectionClosed();
        }, moved(CONNECTIONS_ACCEPTED, 2, CONNECTIONS_ACTIVE, 1)),
        new Case("connection rejected by a limit: never active", RouteMetrics::countConnectionRejected,
                moved(CONNECTIONS_REJECTED, 1)),
        new Case("request", RouteMetrics::countRequest, moved(REQUESTS, 1)),
        new Case("allowed", RouteMetrics::countAllowed, moved(ALLOWED, 1)),
        new Case("allowed with an alert: both", RouteMetrics::countAllowedWithAlert, moved(ALLOWED, 1, ALERTED, 1)),
        new Case("blocked, exception answer", RouteMetrics::countBlockedWithException,
                moved(BLOCKED, 1, BLOCKED_WITH_EXCEPTION, 1)),
        new Case("blocked, dropped", RouteMetrics::countBlockedWithDrop, moved(BLOCKED, 1, BLOCKED_WITH_DROP, 1)),
        new Case("blocked, reset", RouteMetrics::countBlockedWithReset, moved(BLOCKED, 1, BLOCKED_WITH_RESET, 1)),
        new Case("malformed", RouteMetrics::countMalformed, moved(MALFORMED, 1)),
        new Case("one anomaly", RouteMetrics::countAnomaly, moved(ANOMALIES, 1)),
        new Case("three anomalies at once", m -> m.countAnomalies(3), moved(ANOMALIES, 3)),
        new Case("zero and negative anomaly counts ignored", m -> {
            m.countAnomalies(0);
            m.countAnomalies(-4);
        }, moved()),
        new Case("response", RouteMetrics::countResponse, moved(RESPONSES, 1)),
        new Case("upstream connect failure", RouteMetrics::countUpstreamConnectFailure, moved(UPSTREAM_CONNECT_FAILURES, 1)),
        new Case("0x0B answer", RouteMetrics::countUpstreamUnavailableAnswer, moved(UPSTREAM_UNAVAILABLE_ANSWERS, 1)),
        new Case("fail-open forward", RouteMetrics::countFailOpenForward, moved(FAIL_OPEN_FORWARDS, 1)),
        new Case("fail-closed drop", RouteMetrics::countFailClosedDrop, moved(FAIL_CLOSED_DROPS, 1)),
        new Case("queue overflow", RouteMetrics::countQueueOverflow, moved(QUEUE_OVERFLOWS, 1)),
        new Case("client bytes; a read's -1 at end of stream ignored", m -> {
            m.countBytesFromClient(12);
            m.countBytesFromClient(260);
            m.countBytesFromClient(-1);
        }, moved(BYTES_FROM_CLIENTS, 272)),
        new Case("upstream bytes; 0 ignored", m -> {
            m.countBytesFromUpstream(11);
            m.countBytesFromUpstream(0);
        }, moved(BYTES_FROM_UPSTREAM, 11)),
        new Case("latencies touch no counter", m -> {
            m.recordDecisionNanos(1_000);
            m.recordAddedNanos(2_000);
            m.recordAnswerAddedNanos(3_000);
        }, moved()),
    };

    /** The named getter of each counter, to check it reads its own slot. */
    private static final Map<RouteCounter, ToLongFunction<RouteMetrics>> GETTERS = new EnumMap<>(Map.ofEntries(
            Map.entry(CONNECTIONS_ACCEPTED, RouteMetrics::connectionsAccepted),
            Map.entry(CONNECTIONS_ACTIVE, RouteMetrics::connectionsActive),
            Map.entry(CONNECTIONS_REJECTED, RouteMetrics::connectionsRejected),
            Map.entry(REQUESTS, RouteMetrics::requests),
            Map.entry(ALLOWED, RouteMetrics::allowed),
            Map.entry(ALERTED, RouteMetrics::alerted),
            Map.entry(BLOCKED, RouteMetrics::blocked),
            Map.entry(BLOCKED_WITH_EXCEPTION, RouteMetrics::blockedWithException),
            Map.entry(BLOCKED_WITH_DROP, RouteMetrics::blockedWithDrop),
            Map.entry(BLOCKED_WITH_RESET, RouteMetrics::blockedWithReset),
            Map.entry(MALFORMED, RouteMetrics::malformed),
            Map.entry(ANOMALIES, RouteMetrics::anomalies),
            Map.entry(RESPONSES, RouteMetrics::responses),
            Map.entry(UPSTREAM_CONNECT_FAILURES, RouteMetrics::upstreamConnectFailures),
            Map.entry(UPSTREAM_UNAVAILABLE_ANSWERS, RouteMetrics::upstreamUnavailableAnswers),
            Map.entry(FAIL_OPEN_FORWARDS, RouteMetrics::failOpenForwards),
            Map.entry(FAIL_CLOSED_DROPS, RouteMetrics::failClosedDrops),
            Map.entry(QUEUE_OVERFLOWS, RouteMetrics::queueOverflows),
            Map.entry(BYTES_FROM_CLIENTS, RouteMetrics::bytesFromClients),
            Map.entry(BYTES_FROM_UPSTREAM, RouteMetrics::bytesFromUpstream)));

    @Test
    void everyCounterHasANamedGetter() {
        assertThat(GETTERS.keySet()).containsExactlyInAnyOrder(RouteCounter.values());
    }

    @Test
    void eachEventMovesExactlyItsCounters() {
        for (Case c : CASES) {
            RouteMetrics m = new RouteMetrics("plc-1", "0.0.0.0:502", "10.0.0.5:502");
            c.apply().accept(m);
            for (RouteCounter counter : RouteCounter.values()) {
                long expected = c.expected().getOrDefault(counter, 0L);
                assertThat(m.get(counter)).as("%s: %s", c.event(), counter).isEqualTo(expected);
                assertThat(GETTERS.get(counter).applyAsLong(m)).as("%s: getter of %s", c.event(), counter)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void latenciesGoToTheirOwnHistogram() {
        RouteMetrics m = new RouteMetrics("plc-1", "0.0.0.0:502", "10.0.0.5:502");
        m.recordDecisionNanos(1_000);
        m.recordAddedNanos(2_000);
        m.recordAddedNanos(2_000);
        m.recordAnswerAddedNanos(3_000);
        m.recordAnswerAddedNanos(3_000);
        m.recordAnswerAddedNanos(3_000);
        assertThat(m.decision().count()).isEqualTo(1);
        assertThat(m.decision().sumNanos()).isEqualTo(1_000);
        assertThat(m.added().count()).isEqualTo(2);
        assertThat(m.added().sumNanos()).isEqualTo(4_000);
        assertThat(m.answerAdded().count()).isEqualTo(3);
        assertThat(m.answerAdded().sumNanos()).isEqualTo(9_000);
    }

    @Test
    void countsAccumulate() {
        RouteMetrics m = new RouteMetrics("plc-1", "0.0.0.0:502", "10.0.0.5:502");
        for (int i = 0; i < 1000; i++) {
            m.countRequest();
            m.countBytesFromClient(12);
        }
        assertThat(m.requests()).isEqualTo(1000);
        assertThat(m.bytesFromClients()).isEqualTo(12_000);
        assertThat(m.route()).isEqualTo("plc-1");
        assertThat(m.listen()).isEqualTo("0.0.0.0:502");
        assertThat(m.upstream()).isEqualTo("10.0.0.5:502");
    }

    @Test
    void familiesAreAdjacentAndNamedForTheirType() {
        RouteCounter[] all = RouteCounter.values();
        for (int i = 0; i < all.length; i++) {
            RouteCounter c = all[i];
            assertThat(c.family()).startsWith("statewall_inline_");
            assertThat(c.family().endsWith("_total")).as(c + " is a counter iff named _total")
                    .isEqualTo(c.kind() == RouteCounter.Kind.COUNTER);
            for (int j = i + 2; j < all.length; j++) {
                if (all[j].family().equals(c.family())) {
                    assertThat(all[j - 1].family()).as("%s and %s share a family: adjacent", c, all[j]).isEqualTo(c.family());
                }
            }
        }
    }
}
