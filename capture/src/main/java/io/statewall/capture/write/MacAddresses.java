package io.statewall.capture.write;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * MAC addresses made up from IP addresses, for frames synthesised where no link layer was
 * seen (a proxy's sockets): the same host always gets the same MAC, and the MAC tells a reader
 * which host it stands for.
 *
 * <pre>
 * octet   0    1    2    3    4    5
 * IPv4    02   00   a    b    c    d     for a.b.c.d, and for IPv4-mapped ::ffff:a.b.c.d
 * IPv6    06   the address's last five octets
 * </pre>
 *
 * The first octet sets the U/L bit (0x02): locally administered, so it can never be a vendor's
 * (IEEE Std 802-2014 §8.2.2), and clears the I/G bit (0x01): unicast. For IPv6 the tail of the
 * interface identifier is what tells hosts apart on one link, whose hosts share the prefix.
 */
final class MacAddresses {
    private static final long IPV4_PREFIX = 0x0200_0000_0000L;
    private static final long IPV6_PREFIX = 0x0600_0000_0000L;

    private MacAddresses() {}

    /** The 48-bit MAC for {@code address}, in the low bits of the long. */
    static long derive(InetAddress address) {
        byte[] a = address.getAddress();
        if (address instanceof Inet4Address) {
            return IPV4_PREFIX | tail(a, 4);
        }
        if (isIpv4Mapped(a)) {
            return IPV4_PREFIX | tail(a, 4);
        }
        return IPV6_PREFIX | tail(a, 5);
    }

    /** RFC 4291 §2.5.5.2: ten zero octets, two 0xff, then the IPv4 address. */
    static boolean isIpv4Mapped(byte[] a) {
        if (a.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    private static long tail(byte[] a, int octets) {
        long v = 0;
        for (int i = a.length - octets; i < a.length; i++) {
            v = (v << 8) | (a[i] & 0xFF);
        }
        return v;
    }
}
