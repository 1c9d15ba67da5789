package io.statewall.engine.eve;

/**
 * EVE's timestamp format, {@code 2016-11-30T10:00:00.123456+0000} (UTC, microseconds), as
 * Suricata writes it. The calendar part is computed once per second of capture time and
 * cached, so formatting a timestamp costs a copy and six digits.
 */
public final class EveTime {
    private final byte[] secondPrefix = new byte[19]; // yyyy-MM-ddTHH:mm:ss
    private long cachedSecond = Long.MIN_VALUE;

    /** Appends the quoted timestamp as a value. */
    public void write(JsonOut out, long epochNanos) {
        long second = Math.floorDiv(epochNanos, 1_000_000_000L);
        int micros = (int) (Math.floorMod(epochNanos, 1_000_000_000L) / 1000);
        if (second != cachedSecond) {
            fillPrefix(second);
            cachedSecond = second;
        }
        out.beginString().rawBytes(secondPrefix).rawByte('.').rawSixDigits(micros).rawAscii("+0000").endString();
    }

    private void fillPrefix(long epochSecond) {
        long days = Math.floorDiv(epochSecond, 86_400L);
        int secOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        // Civil date from days since 1970-01-01 (proleptic Gregorian), via 400-year eras.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        put(0, Math.floorMod(year, 10_000), 4);
        secondPrefix[4] = '-';
        put(5, month, 2);
        secondPrefix[7] = '-';
        put(8, day, 2);
        secondPrefix[10] = 'T';
        put(11, secOfDay / 3600, 2);
        secondPrefix[13] = ':';
        put(14, secOfDay / 60 % 60, 2);
        secondPrefix[16] = ':';
        put(17, secOfDay % 60, 2);
    }

    private void put(int at, long v, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            secondPrefix[at + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }
}
