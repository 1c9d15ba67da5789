package io.statewall.engine.eve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpTextTest {

    private static String write(String address) throws Exception {
        byte[] b = InetAddress.getByName(address).getAddress();
        JsonOut out = new JsonOut(64);
        if (b.length == 4) {
            IpText.write(out, 4, 0, ByteBuffer.wrap(b).getInt() & 0xFFFF_FFFFL);
        } else {
            ByteBuffer bb = ByteBuffer.wrap(b);
            IpText.write(out, 6, bb.getLong(), bb.getLong());
        }
        return new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "10.0.0.57, 10.0.0.57",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        // RFC 5952 §4: leading zeros dropped, longest zero run shortened, first run on a tie, lower case
        "2001:0db8:0000:0000:0000:0000:0002:0001, 2001:db8::2:1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:DB8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "fe80:0:0:0:0:0:0:0, fe80::",
        "2001:db8:0:0:0:1:0:0, 2001:db8::1:0:0",
    })
    void formatsAddresses(String input, String expected) throws Exception {
        assertThat(write(input)).isEqualTo("\"" + expected + "\"");
    }

    @ParameterizedTest(name = "v4-mapped {0}")
    @CsvSource({"192.0.2.1", "10.1.2.3"})
    void writesIpv4MappedWithDottedQuad(String v4) {
        long lo = 0xFFFFL << 32;
        String[] parts = v4.split("\\.");
        for (int i = 0; i < 4; i++) {
            lo |= Long.parseLong(parts[i]) << (24 - 8 * i);
        }
        JsonOut out = new JsonOut(64);
        IpText.write(out, 6, 0, lo);
        assertThat(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8)).isEqualTo("\"::ffff:" + v4 + "\"");
    }
}
