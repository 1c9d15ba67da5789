package io.statewall.plantsim;

/** The boiler PLC: drum pressure, steam, fuel, and the boiler master's setpoints (see {@link Points}). */
final class BoilerPlc implements Plc {
    private final RegisterMap map = new RegisterMap(Points.BOILER_SIZES);

    @Override
    public RegisterMap registers() {
        return map;
    }

    @Override
    public void takeWrites(Plant plant) {
        int v = map.takeHolding(Points.BOILER_HR_PRESSURE_SETPOINT);
        if (v != RegisterMap.NONE) {
            plant.pressureSetpoint(v * 0.1);
        }
        v = map.takeHolding(Points.BOILER_HR_FUEL_SETPOINT);
        if (v != RegisterMap.NONE) {
            plant.fuelSetpoint(v * 0.1);
        }
        v = map.takeCoil(Points.BOILER_COIL_AUTO);
        if (v != RegisterMap.NONE) {
            plant.boilerAuto(v == 1);
        }
    }

    @Override
    public void publish(PlantSnapshot s) {
        map.publish(() -> {
            map.publishMeasured(Points.BOILER_HR_DRUM_PRESSURE, Plc.uint16(s.drumPressure(), 0.1));
            map.publishMeasured(Points.BOILER_HR_STEAM_FLOW, Plc.uint16(s.steamFlow(), 0.1));
            map.publishMeasured(Points.BOILER_HR_STEAM_TEMP, Plc.int16(s.steamTemp(), 0.1));
            map.publishInputFloat(Points.BOILER_IR_FUEL_FLOW, (float) s.fuelFlow());
            map.publishHolding(Points.BOILER_HR_PRESSURE_SETPOINT, Plc.uint16(s.pressureSetpoint(), 0.1));
            map.publishHolding(Points.BOILER_HR_FUEL_SETPOINT, Plc.uint16(s.fuelSetpoint(), 0.1));
            map.publishCoil(Points.BOILER_COIL_AUTO, s.boilerAuto());
        });
    }
}
