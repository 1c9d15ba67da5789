package io.statewall.plantsim;

/**
 * Drum boiler and its boiler master. Fuel releases heat; the drum stores it as pressure; the
 * turbine draws it off as steam; the superheater raises the steam above saturation, held at the
 * steam-temperature setpoint by attemperation.
 *
 * <pre>
 *   C·dp/dt = fuel·heat·quality − h·steam − loss·p
 *   T_sat   = 100·(p + 1)^0.25 °C            (saturation, a fit good to ±10 °C from 1 to 170 bar)
 *   T_steam → min(T_sat + g·Q/(steam + 10), T_set)   with the superheater lag
 * </pre>
 *
 * The boiler master is in MANUAL (fuel follows the operator's fuel-flow setpoint) or AUTO (fuel
 * follows the drum-pressure controller: the setpoint, rate-limited, tracked through the inverse of
 * the pressure equation with the measured steam flow as feed-forward, plus a slow integral for the
 * coal quality the controller cannot see). A trip shuts the fuel off at once.
 */
final class Boiler {
    private final PlantParameters k;

    private double fuelFlow;
    private double drumPressure;
    private double steamTemp;
    private double heatRelease;

    private boolean auto;
    private double fuelSetpoint;
    private double pressureSetpoint;
    private double pressureRef;
    private double integral;

    Boiler(PlantParameters k) {
        this.k = k;
        this.steamTemp = k.ambient();
    }

    double fuelFlow() {
        return fuelFlow;
    }

    double drumPressure() {
        return drumPressure;
    }

    double steamTemp() {
        return steamTemp;
    }

    boolean auto() {
        return auto;
    }

    double fuelSetpoint() {
        return fuelSetpoint;
    }

    double pressureSetpoint() {
        return pressureSetpoint;
    }

    void fuelSetpoint(double kgPerSecond) {
        fuelSetpoint = clamp(kgPerSecond, 0, k.maxFuelFlow());
    }

    void pressureSetpoint(double bar) {
        pressureSetpoint = Math.max(0, bar);
    }

    /** Switching to AUTO starts the pressure ramp from where the drum is (bumpless transfer). */
    void auto(boolean on, double measuredPressure) {
        if (on && !auto) {
            pressureRef = measuredPressure;
            integral = 0;
        }
        auto = on;
    }

    /** A trip drops the boiler master to MANUAL with no fuel, so the fuel stays off after a reset. */
    void onTrip() {
        auto = false;
        fuelSetpoint = 0;
        fuelFlow = 0;
        integral = 0;
    }

    /**
     * @param steamFlow        steam leaving the drum this step, kg/s
     * @param measuredPressure drum pressure as the boiler PLC reads it, bar
     * @param quality          coal heating value relative to design (drifts around 1)
     */
    void step(double dt, double steamFlow, double measuredPressure, boolean tripped, double quality) {
        double demand;
        if (tripped) {
            demand = 0;
        } else if (auto) {
            double before = pressureRef;
            pressureRef += clamp(pressureSetpoint - pressureRef, -k.pressureRampRate() * dt, k.pressureRampRate() * dt);
            double slope = (pressureRef - before) / dt;
            double error = pressureRef - measuredPressure;
            double wanted = k.pressureGain() * error + slope;
            double feedForward = (k.drumCapacity() * wanted + k.steamEnthalpyRise() * steamFlow
                    + k.drumHeatLoss() * measuredPressure) / k.fuelHeat();
            integral = clamp(integral + k.pressureIntegralGain() * error * dt, -2, 2);
            demand = feedForward + integral;
        } else {
            demand = fuelSetpoint;
        }
        demand = clamp(demand, 0, k.maxFuelFlow());
        fuelFlow = tripped ? 0 : fuelFlow + (demand - fuelFlow) * Math.min(1, dt / k.fuelLagSeconds());

        heatRelease = fuelFlow * k.fuelHeat() * quality;
        double net = heatRelease - k.steamEnthalpyRise() * steamFlow - k.drumHeatLoss() * drumPressure;
        drumPressure = Math.max(0, drumPressure + net / k.drumCapacity() * dt);

        double target = Math.min(saturation(drumPressure) + k.superheatGain() * heatRelease / (steamFlow + 10),
                k.steamTempSetpoint());
        target = Math.max(target, k.ambient());
        steamTemp += (target - steamTemp) * Math.min(1, dt / k.steamTempLagSeconds());
    }

    /** Saturation temperature at a gauge pressure, blended to ambient below 1 bar (a cold drum). */
    private double saturation(double bar) {
        double hot = 100 * Math.pow(bar + 1, 0.25);
        return bar >= 1 ? hot : k.ambient() + (hot - k.ambient()) * bar;
    }

    static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : Math.min(v, hi);
    }
}
