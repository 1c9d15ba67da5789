package io.statewall.nma.inline;

import io.statewall.engine.eve.FlowContext;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Socket addresses in the engine's form: IPv4 in the low 32 bits, IPv6 as two longs. */
final class Endpoints {
    private Endpoints() {}

    /** The client is EVE's {@code src}, the controller its {@code dest} (as Suricata writes app records). */
    static void fill(FlowContext flow, long flowId, InetSocketAddress client, InetSocketAddress controller) {
        InetAddress c = client.getAddress();
        InetAddress s = controller.getAddress();
        // A v4-mapped pair is not a concern: the JDK gives Inet4Address for IPv4 peers on a dual stack.
        int version = c instanceof Inet4Address && s instanceof Inet4Address ? 4 : 6;
        long[] src = words(c, version);
        long[] dest = words(s, version);
        flow.set(flowId, version, src[0], src[1], client.getPort(), dest[0], dest[1], controller.getPort(), 6, "modbus");
    }

    private static long[] words(InetAddress a, int version) {
        byte[] b = a.getAddress();
        if (version == 4) {
            return new long[] {0, ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL)};
        }
        byte[] v6 = b.length == 16 ? b : mapped(b);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | (v6[i] & 0xFF);
            lo = lo << 8 | (v6[i + 8] & 0xFF);
        }
        return new long[] {hi, lo};
    }

    /** RFC 4291 §2.5.5.2: ::ffff:a.b.c.d. */
    private static byte[] mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xFF;
        out[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }
}
