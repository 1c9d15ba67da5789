package io.statewall.plantsim;

/** The turbine/generator PLC: speed, load, governor valve and references, breaker (see {@link Points}). */
final class TurbinePlc implements Plc {
    private final RegisterMap map = new RegisterMap(Points.TURBINE_SIZES);

    @Override
    public RegisterMap registers() {
        return map;
    }

    @Override
    public void takeWrites(Plant plant) {
        int v = map.takeHolding(Points.TURBINE_HR_SPEED_REFERENCE);
        if (v != RegisterMap.NONE) {
            plant.speedReference(v);
        }
        v = map.takeHolding(Points.TURBINE_HR_LOAD_SETPOINT);
        if (v != RegisterMap.NONE) {
            plant.loadSetpoint(v * 0.1);
        }
        v = map.takeCoil(Points.TURBINE_COIL_BREAKER);
        if (v == 1) {
            plant.closeBreaker();
        } else if (v == 0) {
            plant.openBreaker();
        }
        if (map.takeCoil(Points.TURBINE_COIL_EMERGENCY_STOP) == 1) {
            plant.trip();
        }
    }

    @Override
    public void publish(PlantSnapshot s) {
        map.publish(() -> {
            map.publishInputFloat(Points.TURBINE_IR_SPEED, (float) s.turbineSpeed());
            map.publishInputFloat(Points.TURBINE_IR_LOAD, (float) s.loadMw());
            map.publishMeasured(Points.TURBINE_HR_GOVERNOR_VALVE, Plc.uint16(s.governorValve(), 0.01));
            map.publishHolding(Points.TURBINE_HR_SPEED_REFERENCE, Plc.uint16(s.speedReference(), 1));
            map.publishHolding(Points.TURBINE_HR_LOAD_SETPOINT, Plc.uint16(s.loadSetpoint(), 0.1));
            map.publishCoil(Points.TURBINE_COIL_BREAKER, s.breakerClosed());
            map.publishCoil(Points.TURBINE_COIL_EMERGENCY_STOP, false);
        });
    }
}
