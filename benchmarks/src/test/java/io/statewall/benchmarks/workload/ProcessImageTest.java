package io.statewall.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Process values move like a plant's, not like noise. */
class ProcessImageTest {
    @Test
    void inputRegistersDriftByAFewCountsPerPollAndStayInTheAdcRange() {
        ProcessImage p = new ProcessImage(new Rng(9), 1200, 64, 256, 256);
        short[] previous = p.input.clone();
        int maxStep = 0;
        int changed = 0;
        for (int poll = 0; poll < 5000; poll++) {
            p.advanceInput(0, 64);
            for (int i = 0; i < 64; i++) {
                assertThat((int) p.input[i]).isBetween(0, 4095);
                int step = Math.abs(p.input[i] - previous[i]);
                maxStep = Math.max(maxStep, step);
                changed += step != 0 ? 1 : 0;
            }
            previous = p.input.clone();
        }
        assertThat(maxStep).as("largest change between two polls").isLessThanOrEqualTo(64);
        assertThat(changed).as("values are alive, not frozen").isGreaterThan(5000 * 64 / 4);
    }

    @Test
    void fixedRegionsMoveOnlyWhenWritten() {
        ProcessImage p = new ProcessImage(new Rng(10), 2000, 256, 256, 256);
        short[] before = p.holding.clone();
        for (int poll = 0; poll < 1000; poll++) {
            p.advanceHolding(ProcessImage.SETPOINTS, ProcessImage.SETPOINTS_END - ProcessImage.SETPOINTS);
            p.advanceHolding(ProcessImage.FLOAT_SETPOINTS, ProcessImage.FLOAT_SETPOINTS_END - ProcessImage.FLOAT_SETPOINTS);
            p.advanceHolding(ProcessImage.CONFIG, ProcessImage.CONFIG_END - ProcessImage.CONFIG);
        }
        assertThat(p.holding).isEqualTo(before);
        for (int i = ProcessImage.FLOAT_SETPOINTS; i < ProcessImage.FLOAT_SETPOINTS_END; i += 2) {
            assertThat(p.getFloat(i)).as("float set-point %d", i).isBetween(0f, 150f);
        }
        for (int i = ProcessImage.INTERLOCK_COILS; i < ProcessImage.INTERLOCK_COILS_END; i++) {
            assertThat(p.coils[i]).as("interlock %d armed", i).isTrue();
        }
    }

    @Test
    void holdingRegistersMoveAsTheirKindDoes() {
        ProcessImage p = new ProcessImage(new Rng(11), 1200, 64, 256, 256);
        int[] seen = new int[5];
        for (int i = 0; i < 125; i++) {
            seen[p.holdingKind(i)]++;
        }
        assertThat(seen).as("measurements, counters, float halves, fixed words all present").doesNotContain(0);
        short[] previous = p.holding.clone();
        int measurementMoves = 0;
        for (int poll = 0; poll < 3000; poll++) {
            p.advanceHolding(0, 125);
            for (int i = 0; i < 125; i++) {
                int before = previous[i];
                int now = p.holding[i];
                switch (p.holdingKind(i)) {
                    case ProcessImage.MEASUREMENT -> {
                        assertThat(now).as("measurement %d in 0..1000", i).isBetween(0, 1000);
                        assertThat(Math.abs(now - before)).as("measurement %d step", i).isLessThanOrEqualTo(40);
                        measurementMoves += now != before ? 1 : 0;
                    }
                    case ProcessImage.COUNTER -> assertThat((now - before) & 0xFFFF).as("counter %d", i).isBetween(0, 4);
                    case ProcessImage.FLOAT_HIGH -> {
                        float f0 = Float.intBitsToFloat((before << 16) | (previous[i + 1] & 0xFFFF));
                        float f1 = p.getFloat(i);
                        assertThat(Math.abs(f1 - f0)).as("float %d step", i).isLessThan(3.0f);
                    }
                    case ProcessImage.FIXED -> assertThat(now).as("fixed %d", i).isEqualTo(before);
                    default -> { }
                }
            }
            previous = p.holding.clone();
        }
        assertThat(measurementMoves).as("measurements are alive").isGreaterThan(3000 * seen[ProcessImage.MEASUREMENT] / 4);
    }

    @Test
    void floatsRoundTripThroughTwoRegisters() {
        ProcessImage p = new ProcessImage(new Rng(12), 1200, 64, 256, 256);
        p.setFloat(500, 123.25f);
        assertThat(p.holding[500]).isEqualTo((short) 0x42F6);
        assertThat(p.holding[501]).isEqualTo((short) 0x8000);
        assertThat(p.getFloat(500)).isEqualTo(123.25f);
    }

    @Test
    void aMapTooSmallForTheFixedRegionsIsAProgrammingError() {
        assertThatThrownBy(() -> new ProcessImage(new Rng(1), 1099, 64, 256, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProcessImage(new Rng(1), 1200, 64, 139, 256)).isInstanceOf(IllegalArgumentException.class);
    }
}
