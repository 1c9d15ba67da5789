package io.statewall.nma.link;

import io.statewall.link.LinkClientConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The NMA's link to its ASMA, as the configuration gives it:
 * {@code asma: { address: HOST:PORT, token: T, data: DIR, heartbeat: 5s, spool_max: 256MiB }}
 * or {@code --asma HOST:PORT [--enrol-token T] [--data DIR]}.
 *
 * @param token   the one-time enrolment token; null once enrolled
 * @param dataDir credentials and spool (default {@code ./statewall-data})
 */
public record AsmaLinkSettings(InetSocketAddress address, String token, Path dataDir, Duration heartbeat,
                               long spoolMaxBytes) {
    public static final Path DEFAULT_DATA_DIR = Path.of("statewall-data");

    public AsmaLinkSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(heartbeat, "heartbeat");
    }

    public static AsmaLinkSettings of(InetSocketAddress address, String token, Path dataDir) {
        return new AsmaLinkSettings(address, token, dataDir == null ? DEFAULT_DATA_DIR : dataDir,
                LinkClientConfig.DEFAULT_HEARTBEAT, LinkClientConfig.DEFAULT_SPOOL_MAX);
    }

    /** The link client's configuration for these settings (other values: the link's defaults). */
    public LinkClientConfig clientConfig(java.util.function.Consumer<String> log) {
        return LinkClientConfig.of(address, dataDir).withEnrolToken(token).withHeartbeat(heartbeat)
                .withSpool(spoolMaxBytes, LinkClientConfig.of(address, dataDir).memoryQueueBytes()).withLog(log);
    }
}
