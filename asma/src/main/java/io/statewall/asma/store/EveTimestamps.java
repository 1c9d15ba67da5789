package io.statewall.asma.store;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * EVE's timestamps, {@code 2016-11-30T10:00:00.123456+0000} (Suricata's form: six fractional
 * digits, offset without a colon), to microseconds since the epoch and back; RFC 3339 forms
 * ({@code 2016-11-30T10:00:00Z}, {@code +01:00}, any number of fractional digits) are accepted
 * as well, for the API's time filters.
 */
public final class EveTimestamps {
    private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HH:mm", "Z")
            .toFormatter();
    private static final DateTimeFormatter LENIENT_NO_COLON = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HHMM", "Z")
            .toFormatter();

    private EveTimestamps() {
    }

    /**
     * Microseconds since the epoch, or {@link Long#MIN_VALUE} for text that is no timestamp.
     * The EVE form is read without allocating by fixed positions; anything else goes through
     * {@link java.time}.
     */
    public static long parseMicros(String s) {
        long fast = fast(s);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(s, s.length() > 5 && s.charAt(s.length() - 3) == ':' || s.endsWith("Z")
                    ? LENIENT : LENIENT_NO_COLON);
            return t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }

    // 0123456789012345678901234567890
    // 2016-11-30T10:00:00.123456+0000
    private static long fast(String s) {
        if (s.length() != 31 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(19) != '.' || (s.charAt(26) != '+' && s.charAt(26) != '-')) {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int micros = digits(s, 20, 6);
        int offH = digits(s, 27, 2);
        int offM = digits(s, 29, 2);
        if ((year | month | day | hour | minute | second | micros | offH | offM) < 0 || month < 1 || month > 12
                || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || offH > 18 || offM > 59) {
            return Long.MIN_VALUE;
        }
        long days = daysFromCivil(year, month, day);
        long offset = (offH * 3600L + offM * 60L) * (s.charAt(26) == '-' ? -1 : 1);
        long epochSecond = days * 86_400L + hour * 3600L + minute * 60L + second - offset;
        return epochSecond * 1_000_000L + micros;
    }

    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /** The EVE form, UTC: {@code 2016-11-30T10:00:00.123456+0000}. */
    public static String format(long micros) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
        return String.format("%04d-%02d-%02dT%02d:%02d:%02d.%06d+0000", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1_000);
    }

    /** RFC 3339 in UTC with microseconds: {@code 2016-11-30T10:00:00.123456Z}. */
    public static String rfc3339(long micros) {
        String eve = format(micros);
        return eve.substring(0, 26) + "Z";
    }
}
