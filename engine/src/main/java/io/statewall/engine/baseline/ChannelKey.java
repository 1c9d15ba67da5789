package io.statewall.engine.baseline;

import io.statewall.engine.policy.Network;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A communication channel as the baseline keys it: one Modbus client talking to one server
 * (address and TCP port) about one unit identifier (MB-AP §4.1, the MBAP "Unit Identifier").
 * The client's port is left out: it changes with every connection, the channel does not.
 *
 * <p>Written {@code 10.30.1.10 > 10.30.2.20:502 unit 1} (IPv6 servers in brackets). Ordered
 * by the numbers, not the text, so that {@code 10.0.0.2} comes before {@code 10.0.0.10}.
 */
public record ChannelKey(int ipVersion, long clientHi, long clientLo, long serverHi, long serverLo, int serverPort,
                         int unit) implements Comparable<ChannelKey> {
    private static final Pattern TEXT = Pattern.compile("(\\S+) > (\\S+):(\\d{1,5}) unit (\\d{1,3})");

    public ChannelKey {
        if (ipVersion != 4 && ipVersion != 6) {
            throw new IllegalArgumentException("IP version " + ipVersion);
        }
        if (serverPort < 0 || serverPort > 0xFFFF || unit < 0 || unit > 0xFF) {
            throw new IllegalArgumentException("port " + serverPort + " or unit " + unit + " out of range");
        }
    }

    /** The server side of the channel. */
    public UnitAddress server() {
        return new UnitAddress(ipVersion, serverHi, serverLo, serverPort, unit);
    }

    public String clientText() {
        return HostText.format(ipVersion, clientHi, clientLo);
    }

    @Override
    public String toString() {
        return clientText() + " > " + HostText.formatServer(ipVersion, serverHi, serverLo, serverPort) + " unit " + unit;
    }

    /** The inverse of {@link #toString()}; null when {@code text} is not in that form. */
    public static ChannelKey parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        Network client = HostText.parse(m.group(1));
        Network server = HostText.parse(m.group(2));
        int port = Integer.parseInt(m.group(3));
        int unit = Integer.parseInt(m.group(4));
        if (client == null || server == null || client.version() != server.version() || port > 0xFFFF || unit > 0xFF
                || (server.version() == 6) != m.group(2).startsWith("[")) {
            return null;
        }
        return new ChannelKey(client.version(), client.hi(), client.lo(), server.hi(), server.lo(), port, unit);
    }

    // Written out: a record's generated equals and hashCode are bootstrapped through method
    // handles on first use, which costs a cold JVM milliseconds on the way to reading a baseline.
    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelKey k && ipVersion == k.ipVersion && clientHi == k.clientHi && clientLo == k.clientLo
                && serverHi == k.serverHi && serverLo == k.serverLo && serverPort == k.serverPort && unit == k.unit;
    }

    @Override
    public int hashCode() {
        long h = ipVersion;
        h = h * 31 + clientHi;
        h = h * 31 + clientLo;
        h = h * 31 + serverHi;
        h = h * 31 + serverLo;
        h = h * 31 + serverPort;
        h = h * 31 + unit;
        return Long.hashCode(h);
    }

    @Override
    public int compareTo(ChannelKey o) {
        int c = Integer.compare(ipVersion, o.ipVersion);
        if (c == 0) {
            c = compare128(clientHi, clientLo, o.clientHi, o.clientLo);
        }
        if (c == 0) {
            c = compare128(serverHi, serverLo, o.serverHi, o.serverLo);
        }
        if (c == 0) {
            c = Integer.compare(serverPort, o.serverPort);
        }
        return c != 0 ? c : Integer.compare(unit, o.unit);
    }

    static int compare128(long hi, long lo, long otherHi, long otherLo) {
        int c = Long.compareUnsigned(hi, otherHi);
        return c != 0 ? c : Long.compareUnsigned(lo, otherLo);
    }
}
