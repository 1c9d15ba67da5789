package io.statewall.plantsim;

import java.io.IOException;

/**
 * Carries out scenario commands: writes over Modbus from the operator's and the engineer's
 * stations ({@link Stations}), or straight into the controllers' registers ({@link PlantSim#directCommands}).
 * Either way the command reaches the plant only through a controller's register map.
 */
public interface CommandSink extends AutoCloseable {

    /**
     * Carries out one command for {@code role}.
     *
     * @throws IOException when it did not happen: refused (a Modbus exception response), timed
     *                     out, or the controller (or whatever stands in front of it) was unreachable
     */
    void execute(Role role, Command command) throws IOException;

    @Override
    default void close() {
    }
}
