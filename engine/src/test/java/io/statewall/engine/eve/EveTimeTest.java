package io.statewall.engine.eve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EveTimeTest {
    private static final DateTimeFormatter SURICATA =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx").withZone(ZoneOffset.UTC);

    private static String format(EveTime time, long nanos) {
        JsonOut out = new JsonOut(64);
        time.write(out, nanos);
        return new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
    }

    @Test
    void writesSuricatasFormatForTheDocumentedExample() {
        long nanos = Instant.parse("2016-11-30T10:00:00.123456789Z").getEpochSecond() * 1_000_000_000L + 123_456_789L;
        assertThat(format(new EveTime(), nanos)).isEqualTo("\"2016-11-30T10:00:00.123456+0000\"");
    }

    @Test
    void agreesWithJavaTimeAcrossCenturiesLeapDaysAndTheCache() {
        EveTime time = new EveTime();
        SplittableRandom random = new SplittableRandom(7);
        long[] fixed = {0L, 951_782_400L * 1_000_000_000L /* 2000-02-29 */, 4_107_542_399L * 1_000_000_000L + 999_999_999L};
        for (long nanos : fixed) {
            assertThat(format(time, nanos)).isEqualTo("\"" + SURICATA.format(Instant.ofEpochSecond(0, nanos)) + "\"");
        }
        long previous = 0;
        for (int i = 0; i < 20_000; i++) {
            // Mostly neighbours of the previous instant (exercises the per-second cache), sometimes far away.
            long nanos = i % 10 == 0 ? random.nextLong(0, 4_000_000_000L * 1_000_000_000L)
                    : previous + random.nextLong(0, 3_000_000_000L);
            previous = nanos;
            String expected = "\"" + SURICATA.format(Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L)) + "\"";
            assertThat(format(time, nanos)).as("nanos %d", nanos).isEqualTo(expected);
        }
    }
}
