package io.statewall.nma.inline;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and failure behaviour of the inline proxy.
 *
 * @param blockAction        how a blocked request is answered
 * @param blockExceptionCode the exception code of {@link BlockAction#EXCEPTION} (MB-AP §7; 1–255)
 * @param malformed          what happens to requests that are not valid Modbus
 * @param maxConnections     client connections carried at once, all routes together
 * @param maxConnectionsPerClient client connections from one IP address at once
 * @param maxQueuedBytes     per connection and direction, bytes waiting to be written; a full
 *                           queue stops reading from the other side (TCP back-pressure) until it
 *                           drains, so a slow controller slows its clients instead of growing memory
 * @param retryInitial       the first wait before connecting again to an unreachable controller
 * @param retryMax           the longest wait (the wait doubles up to this)
 */
public record InlineOptions(BlockAction blockAction, int blockExceptionCode, MalformedAction malformed,
                            int maxConnections, int maxConnectionsPerClient, int maxQueuedBytes,
                            Duration retryInitial, Duration retryMax) {
    /** MB-AP §7: exception 01, illegal function. */
    public static final int ILLEGAL_FUNCTION = 0x01;

    public static final InlineOptions DEFAULT = new InlineOptions(BlockAction.EXCEPTION, ILLEGAL_FUNCTION,
            MalformedAction.DROP, 1024, 64, 64 * 1024, Duration.ofMillis(100), Duration.ofSeconds(5));

    public InlineOptions {
        Objects.requireNonNull(blockAction, "blockAction");
        Objects.requireNonNull(malformed, "malformed");
        Objects.requireNonNull(retryInitial, "retryInitial");
        Objects.requireNonNull(retryMax, "retryMax");
        if (blockExceptionCode < 1 || blockExceptionCode > 255) {
            throw new IllegalArgumentException("exception code " + blockExceptionCode + ": 1 to 255");
        }
        if (maxConnections < 1 || maxConnectionsPerClient < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        if (maxQueuedBytes < 4 * 1024) {
            throw new IllegalArgumentException("maxQueuedBytes " + maxQueuedBytes + ": at least 4096");
        }
        if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("retry waits: 0 < initial <= max");
        }
    }

    public InlineOptions withBlockAction(BlockAction action, int exceptionCode) {
        return new InlineOptions(action, exceptionCode, malformed, maxConnections, maxConnectionsPerClient,
                maxQueuedBytes, retryInitial, retryMax);
    }

    public InlineOptions withLimits(int total, int perClient) {
        return new InlineOptions(blockAction, blockExceptionCode, malformed, total, perClient, maxQueuedBytes,
                retryInitial, retryMax);
    }

    public InlineOptions withMalformed(MalformedAction action) {
        return new InlineOptions(blockAction, blockExceptionCode, action, maxConnections, maxConnectionsPerClient,
                maxQueuedBytes, retryInitial, retryMax);
    }
}
