package io.statewall.engine.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR form, or a single address (prefix 32 or 128). Addresses are
 * held the way {@link io.statewall.engine.eve.FlowContext} holds them: IPv4 in the low 32 bits
 * of {@code lo} with {@code hi} 0, IPv6 as two big-endian halves. Host bits are always zero,
 * so equal networks are equal records.
 *
 * <p>Parsing accepts literals only and never resolves a name: an endpoint that looks like a
 * host name is an unknown asset, not a DNS query made while loading a policy.
 */
public record Network(int version, long hi, long lo, int prefixLength) {
    public static final Network ANY_V4 = new Network(4, 0, 0, 0);
    public static final Network ANY_V6 = new Network(6, 0, 0, 0);

    /** Dotted quad only: {@code InetAddress} would also take "10.1" or "10" as IPv4. */
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    public Network {
        if (version != 4 && version != 6) {
            throw new IllegalArgumentException("IP version must be 4 or 6: " + version);
        }
        int bits = version == 4 ? 32 : 128;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0.." + bits + ": " + prefixLength);
        }
        if (version == 4 && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address must be in the low 32 bits of lo");
        }
        long[] masked = mask(version, hi, lo, prefixLength);
        hi = masked[0];
        lo = masked[1];
    }

    /**
     * Parses {@code 10.1.2.3}, {@code 10.1.0.0/16}, {@code fd00::30}, {@code fd00::/8}.
     *
     * @throws IllegalArgumentException with a message fit for the user when the text is neither
     */
    public static Network parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        Network host = parseAddress(addr);
        if (host == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR network");
        }
        if (slash < 0) {
            return host;
        }
        String len = t.substring(slash + 1);
        int max = host.version == 4 ? 32 : 128;
        if (!len.matches("\\d{1,3}") || Integer.parseInt(len) > max) {
            throw new IllegalArgumentException("'" + text + "': prefix length must be 0.." + max);
        }
        int prefix = Integer.parseInt(len);
        Network n = new Network(host.version, host.hi, host.lo, prefix);
        if (n.hi != host.hi || n.lo != host.lo) {
            throw new IllegalArgumentException("'" + text + "' has host bits set (the network is " + n + ")");
        }
        return n;
    }

    private static Network parseAddress(String addr) {
        InetAddress a;
        try {
            if (DOTTED_QUAD.matcher(addr).matches()) {
                a = Inet4Address.ofLiteral(addr);
            } else if (addr.indexOf(':') >= 0 && IPV6_CHARS.matcher(addr).matches()) {
                a = Inet6Address.ofLiteral(addr);
            } else {
                return null;
            }
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return new Network(4, 0, word(b, 0, 4), 32);
        }
        return new Network(6, word(b, 0, 8), word(b, 8, 8), 128);
    }

    private static long word(byte[] b, int from, int count) {
        long v = 0;
        for (int i = from; i < from + count; i++) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    private static long[] mask(int version, long hi, long lo, int prefix) {
        if (version == 4) {
            long m = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
            return new long[] {0, lo & m};
        }
        long mHi = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
        long mLo = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        return new long[] {hi & mHi, lo & mLo};
    }

    /** True for a /32 or /128: one host. */
    public boolean isSingleAddress() {
        return prefixLength == (version == 4 ? 32 : 128);
    }

    /** True when the address ({@code FlowContext} form) lies in this network. */
    public boolean contains(int addrVersion, long addrHi, long addrLo) {
        if (addrVersion != version) {
            return false;
        }
        long[] m = mask(version, addrHi, addrLo, prefixLength);
        return m[0] == hi && m[1] == lo;
    }

    /** True when every address of {@code other} lies in this network. */
    public boolean contains(Network other) {
        return other.version == version && other.prefixLength >= prefixLength
                && contains(other.version, other.hi, other.lo);
    }

    /** CIDR blocks either nest or are disjoint, so they intersect exactly when one contains the other. */
    public boolean intersects(Network other) {
        return contains(other) || other.contains(this);
    }

    @Override
    public String toString() {
        String a;
        try {
            if (version == 4) {
                a = InetAddress.getByAddress(new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo})
                        .getHostAddress();
            } else {
                byte[] b = new byte[16];
                for (int i = 0; i < 8; i++) {
                    b[i] = (byte) (hi >>> (56 - 8 * i));
                    b[8 + i] = (byte) (lo >>> (56 - 8 * i));
                }
                a = InetAddress.getByAddress(b).getHostAddress();
            }
        } catch (java.net.UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
        return isSingleAddress() ? a : a + "/" + prefixLength;
    }
}
