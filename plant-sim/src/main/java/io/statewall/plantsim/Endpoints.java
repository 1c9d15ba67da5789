package io.statewall.plantsim;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where each controller is reached: the controllers themselves ({@link PlantSim#endpoints()}), or
 * whatever stands in front of them (an inline NMA's listen ports).
 */
public record Endpoints(InetSocketAddress boiler, InetSocketAddress turbine, InetSocketAddress safety) {
    public Endpoints {
        Objects.requireNonNull(boiler, "boiler");
        Objects.requireNonNull(turbine, "turbine");
        Objects.requireNonNull(safety, "safety");
    }

    public InetSocketAddress get(Controller c) {
        return switch (c) {
            case BOILER -> boiler;
            case TURBINE -> turbine;
            case SAFETY -> safety;
        };
    }
}
