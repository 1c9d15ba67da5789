package io.statewall.link;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The ASMA's side of the link.
 *
 * @param listen           where NMAs connect (one port: enrolment and the link)
 * @param dataDir          the ASMA's data directory: the link's CA, server certificate, tokens
 *                         (default {@code ./statewall-data})
 * @param serverNames      host names and addresses NMAs may use for the ASMA: subject alternative
 *                         names of its server certificate
 * @param maxConnections   connections at once; more are closed at once
 * @param handshakeTimeout the TLS handshake and the first frame must come within this
 * @param log              one line per noteworthy event (refusals, protocol errors, enrolments)
 */
public record LinkServerConfig(InetSocketAddress listen, Path dataDir, List<String> serverNames, int maxConnections,
                               Duration handshakeTimeout, LinkLimits limits, Consumer<String> log) {
    public static final Path DEFAULT_DATA_DIR = Path.of("statewall-data");
    public static final int DEFAULT_PORT = 7443;

    public LinkServerConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(dataDir, "dataDir");
        serverNames = List.copyOf(serverNames);
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(log, "log");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections " + maxConnections + ": at least 1");
        }
    }

    /** Defaults: the local names, 4096 connections, 10 s to shake hands, log to stderr. */
    public static LinkServerConfig of(InetSocketAddress listen, Path dataDir) {
        return new LinkServerConfig(listen, dataDir, defaultServerNames(listen), 4096, Duration.ofSeconds(10),
                LinkLimits.DEFAULT, line -> System.err.println("statewall asma link: " + line));
    }

    /** localhost, the loopback addresses, this host's name, and the listen address if it is a specific one. */
    public static List<String> defaultServerNames(InetSocketAddress listen) {
        LinkedHashSet<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException ignored) {
            // no name for this host: the others will do
        }
        if (listen.getAddress() != null && !listen.getAddress().isAnyLocalAddress()) {
            names.add(listen.getAddress().getHostAddress());
        }
        return new ArrayList<>(names);
    }

    public LinkServerConfig withServerNames(List<String> names) {
        return new LinkServerConfig(listen, dataDir, names, maxConnections, handshakeTimeout, limits, log);
    }

    public LinkServerConfig withLog(Consumer<String> sink) {
        return new LinkServerConfig(listen, dataDir, serverNames, maxConnections, handshakeTimeout, limits, sink);
    }

    public LinkServerConfig withLimits(LinkLimits l) {
        return new LinkServerConfig(listen, dataDir, serverNames, maxConnections, handshakeTimeout, l, log);
    }

    public LinkServerConfig withHandshakeTimeout(Duration d) {
        return new LinkServerConfig(listen, dataDir, serverNames, maxConnections, d, limits, log);
    }
}
