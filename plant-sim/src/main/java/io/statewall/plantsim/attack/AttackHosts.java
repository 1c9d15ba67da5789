package io.statewall.plantsim.attack;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Where the attackers' traffic leaves from. The operator desk and the engineering workstation are
 * the crew's own stations (malware on them shares their addresses); the unknown host is one the
 * policy does not list. On Linux any 127.x.y.z is a local address, so a demo on loopback can give
 * every host its own.
 *
 * @param unknownHost        a laptop plugged into the operator LAN
 * @param operatorDesk       the operator's desk, as the crew's {@code Stations} use it
 * @param engineeringStation the engineering workstation
 */
public record AttackHosts(InetAddress unknownHost, InetAddress operatorDesk, InetAddress engineeringStation) {
    public AttackHosts {
        Objects.requireNonNull(unknownHost, "unknownHost");
        Objects.requireNonNull(operatorDesk, "operatorDesk");
        Objects.requireNonNull(engineeringStation, "engineeringStation");
    }

    /** The address {@code attacker} sends from; null for a compromised controller, which sends nothing. */
    public InetAddress address(Attacker attacker) {
        return switch (attacker) {
            case UNKNOWN_HOST -> unknownHost;
            case OPERATOR_DESK -> operatorDesk;
            case ENGINEERING_STATION -> engineeringStation;
            case CONTROLLER -> null;
        };
    }
}
