package io.statewall.engine.policy;

import java.util.Objects;

/**
 * A named endpoint of the plant: a host ({@code ip:}) or a network ({@code network:}), with the
 * TCP port it serves on ({@code port:}; 502 by default for a host, any port for a network).
 * The port applies only where the asset is the server ({@code to:}).
 */
public record Asset(String name, Network network, int port, SourceLocation location) {
    public static final int MODBUS_PORT = 502;

    public Asset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(location, "location");
        if (port < Endpoint.ANY_PORT || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0..65535 or ANY_PORT: " + port);
        }
    }

    public boolean isSingleAddress() {
        return network.isSingleAddress();
    }

    /** As a client: any source port. */
    public Endpoint asClient() {
        return new Endpoint(name, network, Endpoint.ANY_PORT);
    }

    /** As a server: its port. */
    public Endpoint asServer() {
        return new Endpoint(name, network, port);
    }
}
