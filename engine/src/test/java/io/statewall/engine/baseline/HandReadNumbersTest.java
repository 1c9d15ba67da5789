package io.statewall.engine.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The baseline reader's hand-written readers of address ranges and decimals give exactly what
 * the regular expression and {@link Double#parseDouble} they replace gave.
 */
class HandReadNumbersTest {
    private static final Pattern RANGE = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");

    /** What the regular expression made of a range: {@code lo << 32 | hi}, or -1. */
    private static long byRegex(String text) {
        Matcher m = RANGE.matcher(text);
        if (!m.matches()) {
            return -1;
        }
        long lo = Long.parseLong(m.group(1));
        long hi = m.group(2) == null ? lo : Long.parseLong(m.group(2));
        return lo << 32 | hi;
    }

    @Test
    void rangesAreReadAsTheRegularExpressionReadThem() {
        for (String t : new String[] {"0", "7", "65535", "99999", "100000", "116-147", "0-0", "00012-3", "1-", "-1", "-",
                "", "1--2", "1-2-3", "12a", "1 - 2", "٣", "123456-1", "1-123456", "+1", "1e3"}) {
            assertThat(BaselineReader.range(t)).as("'%s'", t).isEqualTo(byRegex(t));
        }
        Random random = new Random(7);
        String alphabet = "0123456789--x ";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(13); n > 0; n--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String t = b.toString();
            assertThat(BaselineReader.range(t)).as("'%s'", t).isEqualTo(byRegex(t));
        }
    }

    @Test
    void decimalsAreReadAsParseDoubleReadsThem() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            int whole = 1 + random.nextInt(18);
            int fraction = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(17 - Math.min(whole, 16));
            StringBuilder b = new StringBuilder();
            for (int d = 0; d < whole; d++) {
                b.append((char) ('0' + random.nextInt(10)));
            }
            int dot = b.length();
            if (fraction > 0) {
                b.append('.');
                for (int d = 0; d < fraction; d++) {
                    b.append((char) ('0' + random.nextInt(10)));
                }
            }
            String t = "x " + b + " y";
            double got = PointTable.plainDecimal(t, 2, 2 + b.length(), 2 + dot);
            assertThat(Double.doubleToRawLongBits(got)).as("'%s'", b).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(b.toString())));
        }
        // the shortest decimals of doubles a writer prints, and their neighbours
        for (String s : new String[] {"0.1", "0.2", "0.3", "33.9", "40.6", "2.08", "999999999999999", "0.000000000000001",
                "123456789.123456", "9007199254740993", "1.0000000000000002"}) {
            int dot = s.indexOf('.') < 0 ? s.length() : s.indexOf('.');
            assertThat(PointTable.plainDecimal(s, 0, s.length(), dot)).as(s).isEqualTo(Double.parseDouble(s));
        }
    }
}
