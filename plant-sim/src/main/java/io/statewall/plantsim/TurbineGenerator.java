package io.statewall.plantsim;

/**
 * Steam turbine, its governor and the generator breaker.
 *
 * <pre>
 *   steam    = Kv · valve · p                     (choked flow through the governor valve)
 *   P_mech   = kT · steam
 *   P_loss   = friction + windage·(n/3000)²       (only while the shaft turns)
 *   breaker open:    M · dn/dt = P_mech − P_loss  (M: MW per rpm/s)
 *   breaker closed:  n = 3000 + grid deviation,   P_el = P_mech − P_loss
 * </pre>
 *
 * The governor works in SPEED control while the breaker is open (the speed reference, ramped,
 * tracked through the inverse of the shaft equation) and in LOAD control while it is closed (the
 * load setpoint, ramped, turned into the valve opening that makes that power at the measured
 * pressure). The breaker closes only when the synchro-check finds the speed within the window;
 * opening it hands the governor back to speed control from the speed the shaft has.
 */
final class TurbineGenerator {
    private final PlantParameters k;

    private double speed;
    private double valve;
    private double steamFlow;
    private double electricPower;
    private boolean breakerClosed;
    private double gridDeviation;

    private double speedReference;
    private double loadSetpoint;
    private double speedRef;
    private double loadRef;
    private long refusedCloses;

    TurbineGenerator(PlantParameters k) {
        this.k = k;
    }

    double speed() {
        return speed;
    }

    double valve() {
        return valve;
    }

    double steamFlow() {
        return steamFlow;
    }

    double electricPower() {
        return electricPower;
    }

    boolean breakerClosed() {
        return breakerClosed;
    }

    double speedReference() {
        return speedReference;
    }

    double loadSetpoint() {
        return loadSetpoint;
    }

    long refusedCloses() {
        return refusedCloses;
    }

    void speedReference(double rpm) {
        speedReference = Boiler.clamp(rpm, 0, 1.2 * k.ratedSpeed());
    }

    void loadSetpoint(double mw) {
        loadSetpoint = Math.max(0, mw);
    }

    /** Synchro-check: closes only near synchronous speed and when not tripped. */
    boolean closeBreaker(boolean tripped) {
        if (breakerClosed) {
            return true;
        }
        if (tripped || Math.abs(speed - k.ratedSpeed()) > k.syncWindow()) {
            refusedCloses++;
            return false;
        }
        breakerClosed = true;
        gridDeviation = speed - k.ratedSpeed();
        loadRef = electricPower;
        return true;
    }

    void openBreaker() {
        if (breakerClosed) {
            breakerClosed = false;
            speedRef = speed;
            electricPower = 0;
        }
    }

    /** The trip opens the breaker and slams the stop valves shut; references go to zero. */
    void onTrip() {
        openBreaker();
        valve = 0;
        steamFlow = 0;
        speedReference = 0;
        loadSetpoint = 0;
        speedRef = speed;
        loadRef = 0;
    }

    /** Steam drawn from the drum this step, from the valve as it stands. */
    double steamDemand(double drumPressure) {
        steamFlow = k.valveFlowCoefficient() * valve * drumPressure;
        return steamFlow;
    }

    /**
     * @param drumPressure     actual drum pressure (drives the steam flow), bar
     * @param measuredPressure drum pressure as the turbine PLC reads it
     * @param measuredSpeed    shaft speed as the turbine PLC reads it
     * @param gridStep         this step's random change of the grid's frequency, rpm
     */
    void step(double dt, double drumPressure, double measuredPressure, double measuredSpeed, boolean tripped,
              double gridStep) {
        double mech = k.turbinePower() * steamFlow;
        double perValve = k.turbinePower() * k.valveFlowCoefficient() * Math.max(measuredPressure, 1);
        double demand;
        if (tripped) {
            // Stop valves shut; the governor tracks the shaft so that a reset restarts nothing.
            demand = 0;
            speedRef = measuredSpeed;
            loadRef = 0;
        } else if (breakerClosed) {
            loadRef += Boiler.clamp(loadSetpoint - loadRef, -k.loadRampRate() * dt, k.loadRampRate() * dt);
            demand = (loadRef + loss(k.ratedSpeed())) / perValve;
        } else {
            double before = speedRef;
            speedRef += Boiler.clamp(speedReference - speedRef, -k.speedRampRate() * dt, k.speedRampRate() * dt);
            double wanted = k.speedGain() * (speedRef - measuredSpeed) + (speedRef - before) / dt;
            // At a zero reference the governor holds the valve shut rather than nursing the shaft.
            demand = speedRef <= 0 ? 0 : (k.inertia() * wanted + loss(measuredSpeed)) / perValve;
        }
        demand = Boiler.clamp(demand, 0, 1);
        valve += (demand - valve) * Math.min(1, dt / k.valveLagSeconds());

        if (breakerClosed) {
            // The grid holds the shaft: its frequency wanders a little and returns to 50 Hz.
            gridDeviation = Boiler.clamp(gridDeviation - gridDeviation * dt / 5.0 + gridStep, -3, 3);
            speed = k.ratedSpeed() + gridDeviation;
            electricPower = mech - loss(speed);
        } else {
            speed = Math.max(0, speed + (mech - loss(speed)) / k.inertia() * dt);
            electricPower = 0;
        }
    }

    private double loss(double rpm) {
        if (rpm <= 0) {
            return k.frictionLoss(); // breakaway: the shaft at rest does not start on less
        }
        double r = rpm / k.ratedSpeed();
        return k.frictionLoss() + k.windageLoss() * r * r;
    }
}
