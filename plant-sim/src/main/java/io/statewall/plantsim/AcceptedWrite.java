package io.statewall.plantsim;

/**
 * A write a controller accepted into its memory (from the network, or a direct command): the
 * controllers' own record of what reached them, which proves what an NMA in front of them let
 * through and what it stopped.
 *
 * @param area       {@link Area#COILS} or {@link Area#HOLDING_REGISTERS}
 * @param value      the register's value, or 0/1 for a coil
 * @param wallMillis when it was accepted, epoch milliseconds
 */
public record AcceptedWrite(Controller controller, Area area, int address, int value, long wallMillis) {
}
