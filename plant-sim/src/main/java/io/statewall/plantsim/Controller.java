package io.statewall.plantsim;

/** The unit's three controllers, each its own Modbus/TCP server; names as the policy's assets. */
public enum Controller {
    BOILER("boiler-plc"),
    TURBINE("turbine-plc"),
    SAFETY("safety-plc");

    private final String asset;

    Controller(String asset) {
        this.asset = asset;
    }

    /** The asset name in {@code examples/thermal-power-unit.yaml}. */
    public String asset() {
        return asset;
    }
}
