package io.statewall.plantsim;

import java.util.Objects;
import java.util.Random;

/**
 * The thermal power unit's physics and its local control and protection: {@link Boiler},
 * {@link TurbineGenerator} and {@link SafetySystem}, advanced together in fixed steps of plant
 * time, with sensor noise and slow disturbances (coal quality, grid frequency) drawn from one
 * seeded {@link Random} in a fixed order, so that one seed and one sequence of commands always give
 * the same run.
 *
 * <p>Operator commands arrive through the controllers' registers ({@link Points}); the methods
 * below are what a controller's scan calls. A request (breaker, trip, reset) takes effect in the
 * next {@link #step()}. Not thread-safe: one thread steps the plant and applies commands; any
 * thread may read {@link #snapshot()}.
 */
public final class Plant {
    /*
     * Sensor noise (one standard deviation). Every instrument is a little noisy, so its value keeps
     * changing from poll to poll, as a real one does: an NMA takes rate(x) between the last two
     * changes of x, and a value that stopped changing would keep its last rate for ever. The noise
     * is small enough that the rate two polls 100 ms apart show on a steady unit stays more than
     * 15 sigma inside the example policy's thresholds (0.5 MW/s, 5 rpm/s).
     */
    private static final double PRESSURE_NOISE = 0.05; // bar
    private static final double STEAM_FLOW_NOISE = 0.1; // kg/s
    private static final double TEMP_NOISE = 0.2; // °C
    private static final double FUEL_NOISE = 0.01; // kg/s
    private static final double SPEED_NOISE = 0.02; // rpm
    private static final double LOAD_NOISE = 0.002; // MW
    /** Coal heating value: a random walk of this many per √s around 1, pulled back over 10 min. */
    private static final double QUALITY_WALK = 0.002;
    /** Grid frequency seen as shaft speed while synchronised: a random walk, rpm per √s. */
    private static final double GRID_WALK = 0.2;

    private final PlantParameters k;
    private final Random random;
    private final Boiler boiler;
    private final TurbineGenerator turbine;
    private final SafetySystem safety;

    private long steps;
    private double quality = 1;
    private double measuredPressure;
    private double measuredSteamFlow;
    private double measuredTemp;
    private double measuredFuel;
    private double measuredSpeed;
    private double measuredLoad;
    private boolean closeRequest;
    private boolean openRequest;
    private volatile PlantSnapshot snapshot;

    public Plant(PlantParameters parameters, long seed) {
        this.k = Objects.requireNonNull(parameters, "parameters");
        this.random = new Random(seed);
        this.boiler = new Boiler(k);
        this.turbine = new TurbineGenerator(k);
        this.safety = new SafetySystem(k);
        this.measuredTemp = k.ambient();
        this.snapshot = publish();
    }

    public PlantParameters parameters() {
        return k;
    }

    /** Plant time, seconds. */
    public double time() {
        return steps * k.stepSeconds();
    }

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }

    /** The state after the last step; safe from any thread. */
    public PlantSnapshot snapshot() {
        return snapshot;
    }

    /** Breaker closes refused by the synchro-check or the trip interlock. */
    public long refusedBreakerCloses() {
        return turbine.refusedCloses();
    }

    // ---- commands, as the controllers pass them on ----

    public void fuelSetpoint(double kgPerSecond) {
        boiler.fuelSetpoint(kgPerSecond);
    }

    public void boilerAuto(boolean auto) {
        boiler.auto(auto && !safety.tripped(), measuredPressure);
    }

    public void pressureSetpoint(double bar) {
        boiler.pressureSetpoint(bar);
    }

    public void speedReference(double rpm) {
        turbine.speedReference(rpm);
    }

    public void loadSetpoint(double mw) {
        turbine.loadSetpoint(mw);
    }

    public void closeBreaker() {
        closeRequest = true;
        openRequest = false;
    }

    public void openBreaker() {
        openRequest = true;
        closeRequest = false;
    }

    /** Manual ESD: trips the unit at the next step. */
    public void trip() {
        safety.requestTrip();
    }

    /** Clears the trip at the next step if no trip condition remains. */
    public void resetTrip() {
        safety.requestReset();
    }

    public void overspeedLimit(double rpm) {
        safety.overspeedLimit(rpm);
    }

    public void pressureLimit(double bar) {
        safety.pressureLimit(bar);
    }

    // ---- physics ----

    /** Advances the plant by one step of {@link PlantParameters#stepSeconds()}. */
    public void step() {
        double dt = k.stepSeconds();
        // One draw of each random input per step, always in this order, used or not.
        double qualityStep = random.nextGaussian();
        double gridStep = random.nextGaussian();
        double pressureNoise = random.nextGaussian();
        double steamNoise = random.nextGaussian();
        double tempNoise = random.nextGaussian();
        double fuelNoise = random.nextGaussian();
        double speedNoise = random.nextGaussian();
        double loadNoise = random.nextGaussian();

        boolean tripped = safety.tripped();
        if (openRequest) {
            turbine.openBreaker();
        } else if (closeRequest) {
            turbine.closeBreaker(tripped);
        }
        openRequest = false;
        closeRequest = false;

        double pressure = boiler.drumPressure();
        double steam = turbine.steamDemand(pressure);
        boiler.step(dt, steam, measuredPressure, tripped, quality);
        turbine.step(dt, pressure, measuredPressure, measuredSpeed, tripped, GRID_WALK * Math.sqrt(dt) * gridStep);
        quality = Boiler.clamp(quality + (1 - quality) * dt / 600 + QUALITY_WALK * Math.sqrt(dt) * qualityStep,
                0.95, 1.05);

        measuredPressure = Math.max(0, boiler.drumPressure() + PRESSURE_NOISE * pressureNoise);
        measuredSteamFlow = Math.max(0, turbine.steamFlow() + STEAM_FLOW_NOISE * steamNoise);
        measuredTemp = boiler.steamTemp() + TEMP_NOISE * tempNoise;
        measuredFuel = Math.max(0, boiler.fuelFlow() + FUEL_NOISE * fuelNoise);
        // A speed pick-up measures magnitude: at rest it reads a small positive jitter, never zero.
        measuredSpeed = Math.abs(turbine.speed() + SPEED_NOISE * speedNoise);
        // The MW transducer reads around zero with the breaker open, as a real one does.
        measuredLoad = turbine.electricPower() + LOAD_NOISE * loadNoise;

        // The ESD judges this step's measurements and acts at once, so no scan ever shows the
        // overspeed with the valves still open and the trip not yet latched.
        if (safety.evaluate(measuredSpeed, measuredPressure)) {
            boiler.onTrip();
            turbine.onTrip();
        }
        steps++;
        snapshot = publish();
    }

    private PlantSnapshot publish() {
        return new PlantSnapshot(time(), measuredPressure, measuredSteamFlow, measuredTemp, measuredFuel,
                measuredSpeed, turbine.valve() * 100, measuredLoad, turbine.breakerClosed(), safety.statusWord(),
                boiler.auto(), boiler.fuelSetpoint(), boiler.pressureSetpoint(), turbine.speedReference(),
                turbine.loadSetpoint(), safety.overspeedLimit(), safety.pressureLimit(), safety.trips());
    }
}
