package io.statewall.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PcapngTimestampsTest {
    static final long T0 = 1_700_000_000L;

    static Stream<Arguments> resolutions() {
        return Stream.of(
                argumentSet("10^-6, the default", 6, T0 * 1_000_000 + 123_456, T0 * 1_000_000_000 + 123_456_000),
                argumentSet("10^-9", 9, T0 * 1_000_000_000 + 1, T0 * 1_000_000_000 + 1),
                argumentSet("10^-0, seconds", 0, T0, T0 * 1_000_000_000),
                argumentSet("10^-3", 3, 1_500, 1_500_000_000),
                argumentSet("10^-12: finer than nanoseconds, divided", 12, 123_456_789_012L, 123_456_789),
                argumentSet("10^-12 with the top bit set: unsigned", 12, -1L, 18_446_744_073_709_551L),
                argumentSet("10^-27, the finest a long can divide by", 27, -1L, 18),
                argumentSet("10^-28: nothing left", 28, -1L, 0),
                argumentSet("10^-127", 0x7F, -1L, 0),
                argumentSet("2^0, seconds", 0x80, 5, 5_000_000_000L),
                argumentSet("2^-10", 0x8A, 3 * 1024 + 512, 3_500_000_000L),
                argumentSet("2^-20", 0x94, T0 * (1 << 20) + (1 << 18), T0 * 1_000_000_000 + 250_000_000),
                argumentSet("2^-32", 0xA0, (7L << 32) | 0x8000_0000L, 7_500_000_000L),
                argumentSet("2^-63 with the top bit set: unsigned", 0xBF, Long.MIN_VALUE, 1_000_000_000),
                argumentSet("2^-64", 0xC0, Long.MIN_VALUE, 500_000_000),
                argumentSet("2^-127", 0xFF, -1L, 0));
    }

    @ParameterizedTest
    @MethodSource("resolutions")
    void convertsToNanoseconds(int tsresol, long units, long nanos) {
        assertThat(PcapngTimestamps.toNanos(units, tsresol)).isEqualTo(nanos);
    }

    @Test
    void everyResolutionByteConvertsWithoutError() {
        long[] samples = {0, 1, T0 * 1_000_000, Long.MAX_VALUE, Long.MIN_VALUE, -1L};
        assertThatNoException().isThrownBy(() -> {
            for (int resol = 0; resol < 256; resol++) {
                for (long units : samples) {
                    PcapngTimestamps.toNanos(units, resol);
                }
            }
        });
    }
}
