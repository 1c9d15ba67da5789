package io.statewall.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Operator writes land in the documented regions with plausible values, in the documented mix. */
class OperatorWritesTest {
    private static int u16(MemorySegment s, long at) {
        return Short.toUnsignedInt(s.get(Layouts.BE16, at));
    }

    @Test
    void writesHitTheirRegionsNearTheCurrentValues() {
        Rng rng = new Rng(21);
        ProcessImage image = new ProcessImage(new Rng(22), 1200, 64, 256, 256);
        MemorySegment pdu = MemorySegment.ofArray(new byte[260]);
        int[] scratch = new int[8];
        int[] byFunction = new int[17];
        int pushedPastRange = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            int length = OperatorWrites.next(rng, image, pdu, 0, scratch);
            int fc = pdu.get(Layouts.U8, 0);
            int address = u16(pdu, 1);
            byFunction[fc]++;
            switch (fc) {
                case 6 -> {
                    assertThat(length).isEqualTo(5);
                    assertThat(address).isBetween(ProcessImage.SETPOINTS, ProcessImage.SETPOINTS_END - 1);
                    int value = u16(pdu, 3);
                    assertThat(value).isBetween(0, 1000);
                    if (value > 900) {
                        pushedPastRange++;
                    } else {
                        assertThat(Math.abs(value - image.holding[address])).as("nudge").isLessThanOrEqualTo(50);
                    }
                }
                case 16 -> {
                    int quantity = u16(pdu, 3);
                    assertThat(quantity).isIn(2, 4, 6);
                    assertThat(address % 2).as("float pairs start even").isZero();
                    assertThat(address).isBetween(ProcessImage.FLOAT_SETPOINTS, ProcessImage.FLOAT_SETPOINTS_END - quantity);
                    assertThat(pdu.get(Layouts.U8, 5)).isEqualTo((byte) (2 * quantity));
                    assertThat(length).isEqualTo(6 + 2 * quantity);
                    for (int r = 0; r < quantity; r += 2) {
                        float f = Float.intBitsToFloat((u16(pdu, 6 + 2 * r) << 16) | u16(pdu, 8 + 2 * r));
                        assertThat(f).isBetween(0f, 150f);
                        assertThat(Math.abs(f - image.getFloat(address + r))).isLessThanOrEqualTo(5f);
                    }
                }
                case 5 -> {
                    assertThat(address).isBetween(ProcessImage.OPERATOR_COILS, ProcessImage.OPERATOR_COILS_END - 1);
                    assertThat(u16(pdu, 3) == ModbusAdu.COIL_ON).as("toggles coil %d", address).isEqualTo(!image.coils[address]);
                }
                case 15 -> {
                    int quantity = u16(pdu, 3);
                    assertThat(quantity).isIn(8, 10, 16);
                    assertThat(address).isBetween(ProcessImage.INTERLOCK_COILS, ProcessImage.INTERLOCK_COILS_END - quantity);
                    int differing = 0;
                    for (int b = 0; b < quantity; b++) {
                        boolean on = ((pdu.get(Layouts.U8, 6 + b / 8) >>> (b % 8)) & 1) != 0;
                        differing += on != image.coils[address + b] ? 1 : 0;
                    }
                    assertThat(differing).as("one interlock flipped").isEqualTo(1);
                }
                default -> throw new AssertionError("unexpected function " + fc);
            }
        }
        assertThat(byFunction[6] / (double) n).isBetween(0.43, 0.47);
        assertThat(byFunction[16] / (double) n).isBetween(0.33, 0.37);
        assertThat(byFunction[5] / (double) n).isBetween(0.13, 0.17);
        assertThat(byFunction[15] / (double) n).isBetween(0.04, 0.06);
        assertThat(pushedPastRange).isPositive().isLessThan(byFunction[6] / 10);
    }
}
