package io.statewall.benchmarks.workload;

/**
 * The data of one Modbus device and how it moves between polls. A real plant changes slowly:
 * measurements sit near an operating point with a count or two of sensor noise and follow that
 * point when the process moves; totalisers only count up; set-points, configuration and status
 * words change only when someone writes them. Values evolve lazily, when a block is read, which
 * costs nothing for registers nobody polls.
 *
 * <p>Fixed regions, shared by every device so that the master's writes (and rules about them)
 * have stable targets: coils 10..39 are operator commands, coils 100..139 safety interlocks,
 * holding registers 200..239 integer set-points (0..1000 = 0.0..100.0 %), 300..339 float32
 * set-points, 1000..1099 configuration.
 */
final class ProcessImage {
    static final int SETPOINTS = 200;
    static final int SETPOINTS_END = 240;
    static final int FLOAT_SETPOINTS = 300;
    static final int FLOAT_SETPOINTS_END = 340;
    static final int CONFIG = 1000;
    static final int CONFIG_END = 1100;
    static final int OPERATOR_COILS = 10;
    static final int OPERATOR_COILS_END = 40;
    static final int INTERLOCK_COILS = 100;
    static final int INTERLOCK_COILS_END = 140;

    /** Scaled measurement 0..1000, noisy around a slowly moving operating point. */
    static final byte MEASUREMENT = 0;
    /** Totaliser or event counter, 16 bits, wraps. */
    static final byte COUNTER = 1;
    /** High word of an IEEE 754 float32 (big-endian word order, the common "ABCD" layout). */
    static final byte FLOAT_HIGH = 2;
    static final byte FLOAT_LOW = 3;
    /** Set-point, configuration or status word: moved only by writes. */
    static final byte FIXED = 4;

    private static final int ADC_FULL_SCALE = 4095;

    private final Rng rng;
    final short[] holding;
    private final byte[] holdingKind;
    private final short[] holdingTarget;
    final short[] input;
    private final short[] inputTarget;
    final boolean[] coils;
    final boolean[] discreteInputs;

    ProcessImage(Rng rng, int holdingCount, int inputCount, int coilCount, int discreteCount) {
        if (holdingCount < CONFIG_END || coilCount < INTERLOCK_COILS_END) {
            throw new IllegalArgumentException("map too small for the fixed regions");
        }
        this.rng = rng;
        holding = new short[holdingCount];
        holdingKind = new byte[holdingCount];
        holdingTarget = new short[holdingCount];
        input = new short[inputCount];
        inputTarget = new short[inputCount];
        coils = new boolean[coilCount];
        discreteInputs = new boolean[discreteCount];
        for (int i = 0; i < holdingCount; i++) {
            if (inFixedRegion(i)) {
                continue;
            }
            double k = rng.nextDouble();
            if (k < 0.45) {
                holdingKind[i] = MEASUREMENT;
                holdingTarget[i] = (short) rng.between(50, 950);
                holding[i] = holdingTarget[i];
            } else if (k < 0.60) {
                holdingKind[i] = COUNTER;
                holding[i] = (short) rng.nextInt(65_536);
            } else if (k < 0.80 && (i & 1) == 0 && i + 1 < holdingCount && !inFixedRegion(i + 1)) {
                holdingKind[i] = FLOAT_HIGH;
                holdingKind[i + 1] = FLOAT_LOW;
                float v = (float) (-20.0 + 520.0 * rng.nextDouble());
                setFloat(i, v);
                holdingTarget[i] = (short) v; // operating point, whole units
                i++;
            } else {
                holdingKind[i] = FIXED;
                holding[i] = (short) rng.pick(0, 1, 2, 4, 8, 0x10, 0x100, 0x8000, 0x0003, 0x00C1);
            }
        }
        for (int i = SETPOINTS; i < SETPOINTS_END; i++) {
            holdingKind[i] = FIXED;
            holding[i] = (short) (10 * rng.between(10, 90));
        }
        for (int i = FLOAT_SETPOINTS; i < FLOAT_SETPOINTS_END; i += 2) {
            holdingKind[i] = FIXED;
            holdingKind[i + 1] = FIXED;
            setFloat(i, rng.between(0, 300) * 0.5f);
        }
        for (int i = CONFIG; i < CONFIG_END; i++) {
            holdingKind[i] = FIXED;
            holding[i] = (short) rng.pick(0, 1, 10, 100, 250, 500, 1000, 1500, 9600, 19200);
        }
        for (int i = 0; i < inputCount; i++) {
            inputTarget[i] = (short) rng.between(400, 3600);
            input[i] = inputTarget[i];
        }
        for (int i = 0; i < coilCount; i++) {
            coils[i] = rng.chance(0.3);
        }
        for (int i = INTERLOCK_COILS; i < INTERLOCK_COILS_END; i++) {
            coils[i] = true; // interlocks armed
        }
        for (int i = 0; i < discreteCount; i++) {
            discreteInputs[i] = rng.chance(0.4);
        }
    }

    private static boolean inFixedRegion(int i) {
        return (i >= SETPOINTS && i < SETPOINTS_END) || (i >= FLOAT_SETPOINTS && i < FLOAT_SETPOINTS_END)
                || (i >= CONFIG && i < CONFIG_END);
    }

    /** Moves the block [start, start + quantity) of holding registers on by one poll. */
    void advanceHolding(int start, int quantity) {
        int end = start + quantity;
        for (int i = start; i < end; i++) {
            switch (holdingKind[i]) {
                case MEASUREMENT -> {
                    int target = holdingTarget[i];
                    if (rng.chance(0.002)) {
                        target = clamp(target + rng.between(-120, 120), 20, 980);
                        holdingTarget[i] = (short) target;
                    }
                    int v = holding[i];
                    holding[i] = (short) clamp((int) Math.round(v + (target - v) / 12.0 + rng.noise(0.8)), 0, 1000);
                }
                case COUNTER -> {
                    if (rng.chance(0.6)) {
                        holding[i] = (short) (holding[i] + rng.between(1, 4));
                    }
                }
                case FLOAT_HIGH -> {
                    if (i + 1 < end) {
                        float target = holdingTarget[i];
                        if (rng.chance(0.002)) {
                            holdingTarget[i] = (short) (target + rng.between(-25, 25));
                        }
                        float f = getFloat(i);
                        setFloat(i, (float) (f + (target - f) * 0.04 + rng.noise(0.03)));
                    }
                }
                default -> { }
            }
        }
    }

    /** Same for input registers: raw 12-bit ADC counts of field transmitters. */
    void advanceInput(int start, int quantity) {
        for (int i = start, end = start + quantity; i < end; i++) {
            int target = inputTarget[i];
            if (rng.chance(0.002)) {
                target = clamp(target + rng.between(-300, 300), 200, 3900);
                inputTarget[i] = (short) target;
            }
            int v = input[i];
            input[i] = (short) clamp((int) Math.round(v + (target - v) / 10.0 + rng.noise(1.5)), 0, ADC_FULL_SCALE);
        }
    }

    /** Limit switches and contacts: now and then one of the polled inputs changes. */
    void advanceDiscrete(int start, int quantity) {
        if (rng.chance(0.03)) {
            int i = start + rng.nextInt(quantity);
            discreteInputs[i] = !discreteInputs[i];
        }
    }

    /** What holding register {@code register} models: {@link #MEASUREMENT}, {@link #COUNTER}, ... */
    byte holdingKind(int register) {
        return holdingKind[register];
    }

    void setFloat(int register, float value) {
        int bits = Float.floatToIntBits(value);
        holding[register] = (short) (bits >>> 16);
        holding[register + 1] = (short) bits;
    }

    float getFloat(int register) {
        return Float.intBitsToFloat((holding[register] << 16) | (holding[register + 1] & 0xFFFF));
    }

    private static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : Math.min(v, hi);
    }
}
