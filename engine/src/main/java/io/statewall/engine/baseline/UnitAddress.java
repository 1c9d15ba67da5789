package io.statewall.engine.baseline;

import io.statewall.engine.policy.Network;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Modbus server's unit: where a point lives (server address, TCP port, unit identifier).
 * Written {@code 10.30.2.20:502 unit 1}; ordered by the numbers.
 */
public record UnitAddress(int ipVersion, long hi, long lo, int port, int unit) implements Comparable<UnitAddress> {
    private static final Pattern TEXT = Pattern.compile("(\\S+):(\\d{1,5}) unit (\\d{1,3})");

    public UnitAddress {
        if (ipVersion != 4 && ipVersion != 6) {
            throw new IllegalArgumentException("IP version " + ipVersion);
        }
        if (port < 0 || port > 0xFFFF || unit < 0 || unit > 0xFF) {
            throw new IllegalArgumentException("port " + port + " or unit " + unit + " out of range");
        }
    }

    @Override
    public String toString() {
        return HostText.formatServer(ipVersion, hi, lo, port) + " unit " + unit;
    }

    /** The inverse of {@link #toString()}; null when {@code text} is not in that form. */
    public static UnitAddress parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        Network server = HostText.parse(m.group(1));
        int port = Integer.parseInt(m.group(2));
        int unit = Integer.parseInt(m.group(3));
        if (server == null || port > 0xFFFF || unit > 0xFF || (server.version() == 6) != m.group(1).startsWith("[")) {
            return null;
        }
        return new UnitAddress(server.version(), server.hi(), server.lo(), port, unit);
    }

    @Override
    public int compareTo(UnitAddress o) {
        int c = Integer.compare(ipVersion, o.ipVersion);
        if (c == 0) {
            c = ChannelKey.compare128(hi, lo, o.hi, o.lo);
        }
        if (c == 0) {
            c = Integer.compare(port, o.port);
        }
        return c != 0 ? c : Integer.compare(unit, o.unit);
    }
}
