package io.statewall.plantsim;

/** The safety PLC: status word with the trip bit, trip limits, ESD and reset commands (see {@link Points}). */
final class SafetyPlc implements Plc {
    private final RegisterMap map = new RegisterMap(Points.SAFETY_SIZES);

    @Override
    public RegisterMap registers() {
        return map;
    }

    @Override
    public void takeWrites(Plant plant) {
        int v = map.takeHolding(Points.SAFETY_HR_OVERSPEED_LIMIT);
        if (v != RegisterMap.NONE) {
            plant.overspeedLimit(v);
        }
        v = map.takeHolding(Points.SAFETY_HR_PRESSURE_LIMIT);
        if (v != RegisterMap.NONE) {
            plant.pressureLimit(v * 0.1);
        }
        if (map.takeCoil(Points.SAFETY_COIL_RESET) == 1) {
            plant.resetTrip();
        }
        if (map.takeCoil(Points.SAFETY_COIL_TRIP) == 1) {
            plant.trip();
        }
    }

    @Override
    public void publish(PlantSnapshot s) {
        map.publish(() -> {
            map.publishMeasured(Points.SAFETY_HR_STATUS, s.safetyStatus());
            map.publishHolding(Points.SAFETY_HR_OVERSPEED_LIMIT, Plc.uint16(s.overspeedLimit(), 1));
            map.publishHolding(Points.SAFETY_HR_PRESSURE_LIMIT, Plc.uint16(s.pressureLimit(), 0.1));
            map.publishCoil(Points.SAFETY_COIL_TRIP, false);
            map.publishCoil(Points.SAFETY_COIL_RESET, false);
        });
    }
}
