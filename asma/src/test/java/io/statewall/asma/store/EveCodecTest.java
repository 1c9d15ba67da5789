package io.statewall.asma.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.asma.EveLines;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stored JSON round-trips exactly, is much smaller than the line, and damage is an error, not garbage. */
class EveCodecTest {
    @Test
    void linesRoundTripAndShrink() {
        for (String line : new String[] {EveLines.ALERT, EveLines.MODBUS, EveLines.STATE, "{}", "", "ünïcødé \u2603 \"q\""}) {
            byte[] z = EveCodec.encode(line);
            assertThat(EveCodec.decode(EveCodec.DEFLATE_DICT_1, z)).isEqualTo(line);
        }
        assertThat(EveCodec.encode(EveLines.MODBUS).length).isLessThan(EveLines.MODBUS.length() / 4);
        assertThat(EveCodec.encode(EveLines.ALERT).length).isLessThan(EveLines.ALERT.length() / 4);
        assertThat(EveCodec.decode(EveCodec.PLAIN, "{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isEqualTo("{\"a\":1}");
    }

    @Test
    void largeAndRandomTextRoundTrips() {
        Random r = new Random(7);
        StringBuilder b = new StringBuilder();
        while (b.length() < 300_000) {
            b.append((char) (32 + r.nextInt(90)));
        }
        String big = b.toString();
        assertThat(EveCodec.decode(EveCodec.DEFLATE_DICT_1, EveCodec.encode(big))).isEqualTo(big);
    }

    @Test
    void aDamagedRowIsAnError() {
        byte[] z = EveCodec.encode(EveLines.ALERT);
        assertThatThrownBy(() -> EveCodec.decode(EveCodec.DEFLATE_DICT_1, Arrays.copyOf(z, z.length / 2)))
                .isInstanceOf(StoreException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> EveCodec.decode(7, z)).isInstanceOf(StoreException.class).hasMessageContaining("codec 7");
    }
}
