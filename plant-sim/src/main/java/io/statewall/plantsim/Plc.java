package io.statewall.plantsim;

/**
 * One controller's program: each scan takes the writes that arrived over the network into the
 * plant, and after the plant's step publishes the plant's values into its registers.
 */
sealed interface Plc permits BoilerPlc, TurbinePlc, SafetyPlc {

    RegisterMap registers();

    /** Before the step: acts on pending writes (setpoints, commands). */
    void takeWrites(Plant plant);

    /** After the step: the plant's values into the registers, in one critical section. */
    void publish(PlantSnapshot s);

    /** A scaled value as an unsigned 16-bit register, saturating rather than wrapping. */
    static int uint16(double value, double scale) {
        long raw = Math.round(value / scale);
        return (int) Math.max(0, Math.min(0xFFFF, raw));
    }

    /** A scaled value as a signed 16-bit register (two's complement), saturating. */
    static int int16(double value, double scale) {
        long raw = Math.round(value / scale);
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, raw)) & 0xFFFF;
    }
}
