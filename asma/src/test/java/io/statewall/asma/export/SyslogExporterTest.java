package io.statewall.asma.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.EveLines;
import io.statewall.asma.store.CommittedEvent;
import io.statewall.asma.store.EveDigest;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Alerts to a syslog receiver on loopback: each message parses against RFC 5424's grammar, TCP
 * framing is RFC 6587 octet counting, and the CEF payload survives hostile text (pipes,
 * backslashes, equals signs, line breaks) intact once unescaped.
 */
class SyslogExporterTest {
    /**
     * RFC 5424 §6: PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG],
     * with the field lengths and character sets of the ABNF (SD-ELEMENTs reduced to their outline).
     */
    static final Pattern RFC5424 = Pattern.compile("<(\\d{1,3})>1 "
            + "(-|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?(?:Z|[+-]\\d{2}:\\d{2})) "
            + "(-|[\\x21-\\x7e]{1,255}) (-|[\\x21-\\x7e]{1,48}) (-|[\\x21-\\x7e]{1,128}) (-|[\\x21-\\x7e]{1,32}) "
            + "(-|(?:\\[[^\\]\\s=\"]{1,32}(?: [^\\]\\s=\"]{1,32}=\"(?:[^\"\\\\\\]]|\\\\.)*\")*\\])+)(?: (.*))?", Pattern.DOTALL);

    static final String HOSTILE_SIGNATURE = "Evil|sig\\with=equals\nand a newline";
    static final String HOSTILE_RULE = "r=1|x\\y\r\nz";

    static CommittedEvent event(long id, String nma, String json) throws Exception {
        return new CommittedEvent(id, nma, EveDigest.parse(json, 0), json);
    }

    static CommittedEvent hostile() throws Exception {
        String json = EveLines.ALERT
                .replace("Breaker open command during normal operation", "Evil|sig\\\\with=equals\\nand a newline")
                .replace("no-breaker-open-in-normal", "r=1|x\\\\y\\r\\nz");
        CommittedEvent e = event(7, "boiler nma", json);
        assertThat(e.digest().signature).isEqualTo(HOSTILE_SIGNATURE);
        assertThat(e.digest().rule).isEqualTo(HOSTILE_RULE);
        return e;
    }

    @Test
    void udpDatagramsAreRfc5424WithCefThatRoundTrips() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             SyslogExporter x = new SyslogExporter("siem", ExportFilter.ALERTS, SyslogExporter.Transport.UDP,
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.getLocalPort()), 20, "0.1", 100)) {
            receiver.setSoTimeout(30_000);
            x.start();
            x.offer(event(1, "boiler-nma", EveLines.STATE));
            x.offer(hostile());
            byte[] buf = new byte[65_536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            receiver.receive(p);
            String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            checkHostile(msg);
        }
    }

    @Test
    void tcpUsesOctetCountingAndCarriesEveryAlert() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             SyslogExporter x = new SyslogExporter("siem", new ExportFilter(java.util.Set.of("alert", "state"), 3),
                     SyslogExporter.Transport.TCP, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     server.getLocalPort()), 20, "0.1", 100)) {
            server.setSoTimeout(30_000);
            x.start();
            x.offer(event(1, "boiler-nma", EveLines.STATE));
            x.offer(hostile());
            x.offer(event(3, "boiler-nma", EveLines.ALERT));
            try (Socket s = server.accept()) {
                s.setSoTimeout(30_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                List<String> frames = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    frames.add(frame(in));
                }
                Matcher state = RFC5424.matcher(frames.get(0));
                assertThat(state.matches()).as(frames.get(0)).isTrue();
                assertThat(state.group(1)).as("local4.notice").isEqualTo(String.valueOf(20 * 8 + 5));
                assertThat(state.group(6)).isEqualTo("state");
                assertThat(cef(state.group(8)).get("name")).isEqualTo("Operating state startup -> normal");
                checkHostile(frames.get(1));
                Matcher plain = RFC5424.matcher(frames.get(2));
                assertThat(plain.matches()).isTrue();
                assertThat(plain.group(3)).isEqualTo("boiler-nma");
                Map<String, String> ext = cef(plain.group(8));
                assertThat(ext).containsEntry("cs4", "T0855 T0831").containsEntry("cs4Label", "attack")
                        .containsEntry("cn1", "4131863047943074845").containsEntry("rt", "1795637830611");
            }
        }
    }

    /** One octet-counted frame: MSG-LEN SP SYSLOG-MSG. */
    private static String frame(InputStream in) throws IOException {
        StringBuilder len = new StringBuilder();
        for (int c; (c = in.read()) != ' '; ) {
            assertThat(c).as("a digit of MSG-LEN").isBetween((int) '0', (int) '9');
            len.append((char) c);
        }
        byte[] b = new DataInputStream(in).readNBytes(Integer.parseInt(len.toString()));
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void checkHostile(String msg) {
        Matcher m = RFC5424.matcher(msg);
        assertThat(m.matches()).as(msg).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("local4.crit for a severity-1 alert").isEqualTo(20 * 8 + 2);
        assertThat(m.group(2)).isEqualTo("2026-11-25T20:17:10.611381Z");
        assertThat(m.group(3)).as("HOSTNAME is PRINTUSASCII").isEqualTo("boiler_nma");
        assertThat(m.group(4)).isEqualTo("statewall");
        assertThat(m.group(6)).isEqualTo("alert");
        assertThat(m.group(8)).doesNotContain("\n").doesNotContain("\r");
        Map<String, String> cef = cef(m.group(8));
        assertThat(cef).containsEntry("version", "0").containsEntry("vendor", "Statewall")
                .containsEntry("product", "Statewall NMA").containsEntry("signatureId", "1075536913")
                .containsEntry("name", "Evil|sig\\with=equals and a newline").containsEntry("severity", "9")
                .containsEntry("cs2Label", "rule").containsEntry("cs2", HOSTILE_RULE)
                .containsEntry("dvchost", "boiler nma").containsEntry("act", "blocked").containsEntry("src", "127.0.0.1")
                .containsEntry("dpt", "5020").containsEntry("externalId", "7");
    }

    /** A CEF record: header fields by name, then the extension's keys, each unescaped. */
    static Map<String, String> cef(String text) {
        assertThat(text).startsWith("CEF:");
        List<String> header = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 4;
        while (header.size() < 7) {
            char c = text.charAt(i++);
            if (c == '\\') {
                char n = text.charAt(i++);
                assertThat(n).as("only \\\\ and \\| are escapes in a header").isIn('\\', '|');
                cur.append(n);
            } else if (c == '|') {
                header.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        String[] names = {"version", "vendor", "product", "productVersion", "signatureId", "name", "severity"};
        for (int k = 0; k < 7; k++) {
            out.put(names[k], header.get(k));
        }
        String ext = text.substring(i);
        // key=value pairs; a value runs until the space before the next unescaped key=.
        Matcher keys = Pattern.compile("(?:^| )([A-Za-z0-9]+)=").matcher(ext);
        List<int[]> spans = new ArrayList<>();
        while (keys.find()) {
            if (keys.start() > 0 && ext.charAt(keys.start() - 1) == '\\') {
                continue;
            }
            spans.add(new int[] {keys.start(1), keys.end(1), keys.end()});
        }
        for (int k = 0; k < spans.size(); k++) {
            int end = k + 1 < spans.size() ? spans.get(k + 1)[0] - 1 : ext.length();
            String raw = ext.substring(spans.get(k)[2], end);
            StringBuilder v = new StringBuilder();
            for (int j = 0; j < raw.length(); j++) {
                char c = raw.charAt(j);
                if (c == '=') {
                    throw new AssertionError("unescaped '=' in an extension value: " + raw);
                }
                if (c == '\\') {
                    char n = raw.charAt(++j);
                    v.append(switch (n) {
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case '\\', '=' -> n;
                        default -> throw new AssertionError("unknown escape \\" + n + " in " + raw);
                    });
                } else {
                    v.append(c);
                }
            }
            out.put(ext.substring(spans.get(k)[0], spans.get(k)[1]), v.toString());
        }
        return out;
    }
}
