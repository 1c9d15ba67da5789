package io.statewall.plantsim;

/**
 * The plant after one step, as its instruments and controllers see it: measured values carry the
 * sensors' noise, and these are exactly what the controllers serve (before the registers' scaling).
 *
 * @param time             plant time, s since the plant was built
 * @param drumPressure     bar (gauge)
 * @param steamFlow        kg/s, drum outlet
 * @param steamTemp        main steam temperature, °C
 * @param fuelFlow         kg/s
 * @param turbineSpeed     rpm
 * @param governorValve    valve position, % open
 * @param loadMw           generator output, MW (0 while the breaker is open)
 * @param breakerClosed    generator breaker position
 * @param safetyStatus     the safety PLC's status word (bits in {@link Points})
 * @param boilerAuto       boiler master in AUTO (pressure control)
 * @param fuelSetpoint     kg/s, used in MANUAL
 * @param pressureSetpoint bar
 * @param speedReference   rpm
 * @param loadSetpoint     MW
 * @param overspeedLimit   rpm
 * @param pressureLimit    bar
 * @param trips            trips since the start
 */
public record PlantSnapshot(
        double time,
        double drumPressure, double steamFlow, double steamTemp, double fuelFlow,
        double turbineSpeed, double governorValve, double loadMw, boolean breakerClosed,
        int safetyStatus,
        boolean boilerAuto, double fuelSetpoint, double pressureSetpoint, double speedReference, double loadSetpoint,
        double overspeedLimit, double pressureLimit,
        long trips) {

    /** Bit 3 of the safety status word: the policy's {@code tripped}. */
    public boolean tripped() {
        return (safetyStatus & Points.SAFETY_TRIPPED) != 0;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "t=%.1fs p=%.1fbar T=%.1f°C fuel=%.2fkg/s steam=%.1fkg/s n=%.1frpm valve=%.2f%% load=%.1fMW breaker=%s"
                        + " safety=0x%04x auto=%s sp[fuel=%.1f p=%.1f n=%.0f load=%.1f]",
                time, drumPressure, steamTemp, fuelFlow, steamFlow, turbineSpeed, governorValve, loadMw,
                breakerClosed ? "closed" : "open", safetyStatus, boilerAuto, fuelSetpoint, pressureSetpoint,
                speedReference, loadSetpoint);
    }
}
