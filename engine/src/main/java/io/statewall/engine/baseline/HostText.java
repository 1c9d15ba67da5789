package io.statewall.engine.baseline;

import io.statewall.engine.eve.IpText;
import io.statewall.engine.eve.JsonOut;
import io.statewall.engine.policy.Network;
import java.nio.charset.StandardCharsets;

/**
 * IP addresses in the baseline file: the EVE records' text form (dotted quad; IPv6 as RFC 5952
 * writes it), so an address reads the same in an alert and in the baseline it came from.
 * Addresses are held as {@code FlowContext} holds them (IPv4 in the low 32 bits of {@code lo}).
 */
final class HostText {
    private HostText() {
    }

    static String format(int ipVersion, long hi, long lo) {
        JsonOut j = new JsonOut(48);
        IpText.write(j, ipVersion, hi, lo);
        // IpText writes a JSON string: drop its quotes.
        return new String(j.array(), 1, j.size() - 2, StandardCharsets.US_ASCII);
    }

    /** An address as a server is written: IPv6 in brackets so that ':port' can follow. */
    static String formatServer(int ipVersion, long hi, long lo, int port) {
        String a = format(ipVersion, hi, lo);
        return (ipVersion == 6 ? "[" + a + "]" : a) + ":" + port;
    }

    /**
     * One host address ({@code 10.0.0.1}, {@code fd00::1}, or bracketed); null when the text is
     * not one. A network ({@code /24}) is not a host.
     */
    static Network parse(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (t.indexOf('/') >= 0) {
            return null;
        }
        try {
            return Network.parse(t);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
