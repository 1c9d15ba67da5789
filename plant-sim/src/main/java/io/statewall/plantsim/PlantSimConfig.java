package io.statewall.plantsim;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the simulated unit.
 *
 * @param seed          seeds the plant's noise and disturbances: one seed, one run
 * @param timeScale     plant seconds per wall second once started (10: the built-in scenarios take
 *                      about two minutes and meet the example policy's dwell times); 0 runs no
 *                      clock: plant time advances only through {@link PlantSim#advance}
 * @param parameters    the plant's constants
 * @param bindAddress   where a controller without an entry in {@code bindAddresses} listens
 * @param ports         each controller's port; 0 (or absent): a free one
 * @param bindAddresses where each controller listens, when not at {@code bindAddress}: a policy
 *                      tells its controllers apart by their addresses, so a demo puts each on
 *                      its asset's address (on Linux any 127.x.y.z is local)
 */
public record PlantSimConfig(long seed, double timeScale, PlantParameters parameters, InetAddress bindAddress,
                             Map<Controller, Integer> ports, Map<Controller, InetAddress> bindAddresses) {
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
        Map<Controller, InetAddress> binds = new EnumMap<>(Controller.class);
        if (bindAddresses != null) {
            bindAddresses.forEach((c, a) -> binds.put(c, Objects.requireNonNull(a, c.asset() + " bind address")));
        }
        bindAddresses = Map.copyOf(binds);
    }

    /** Every controller at {@code bindAddress}. */
    public PlantSimConfig(long seed, double timeScale, PlantParameters parameters, InetAddress bindAddress,
                          Map<Controller, Integer> ports) {
        this(seed, timeScale, parameters, bindAddress, ports, Map.of());
    }

    /** Seed 1, time scale 10, default plant, loopback, free ports. */
    public static PlantSimConfig defaults() {
        return new PlantSimConfig(1, 10, PlantParameters.defaults(), InetAddress.getLoopbackAddress(), Map.of());
    }

    public PlantSimConfig withSeed(long s) {
        return new PlantSimConfig(s, timeScale, parameters, bindAddress, ports, bindAddresses);
    }

    public PlantSimConfig withTimeScale(double t) {
        return new PlantSimConfig(seed, t, parameters, bindAddress, ports, bindAddresses);
    }

    public PlantSimConfig withBindAddress(InetAddress a) {
        return new PlantSimConfig(seed, timeScale, parameters, a, ports, bindAddresses);
    }

    public PlantSimConfig withPorts(Map<Controller, Integer> p) {
        return new PlantSimConfig(seed, timeScale, parameters, bindAddress, p, bindAddresses);
    }

    /** Each listed controller listens on its own address; the others on {@link #bindAddress()}. */
    public PlantSimConfig withBindAddresses(Map<Controller, InetAddress> a) {
        return new PlantSimConfig(seed, timeScale, parameters, bindAddress, ports, a);
    }

    public int port(Controller c) {
        return ports.getOrDefault(c, 0);
    }

    /** Where {@code c} listens. */
    public InetAddress bindAddress(Controller c) {
        return bindAddresses.getOrDefault(c, bindAddress);
    }
}
