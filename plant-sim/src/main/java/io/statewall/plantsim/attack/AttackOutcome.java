package io.statewall.plantsim.attack;

import java.util.List;
import java.util.Map;

/**
 * What one run of an {@link AttackScenario} did: its requests, how they were answered, the
 * connections they used (an alert names its flow by these), and when it ran.
 *
 * @param scenarioId  the scenario's id
 * @param requests    requests sent (for a flood, all of them)
 * @param responses   answered with a normal response
 * @param exceptions  answered with an exception response: count by exception code
 * @param noAnswer    not answered within the tool's 1 s timeout
 * @param closed      connection closed, reset or refused instead of an answer
 * @param malformed   answered with bytes that were no answer to the request
 * @param connections local {@code ip:port} of every connection opened, in order
 * @param exchanges   the first {@value AttackSession#MAX_EXCHANGES} requests, in the order sent
 *                    (per connection; a flood's connections interleave)
 * @param wallStart   start, epoch milliseconds
 * @param wallEnd     end, epoch milliseconds
 * @param plantStart  start, plant seconds
 * @param plantEnd    end, plant seconds
 * @param detail      why it did less than it meant to (no connection, nothing to replay), or null
 */
public record AttackOutcome(String scenarioId, long requests, long responses, Map<Integer, Long> exceptions,
                            long noAnswer, long closed, long malformed, List<String> connections,
                            List<Exchange> exchanges, long wallStart, long wallEnd, double plantStart,
                            double plantEnd, String detail) {
    public AttackOutcome {
        exceptions = Map.copyOf(exceptions);
        connections = List.copyOf(connections);
        exchanges = List.copyOf(exchanges);
    }

    /** Requests answered with exception {@code code}. */
    public long exceptions(int code) {
        return exceptions.getOrDefault(code, 0L);
    }

    /** Requests answered with any exception. */
    public long exceptionTotal() {
        return exceptions.values().stream().mapToLong(Long::longValue).sum();
    }
}
