package io.statewall.link;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The NMA's side of the link.
 *
 * @param asma              where the ASMA's link listens (resolved again at every connection)
 * @param dataDir           the NMA's data directory: credentials and {@code spool/}
 * @param enrolToken        the one-time token ({@code NAME.SECRET.CAFPR}) used when the data
 *                          directory holds no certificate yet; null when enrolled
 * @param heartbeat         how often the NMA reports its status; each side takes the other for
 *                          dead after three heartbeats of silence
 * @param spoolMaxBytes     the most the on-disk spool holds (default 256 MiB)
 * @param memoryQueueBytes  the in-memory queue in front of the spool (default 4 MiB)
 * @param reconnectInitial  the first wait before connecting again (doubling …)
 * @param reconnectMax      … up to this
 * @param connectTimeout    TCP connection and TLS handshake
 * @param renewBefore       renew the certificate over the link when it has less than this left;
 *                          null: the default, 30 days or a third of its lifetime if that is less
 * @param log               one line per noteworthy event (connections, refusals, drops)
 */
public record LinkClientConfig(InetSocketAddress asma, Path dataDir, String enrolToken, Duration heartbeat,
                               long spoolMaxBytes, int memoryQueueBytes, Duration reconnectInitial,
                               Duration reconnectMax, Duration connectTimeout, Duration renewBefore,
                               LinkLimits limits, Consumer<String> log) {
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);
    public static final long DEFAULT_SPOOL_MAX = 256L << 20;
    public static final long MIN_SPOOL_MAX = 16 * 1024;
    public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofDays(30);

    public LinkClientConfig {
        Objects.requireNonNull(asma, "asma");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(log, "log");
        if (heartbeat.toMillis() < 100 || heartbeat.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("heartbeat " + heartbeat + ": 100 ms to 5 min");
        }
        if (spoolMaxBytes < MIN_SPOOL_MAX) {
            throw new IllegalArgumentException("spool max " + spoolMaxBytes + " bytes: at least " + MIN_SPOOL_MAX);
        }
        if (memoryQueueBytes < limits.maxRecordBytes() + 64) {
            throw new IllegalArgumentException("the memory queue must hold the largest record");
        }
        if (reconnectInitial.isNegative() || reconnectInitial.isZero() || reconnectMax.compareTo(reconnectInitial) < 0) {
            throw new IllegalArgumentException("reconnect waits: 0 < initial <= max");
        }
        if (renewBefore != null && renewBefore.isNegative()) {
            throw new IllegalArgumentException("renew before " + renewBefore + ": not negative");
        }
    }

    /**
     * Whether {@code cert} should be renewed at {@code now}: it has less than {@link #renewBefore}
     * left, by default 30 days, or a third of its lifetime for one that lasts less than 90 days
     * (so a short-lived certificate is not renewed from the day it is issued).
     */
    public boolean renewalDue(X509Certificate cert, Instant now) {
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        Duration threshold = renewBefore != null ? renewBefore
                : Collections.min(List.of(DEFAULT_RENEW_BEFORE, Duration.between(notBefore, notAfter).dividedBy(3)));
        return Duration.between(now, notAfter).compareTo(threshold) < 0;
    }

    /** Defaults: heartbeat 5 s, spool 256 MiB, queue 4 MiB, reconnect 100 ms doubling to 5 s, log to stderr. */
    public static LinkClientConfig of(InetSocketAddress asma, Path dataDir) {
        return new LinkClientConfig(asma, dataDir, null, DEFAULT_HEARTBEAT, DEFAULT_SPOOL_MAX, 4 << 20,
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(10), null, LinkLimits.DEFAULT,
                line -> System.err.println("statewall link: " + line));
    }

    public LinkClientConfig withEnrolToken(String token) {
        return new LinkClientConfig(asma, dataDir, token, heartbeat, spoolMaxBytes, memoryQueueBytes, reconnectInitial,
                reconnectMax, connectTimeout, renewBefore, limits, log);
    }

    public LinkClientConfig withHeartbeat(Duration every) {
        return new LinkClientConfig(asma, dataDir, enrolToken, every, spoolMaxBytes, memoryQueueBytes, reconnectInitial,
                reconnectMax, connectTimeout, renewBefore, limits, log);
    }

    public LinkClientConfig withSpool(long maxBytes, int queueBytes) {
        return new LinkClientConfig(asma, dataDir, enrolToken, heartbeat, maxBytes, queueBytes, reconnectInitial,
                reconnectMax, connectTimeout, renewBefore, limits, log);
    }

    public LinkClientConfig withReconnect(Duration initial, Duration max) {
        return new LinkClientConfig(asma, dataDir, enrolToken, heartbeat, spoolMaxBytes, memoryQueueBytes, initial, max,
                connectTimeout, renewBefore, limits, log);
    }

    public LinkClientConfig withLog(Consumer<String> sink) {
        return new LinkClientConfig(asma, dataDir, enrolToken, heartbeat, spoolMaxBytes, memoryQueueBytes, reconnectInitial,
                reconnectMax, connectTimeout, renewBefore, limits, sink);
    }

    public LinkClientConfig withLimits(LinkLimits l) {
        return new LinkClientConfig(asma, dataDir, enrolToken, heartbeat, spoolMaxBytes, memoryQueueBytes, reconnectInitial,
                reconnectMax, connectTimeout, renewBefore, l, log);
    }

    /** Renews the certificate when it has less than {@code before} left (null: the default rule). */
    public LinkClientConfig withRenewBefore(Duration before) {
        return new LinkClientConfig(asma, dataDir, enrolToken, heartbeat, spoolMaxBytes, memoryQueueBytes, reconnectInitial,
                reconnectMax, connectTimeout, before, limits, log);
    }
}
