package io.statewall.benchmarks.workload;

import java.lang.foreign.MemorySegment;

/**
 * What an operator sends from the HMI, near the value already there: set-points are nudged, not
 * randomised. FC 6 to an integer set-point (45 %; now and then pushed past 900, the top of its
 * usual range), FC 16 to one to three float32 set-points (35 %), FC 5 toggling an operator
 * command coil (15 %), FC 15 over a run of interlock coils with one of them flipped (5 %).
 */
final class OperatorWrites {
    private OperatorWrites() {}

    /** Encodes the next write at {@code at}; returns the PDU length. */
    static int next(Rng rng, ProcessImage image, MemorySegment request, long at, int[] registerValues) {
        int k = rng.nextInt(100);
        if (k < 45) {
            int address = ProcessImage.SETPOINTS + rng.nextInt(ProcessImage.SETPOINTS_END - ProcessImage.SETPOINTS);
            int value = image.holding[address] + 10 * rng.between(-5, 5);
            if (rng.chance(0.03)) {
                value = rng.between(901, 1000); // a set-point pushed past its usual range
            }
            return ModbusAdu.writeSingleRegister(request, at, address, Math.clamp(value, 0, 1000));
        }
        if (k < 80) {
            int floats = rng.pick(1, 1, 2, 3);
            int address = ProcessImage.FLOAT_SETPOINTS + 2 * rng.nextInt((ProcessImage.FLOAT_SETPOINTS_END
                    - ProcessImage.FLOAT_SETPOINTS) / 2 - floats + 1);
            for (int i = 0; i < floats; i++) {
                float v = image.getFloat(address + 2 * i) + rng.between(-10, 10) * 0.5f;
                int bits = Float.floatToIntBits(Math.clamp(v, 0f, 150f));
                registerValues[2 * i] = bits >>> 16;
                registerValues[2 * i + 1] = bits & 0xFFFF;
            }
            return ModbusAdu.writeMultipleRegisters(request, at, address, registerValues, 2 * floats);
        }
        if (k < 95) {
            int address = ProcessImage.OPERATOR_COILS + rng.nextInt(ProcessImage.OPERATOR_COILS_END - ProcessImage.OPERATOR_COILS);
            return ModbusAdu.writeSingleCoil(request, at, address, !image.coils[address]);
        }
        int quantity = rng.pick(8, 10, 16);
        int start = ProcessImage.INTERLOCK_COILS + rng.nextInt(ProcessImage.INTERLOCK_COILS_END - ProcessImage.INTERLOCK_COILS - quantity + 1);
        long bits = 0;
        for (int i = 0; i < quantity; i++) {
            if (image.coils[start + i]) {
                bits |= 1L << i;
            }
        }
        bits ^= 1L << rng.nextInt(quantity);
        return ModbusAdu.writeMultipleCoils(request, at, start, quantity, bits);
    }
}
