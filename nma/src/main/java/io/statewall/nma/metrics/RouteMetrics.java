package io.statewall.nma.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * What one route (a listen address carried to one controller) has done since start: the values
 * of {@link RouteCounter} and three latency histograms.
 *
 * <p>The event-loop thread is the only writer; {@code count…} and {@code record…} allocate
 * nothing and cost a load and an opaque store each. Other threads (Prometheus, the EVE
 * {@code stats} record) read with opaque loads: never torn, possibly a moment old, and not
 * mutually consistent (requests may already count a request that allowed does not yet).
 */
public final class RouteMetrics {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private static final int ACCEPTED = RouteCounter.CONNECTIONS_ACCEPTED.ordinal();
    private static final int ACTIVE = RouteCounter.CONNECTIONS_ACTIVE.ordinal();
    private static final int REJECTED = RouteCounter.CONNECTIONS_REJECTED.ordinal();
    private static final int REQUESTS = RouteCounter.REQUESTS.ordinal();
    private static final int ALLOWED = RouteCounter.ALLOWED.ordinal();
    private static final int ALERTED = RouteCounter.ALERTED.ordinal();
    private static final int BLOCKED = RouteCounter.BLOCKED.ordinal();
    private static final int BLOCKED_EXCEPTION = RouteCounter.BLOCKED_WITH_EXCEPTION.ordinal();
    private static final int BLOCKED_DROP = RouteCounter.BLOCKED_WITH_DROP.ordinal();
    private static final int BLOCKED_RESET = RouteCounter.BLOCKED_WITH_RESET.ordinal();
    private static final int MALFORMED = RouteCounter.MALFORMED.ordinal();
    private static final int ANOMALIES = RouteCounter.ANOMALIES.ordinal();
    private static final int RESPONSES = RouteCounter.RESPONSES.ordinal();
    private static final int CONNECT_FAILURES = RouteCounter.UPSTREAM_CONNECT_FAILURES.ordinal();
    private static final int UNAVAILABLE = RouteCounter.UPSTREAM_UNAVAILABLE_ANSWERS.ordinal();
    private static final int FAIL_OPEN = RouteCounter.FAIL_OPEN_FORWARDS.ordinal();
    private static final int FAIL_CLOSED = RouteCounter.FAIL_CLOSED_DROPS.ordinal();
    private static final int QUEUE_OVERFLOWS = RouteCounter.QUEUE_OVERFLOWS.ordinal();
    private static final int CLIENT_BYTES = RouteCounter.BYTES_FROM_CLIENTS.ordinal();
    private static final int UPSTREAM_BYTES = RouteCounter.BYTES_FROM_UPSTREAM.ordinal();

    private final String route;
    private final String listen;
    private final String upstream;
    private final long[] slots = new long[RouteCounter.values().length];
    private final LatencyHistogram decision = new LatencyHistogram();
    private final LatencyHistogram added = new LatencyHistogram();
    private final LatencyHistogram answerAdded = new LatencyHistogram();

    /**
     * @param route    the route's name, the {@code route} label of every sample
     * @param listen   where clients connect, as the operator wrote it (e.g. {@code 0.0.0.0:502})
     * @param upstream the controller it forwards to
     */
    public RouteMetrics(String route, String listen, String upstream) {
        this.route = Objects.requireNonNull(route, "route");
        this.listen = Objects.requireNonNull(listen, "listen");
        this.upstream = Objects.requireNonNull(upstream, "upstream");
    }

    public String route() {
        return route;
    }

    public String listen() {
        return listen;
    }

    public String upstream() {
        return upstream;
    }

    // ---------------------------------------------------------------------------------------
    // Writer (the event loop)
    // ---------------------------------------------------------------------------------------

    private void add(int slot, long n) {
        SLOT.setOpaque(slots, slot, slots[slot] + n);
    }

    /** A client connection accepted: also one more active. */
    public void countConnectionAccepted() {
        add(ACCEPTED, 1);
        add(ACTIVE, 1);
    }

    /** An accepted client connection ended (one call per {@link #countConnectionAccepted()}). */
    public void countConnectionClosed() {
        add(ACTIVE, -1);
    }

    /** A client connection refused by a connection limit (never counted as accepted). */
    public void countConnectionRejected() {
        add(REJECTED, 1);
    }

    /** A complete request read from a client, whatever becomes of it. */
    public void countRequest() {
        add(REQUESTS, 1);
    }

    /** A judged request forwarded without an alert. */
    public void countAllowed() {
        add(ALLOWED, 1);
    }

    /** A judged request forwarded with an alert: counts as allowed and as alerted. */
    public void countAllowedWithAlert() {
        add(ALLOWED, 1);
        add(ALERTED, 1);
    }

    /** A blocked request answered with a Modbus exception. */
    public void countBlockedWithException() {
        add(BLOCKED, 1);
        add(BLOCKED_EXCEPTION, 1);
    }

    /** A blocked request silently dropped. */
    public void countBlockedWithDrop() {
        add(BLOCKED, 1);
        add(BLOCKED_DROP, 1);
    }

    /** A blocked request answered by resetting the client's connection. */
    public void countBlockedWithReset() {
        add(BLOCKED, 1);
        add(BLOCKED_RESET, 1);
    }

    /** Client bytes that were not a valid Modbus frame. */
    public void countMalformed() {
        add(MALFORMED, 1);
    }

    public void countAnomaly() {
        add(ANOMALIES, 1);
    }

    /** {@code n} anomalies at once; ignored unless positive. */
    public void countAnomalies(long n) {
        if (n > 0) {
            add(ANOMALIES, n);
        }
    }

    /** A controller answer carried to its client. */
    public void countResponse() {
        add(RESPONSES, 1);
    }

    public void countUpstreamConnectFailure() {
        add(CONNECT_FAILURES, 1);
    }

    /** A request answered with exception 0x0B because the controller could not be reached. */
    public void countUpstreamUnavailableAnswer() {
        add(UNAVAILABLE, 1);
    }

    public void countFailOpenForward() {
        add(FAIL_OPEN, 1);
    }

    public void countFailClosedDrop() {
        add(FAIL_CLOSED, 1);
    }

    public void countQueueOverflow() {
        add(QUEUE_OVERFLOWS, 1);
    }

    /** Bytes read from a client; ignored unless positive (a read's -1 at end of stream). */
    public void countBytesFromClient(long n) {
        if (n > 0) {
            add(CLIENT_BYTES, n);
        }
    }

    /** Bytes read from the controller; ignored unless positive. */
    public void countBytesFromUpstream(long n) {
        if (n > 0) {
            add(UPSTREAM_BYTES, n);
        }
    }

    /** Parse and judge time of one request. */
    public void recordDecisionNanos(long nanos) {
        decision.record(nanos);
    }

    /** What the NMA added to one request: its last byte read to its forward written. */
    public void recordAddedNanos(long nanos) {
        added.record(nanos);
    }

    /** What the NMA added to one answer: its last byte read from the controller to the client's copy written. */
    public void recordAnswerAddedNanos(long nanos) {
        answerAdded.record(nanos);
    }

    // ---------------------------------------------------------------------------------------
    // Readers (any thread)
    // ---------------------------------------------------------------------------------------

    public long get(RouteCounter counter) {
        return (long) SLOT.getOpaque(slots, counter.ordinal());
    }

    private long get(int slot) {
        return (long) SLOT.getOpaque(slots, slot);
    }

    public long connectionsAccepted() {
        return get(ACCEPTED);
    }

    public long connectionsActive() {
        return get(ACTIVE);
    }

    public long connectionsRejected() {
        return get(REJECTED);
    }

    public long requests() {
        return get(REQUESTS);
    }

    public long allowed() {
        return get(ALLOWED);
    }

    public long alerted() {
        return get(ALERTED);
    }

    public long blocked() {
        return get(BLOCKED);
    }

    public long blockedWithException() {
        return get(BLOCKED_EXCEPTION);
    }

    public long blockedWithDrop() {
        return get(BLOCKED_DROP);
    }

    public long blockedWithReset() {
        return get(BLOCKED_RESET);
    }

    public long malformed() {
        return get(MALFORMED);
    }

    public long anomalies() {
        return get(ANOMALIES);
    }

    public long responses() {
        return get(RESPONSES);
    }

    public long upstreamConnectFailures() {
        return get(CONNECT_FAILURES);
    }

    public long upstreamUnavailableAnswers() {
        return get(UNAVAILABLE);
    }

    public long failOpenForwards() {
        return get(FAIL_OPEN);
    }

    public long failClosedDrops() {
        return get(FAIL_CLOSED);
    }

    public long queueOverflows() {
        return get(QUEUE_OVERFLOWS);
    }

    public long bytesFromClients() {
        return get(CLIENT_BYTES);
    }

    public long bytesFromUpstream() {
        return get(UPSTREAM_BYTES);
    }

    public LatencyHistogram decision() {
        return decision;
    }

    public LatencyHistogram added() {
        return added;
    }

    public LatencyHistogram answerAdded() {
        return answerAdded;
    }
}
