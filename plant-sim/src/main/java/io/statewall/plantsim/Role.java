package io.statewall.plantsim;

/** Who issues a scenario's command, and so from which station (and source address) it leaves. */
public enum Role {
    /** The control-room operator at an HMI desk: setpoints and commands in every running state. */
    OPERATOR,
    /** The engineering workstation: tuning, protection tests and resets, in maintenance. */
    ENGINEER
}
