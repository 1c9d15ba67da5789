package io.statewall.plantsim;

/**
 * The constants of the simulated unit: a 200 MW coal-fired drum boiler, a 3000 rpm steam turbine
 * and its generator, in a lumped model chosen so that every number the controllers serve stays
 * physically plausible while a whole start-up and shut-down fits in a few minutes of plant time
 * (a real unit takes hours: the time constants here are compressed, the steady states are not).
 *
 * @param stepSeconds           plant time per {@link Plant#step()}
 * @param fuelHeat              heat released in the furnace per kg of coal (MJ/kg = MW per kg/s)
 * @param maxFuelFlow           the mills' capacity, kg/s
 * @param fuelLagSeconds        mills and feeders: fuel flow follows its demand with this lag
 * @param steamEnthalpyRise     heat taken up per kg of steam raised, MJ/kg
 * @param drumCapacity          stored energy per bar of drum pressure, MJ/bar
 * @param drumHeatLoss          insulation loss per bar of drum pressure, MW/bar
 * @param valveFlowCoefficient  steam flow through the fully open governor valve per bar, kg/s/bar
 * @param pressureRampRate      fastest pressure-setpoint change the boiler master follows, bar/s
 * @param pressureGain          boiler master proportional gain, 1/s
 * @param pressureIntegralGain  boiler master integral gain (absorbs coal quality drift), kg/s per bar·s
 * @param superheatGain         superheat per MW of firing per (kg/s of steam + 10), °C
 * @param steamTempSetpoint     attemperation holds the main steam at or below this, °C
 * @param steamTempLagSeconds   superheater thermal lag
 * @param ambient               cold plant temperature, °C
 * @param turbinePower          mechanical power per kg/s of steam, MW
 * @param inertia               power to accelerate the shaft line by 1 rpm/s, MW
 * @param frictionLoss          bearing friction while turning, MW
 * @param windageLoss           windage at rated speed (grows with speed squared), MW
 * @param ratedSpeed            synchronous speed, rpm (50 Hz, two-pole)
 * @param speedRampRate         governor run-up/run-down rate of the speed reference, rpm/s
 * @param speedGain             governor speed-loop gain, 1/s
 * @param valveLagSeconds       governor valve actuator lag (the stop valves shut within a step on a trip)
 * @param syncWindow            synchro-check: largest speed error at which the breaker closes, rpm
 * @param loadRampRate          load controller ramp, MW/s
 * @param overspeedLimit        default overspeed trip limit, rpm
 * @param pressureLimit         default drum pressure trip limit, bar
 */
public record PlantParameters(
        double stepSeconds,
        double fuelHeat, double maxFuelFlow, double fuelLagSeconds,
        double steamEnthalpyRise, double drumCapacity, double drumHeatLoss, double valveFlowCoefficient,
        double pressureRampRate, double pressureGain, double pressureIntegralGain,
        double superheatGain, double steamTempSetpoint, double steamTempLagSeconds, double ambient,
        double turbinePower, double inertia, double frictionLoss, double windageLoss, double ratedSpeed,
        double speedRampRate, double speedGain, double valveLagSeconds,
        double syncWindow, double loadRampRate,
        double overspeedLimit, double pressureLimit) {

    public PlantParameters {
        if (!(stepSeconds > 0 && stepSeconds <= 1)) {
            throw new IllegalArgumentException("step must be in (0, 1] s: " + stepSeconds);
        }
        for (double v : new double[] {fuelHeat, maxFuelFlow, fuelLagSeconds, steamEnthalpyRise, drumCapacity,
                valveFlowCoefficient, turbinePower, inertia, ratedSpeed, speedRampRate, loadRampRate,
                pressureRampRate, steamTempLagSeconds, valveLagSeconds}) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("plant constants must be positive: " + this);
            }
        }
    }

    /** The unit every example and test runs: 100 ms steps. */
    public static PlantParameters defaults() {
        return new PlantParameters(
                0.1,
                25.0, 24.0, 3.0,
                2.7, 50.0, 0.08, 1.25,
                1.0, 0.05, 0.002,
                90.0, 540.0, 20.0, 20.0,
                1.1, 0.3, 5.0, 7.0, 3000.0,
                20.0, 0.2, 0.3,
                10.0, 2.0,
                3300.0, 185.0);
    }
}
