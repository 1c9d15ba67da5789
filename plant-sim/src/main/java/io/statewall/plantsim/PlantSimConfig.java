package io.statewall.plantsim;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the simulated unit.
 *
 * @param seed        seeds the plant's noise and disturbances: one seed, one run
 * @param timeScale   plant seconds per wall second once started (10: the built-in scenarios take
 *                    about two minutes and meet the example policy's dwell times); 0 runs no
 *                    clock: plant time advances only through {@link PlantSim#advance}
 * @param parameters  the plant's constants
 * @param bindAddress where the controllers listen
 * @param ports       each controller's port; 0 (or absent): a free one
 */
public record PlantSimConfig(long seed, double timeScale, PlantParameters parameters, InetAddress bindAddress,
                             Map<Controller, Integer> ports) {
    public PlantSimConfig {
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("time scale must be 0 (stepped by hand) or positive: " + timeScale);
        }
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Map<Controller, Integer> copy = new EnumMap<>(Controller.class);
        if (ports != null) {
            ports.forEach((c, p) -> {
                if (p == null || p < 0 || p > 0xFFFF) {
                    throw new IllegalArgumentException(c.asset() + " port must be 0..65535: " + p);
                }
                copy.put(c, p);
            });
        }
        ports = Map.copyOf(copy);
    }

    /** Seed 1, time scale 10, default plant, loopback, free ports. */
    public static PlantSimConfig defaults() {
        return new PlantSimConfig(1, 10, PlantParameters.defaults(), InetAddress.getLoopbackAddress(), Map.of());
    }

    public PlantSimConfig withSeed(long s) {
        return new PlantSimConfig(s, timeScale, parameters, bindAddress, ports);
    }

    public PlantSimConfig withTimeScale(double t) {
        return new PlantSimConfig(seed, t, parameters, bindAddress, ports);
    }

    public PlantSimConfig withBindAddress(InetAddress a) {
        return new PlantSimConfig(seed, timeScale, parameters, a, ports);
    }

    public PlantSimConfig withPorts(Map<Controller, Integer> p) {
        return new PlantSimConfig(seed, timeScale, parameters, bindAddress, p);
    }

    public int port(Controller c) {
        return ports.getOrDefault(c, 0);
    }
}
