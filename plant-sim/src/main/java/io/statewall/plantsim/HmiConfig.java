package io.statewall.plantsim;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The HMI's scan cycles (one per controller, each polled on its own connection) and where its
 * requests leave from.
 *
 * @param localAddress source address of its connections; null: the system's choice
 * @param boiler       scan cycle of the boiler PLC
 * @param turbine      scan cycle of the turbine PLC
 * @param safety       scan cycle of the safety PLC
 * @param timeout      connect and answer timeout
 */
public record HmiConfig(InetAddress localAddress, Duration boiler, Duration turbine, Duration safety, Duration timeout) {
    public HmiConfig {
        for (Duration d : new Duration[] {boiler, turbine, safety}) {
            Objects.requireNonNull(d, "scan cycle");
            if (d.toMillis() < 100 || d.toMillis() > 500) {
                throw new IllegalArgumentException("an HMI scan cycle is 100..500 ms: " + d.toMillis() + " ms");
            }
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** Boiler every 500 ms, turbine every 200 ms, safety every 250 ms; 1 s timeout. */
    public static HmiConfig defaults() {
        return new HmiConfig(null, Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofMillis(250),
                Duration.ofSeconds(1));
    }

    public HmiConfig withLocalAddress(InetAddress local) {
        return new HmiConfig(local, boiler, turbine, safety, timeout);
    }

    public Duration cycle(Controller c) {
        return switch (c) {
            case BOILER -> boiler;
            case TURBINE -> turbine;
            case SAFETY -> safety;
        };
    }
}
