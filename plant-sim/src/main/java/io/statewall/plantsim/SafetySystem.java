package io.statewall.plantsim;

/**
 * The emergency shutdown system: trips the unit on overspeed, on high drum pressure or on a
 * manual ESD command, and holds the trip (latched, with its first causes) until a reset that
 * finds no trip condition left. It judges the same measured values the safety PLC reads.
 */
final class SafetySystem {
    private double overspeedLimit;
    private double pressureLimit;
    private boolean tripped;
    private boolean overspeed;
    private boolean pressureHigh;
    private int causes;
    private boolean manualRequest;
    private boolean resetRequest;
    private long trips;

    SafetySystem(PlantParameters k) {
        this.overspeedLimit = k.overspeedLimit();
        this.pressureLimit = k.pressureLimit();
    }

    boolean tripped() {
        return tripped;
    }

    long trips() {
        return trips;
    }

    double overspeedLimit() {
        return overspeedLimit;
    }

    double pressureLimit() {
        return pressureLimit;
    }

    void overspeedLimit(double rpm) {
        overspeedLimit = rpm;
    }

    void pressureLimit(double bar) {
        pressureLimit = bar;
    }

    void requestTrip() {
        manualRequest = true;
    }

    void requestReset() {
        resetRequest = true;
    }

    /**
     * Evaluates the limits once per step, on that step's measurements; a reset is taken before new
     * trips, so a reset and a trip condition in the same step leave the unit tripped.
     *
     * @return whether the unit tripped in this step (not already tripped before)
     */
    boolean evaluate(double measuredSpeed, double measuredPressure) {
        overspeed = measuredSpeed > overspeedLimit;
        pressureHigh = measuredPressure > pressureLimit;
        if (resetRequest && !overspeed && !pressureHigh && !manualRequest) {
            tripped = false;
            causes = 0;
        }
        resetRequest = false;
        int now = (overspeed ? Points.SAFETY_CAUSE_OVERSPEED : 0) | (pressureHigh ? Points.SAFETY_CAUSE_PRESSURE : 0)
                | (manualRequest ? Points.SAFETY_CAUSE_MANUAL : 0);
        manualRequest = false;
        if (now == 0) {
            return false;
        }
        boolean edge = !tripped;
        tripped = true;
        causes |= now;
        if (edge) {
            trips++;
        }
        return edge;
    }

    /** The safety PLC's status word (holding register 0), bits as in {@link Points}. */
    int statusWord() {
        return Points.SAFETY_HEALTHY
                | (overspeed ? Points.SAFETY_OVERSPEED : 0)
                | (pressureHigh ? Points.SAFETY_PRESSURE_HIGH : 0)
                | (tripped ? Points.SAFETY_TRIPPED : 0)
                | causes;
    }
}
