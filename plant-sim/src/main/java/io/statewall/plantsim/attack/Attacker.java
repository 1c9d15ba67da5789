package io.statewall.plantsim.attack;

/** Where an attack comes from. */
public enum Attacker {
    /** A host the policy does not list: a laptop plugged into the operator LAN. */
    UNKNOWN_HOST(null),
    /** Malware on the operator desk: the crew's operator station, {@code hmi-2} in the example policy. */
    OPERATOR_DESK("hmi-2"),
    /** Malware on the engineering workstation, {@code eng-ws} in the example policy. */
    ENGINEERING_STATION("eng-ws"),
    /** The target controller itself, compromised: it lies in its answers and sends nothing of its own. */
    CONTROLLER(null);

    private final String asset;

    Attacker(String asset) {
        this.asset = asset;
    }

    /** The asset whose address it sends from in {@code examples/thermal-power-unit.yaml}; null if none. */
    public String asset() {
        return asset;
    }
}
