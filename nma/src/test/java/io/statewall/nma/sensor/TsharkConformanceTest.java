package io.statewall.nma.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureReader;
import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Modbus capture of the third-party corpus, compared per flow with Wireshark's dissector
 * (the {@code oracle-tshark} TSVs): each request's transaction id, unit id, function code,
 * start address and quantity, and each response's transaction id, unit id, function code and
 * exception code, as multisets per flow and direction.
 *
 * <p>Differences that the spec justifies are listed in {@link #JUSTIFIED}; anything else
 * fails the test with the list of disagreements.
 */
class TsharkConformanceTest {

    /**
     * capture → differences we accept. Each one was read in the capture; the comment gives the
     * clause that decides it. Everything not listed here must agree exactly.
     */
    static final Map<String, List<String>> JUSTIFIED = Map.ofEntries(
            // Schneider UMAS on FC 90 sends an ADU of 261 bytes: MBAP length 255. MB-AP §4.1 limits
            // the PDU to 253 bytes (ADU 260, length <= 254), so the frame is an INVALID_LENGTH
            // anomaly and skipped; Wireshark decodes it anyway.
            Map.entry("iti-ics-security-tools/pcaps/modicon/modicon_test.pcap", List.of(
                    "192.168.63.100:7718>192.168.63.253:502 req tx=7 unit=0 fc=90 ours=0 tshark=1",
                    "192.168.63.100:7718>192.168.63.253:502 rsp tx=7 unit=0 fc=90 exc=- ours=0 tshark=1")),
            // Frame 4 is a correctly framed MBAP response (length 203) whose FC 4 byte count says 129
            // for 200 register bytes. MB-AP §6.4 makes that a malformed PDU, not a missing frame:
            // we report the transaction with invalid_length/invalid_value; Wireshark drops it.
            Map.entry("zeek/testing/btest/Traces/modbus/fuzz-1011.pcap", List.of(
                    "10.1.1.234:51411>10.10.5.104:502 rsp tx=6714 unit=255 fc=4 exc=- ours=1 tshark=0")),
            Map.entry("iti-ics-security-tools/pcaps/bro/modbus/fuzz-1011.pcap", List.of(
                    "10.1.1.234:51411>10.10.5.104:502 rsp tx=6714 unit=255 fc=4 exc=- ours=1 tshark=0")),
            // A fuzzed stream with holes. (1) Frame 6's ADU (FC 33, length 4) is followed by two stray
            // bytes and then a header with length 0: after a reassembly gap we only accept a frame
            // that the next bytes confirm (MB-TCP §3.1.3 length 2..254), so it is skipped, and the
            // FC 34 frame behind the stray bytes (frame 7, which Wireshark leaves undecoded) is found.
            // (2) The server side opens with SYN+FIN; its later bytes lie after its FIN and are not
            // stream data (RFC 9293 §3.10.7.4), so the FC 32 exception is not seen.
            Map.entry("zeek/testing/btest/Traces/modbus/fuzz-72.pcap", List.of(
                    "192.168.66.235:2582>166.161.16.230:502 req tx=0 unit=1 fc=33 ours=0 tshark=1",
                    "192.168.66.235:2582>166.161.16.230:502 req tx=0 unit=1 fc=34 ours=1 tshark=0",
                    "192.168.66.235:2582>166.161.16.230:502 rsp tx=0 unit=1 fc=32 exc=1 ours=0 tshark=1")),
            Map.entry("iti-ics-security-tools/pcaps/bro/modbus/fuzz-72.pcap", List.of(
                    "192.168.66.235:2582>166.161.16.230:502 req tx=0 unit=1 fc=33 ours=0 tshark=1",
                    "192.168.66.235:2582>166.161.16.230:502 req tx=0 unit=1 fc=34 ours=1 tshark=0",
                    "192.168.66.235:2582>166.161.16.230:502 rsp tx=0 unit=1 fc=32 exc=1 ours=0 tshark=1")),
            // Frame 3150 carries the 10 response bytes 7085..7094 after the client's ACK of them was
            // captured (mirror-port reordering). Wireshark calls it a spurious retransmission and does
            // not dissect it; the bytes were never delivered before (RFC 9293 §3.4), so they are the
            // stream and the FC 1 response to request 50382 is real.
            Map.entry("zeek/testing/btest/Traces/modbus/modbusBig.pcap", List.of(
                    "10.235.149.240:49226>10.235.149.243:502 rsp tx=50382 unit=255 fc=1 exc=- ours=1 tshark=0")),
            Map.entry("iti-ics-security-tools/pcaps/bro/modbus/modbusBig.pcap", List.of(
                    "10.235.149.240:49226>10.235.149.243:502 rsp tx=50382 unit=255 fc=1 exc=- ours=1 tshark=0")),
            // Frames 111 and 113 each hold an 11-byte FC 42 ADU plus 3 stray bytes. Wireshark takes
            // frame 113 as the continuation of a PDU and decodes nothing in it; framing by the MBAP
            // length (MB-TCP §3.1.3) and resynchronising finds the second, identical ADU.
            Map.entry("iti-ics-security-tools/pcaps/ModbusTCP/modbus_test_data_part1.pcap", List.of(
                    "10.0.0.57:4446>10.0.0.8:502 rsp tx=1 unit=10 fc=42 exc=- ours=2 tshark=1")));

    static Stream<String> captures() {
        return Corpus.modbusCaptures().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void agreesWithTshark(String capture) throws Exception {
        Path root = Corpus.root();
        Map<String, Integer> ours = ourFrames(root.resolve(capture));
        Map<String, Integer> theirs = tsharkFrames(root.resolve("oracle-tshark").resolve(capture + ".tsv"));
        List<String> diffs = difference(ours, theirs);
        diffs.removeAll(JUSTIFIED.getOrDefault(capture, List.of()));
        int total = theirs.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(diffs)
                .as("%s: %d tshark Modbus PDUs; disagreements (ours vs tshark)", capture, total)
                .isEmpty();
    }

    static List<String> difference(Map<String, Integer> ours, Map<String, Integer> theirs) {
        List<String> out = new ArrayList<>();
        Map<String, int[]> all = new TreeMap<>();
        ours.forEach((k, v) -> all.computeIfAbsent(k, x -> new int[2])[0] = v);
        theirs.forEach((k, v) -> all.computeIfAbsent(k, x -> new int[2])[1] = v);
        all.forEach((k, v) -> {
            if (v[0] != v[1]) {
                out.add(k + " ours=" + v[0] + " tshark=" + v[1]);
            }
        });
        return out;
    }

    /**
     * Key of one request: flow (client→server), and the compared fields. Wireshark's
     * {@code modbus.reference_num} is the starting address of FC 1–6, 15, 16, 22 and the FIFO
     * pointer address of FC 24; its {@code word_cnt}/{@code bit_cnt} is the quantity of FC 1–4,
     * 15, 16. FC 23 has two addresses that tshark reports in other fields than the oracle kept,
     * so neither is compared for it; other functions have no address at all.
     */
    static String requestKey(String client, String server, int txId, int unit, int fc, String addr, String qty) {
        boolean hasAddress = switch (fc) {
            case 1, 2, 3, 4, 5, 6, 15, 16, 22, 24 -> true;
            default -> false;
        };
        boolean hasQuantity = switch (fc) {
            case 1, 2, 3, 4, 15, 16 -> true;
            default -> false;
        };
        return client + ">" + server + " req tx=" + txId + " unit=" + unit + " fc=" + fc
                + (hasAddress ? " addr=" + addr : "") + (hasQuantity ? " qty=" + qty : "");
    }

    static String responseKey(String client, String server, int txId, int unit, int fc, String exc) {
        return client + ">" + server + " rsp tx=" + txId + " unit=" + unit + " fc=" + fc + " exc=" + exc;
    }

    private static Map<String, Integer> ourFrames(Path capture) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        TransactionSink sink = (FlowContext flow, ModbusTransaction tx) -> {
            String client = endpoint(flow.ipVersion, flow.srcAddrHi, flow.srcAddrLo, flow.srcPort);
            String server = endpoint(flow.ipVersion, flow.destAddrHi, flow.destAddrLo, flow.destPort);
            if (tx.hasRequest()) {
                int fc = tx.request().functionRaw() & 0x7F;
                int addr = tx.readAddress() >= 0 ? tx.readAddress() : tx.writeAddress();
                int qty = tx.readQuantity() >= 0 ? tx.readQuantity() : tx.writeQuantity();
                out.merge(requestKey(client, server, tx.request().transactionId(), tx.request().unitId(), fc,
                        addr < 0 ? "-" : Integer.toString(addr), qty < 0 ? "-" : Integer.toString(qty)), 1, Integer::sum);
            }
            if (tx.hasResponse()) {
                int exc = tx.response().exceptionCode();
                out.merge(responseKey(client, server, tx.response().transactionId(), tx.response().unitId(),
                        tx.response().functionRaw() & 0x7F, exc < 0 ? "-" : Integer.toString(exc)), 1, Integer::sum);
            }
        };
        PassiveAnalyzer analyzer = new PassiveAnalyzer(AnalyzerConfig.DEFAULT, null, sink);
        try (CaptureReader reader = CaptureFiles.open(capture)) {
            analyzer.analyze(reader);
            analyzer.finish();
        }
        return out;
    }

    private static String endpoint(int ipVersion, long hi, long lo, int port) {
        if (ipVersion == 4) {
            return ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF) + ":" + port;
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 8; i++) {
            long w = i < 4 ? hi : lo;
            sb.append(i == 0 ? "" : ":").append(Long.toHexString((w >>> (48 - 16 * (i & 3))) & 0xFFFF));
        }
        return sb.append("]:").append(port).toString();
    }

    /**
     * Reads the oracle: one row per frame; a frame carrying several ADUs has comma-separated
     * values. Address and quantity are compared where tshark gives one value per ADU.
     */
    private static Map<String, Integer> tsharkFrames(Path tsv) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        List<String> lines = Files.readAllLines(tsv);
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int ipSrc = header.indexOf("ip.src"), ip6Src = header.indexOf("ipv6.src"), sport = header.indexOf("tcp.srcport");
        int ipDst = header.indexOf("ip.dst"), ip6Dst = header.indexOf("ipv6.dst"), dport = header.indexOf("tcp.dstport");
        int tx = header.indexOf("mbtcp.trans_id"), unit = header.indexOf("mbtcp.unit_id"), fc = header.indexOf("modbus.func_code");
        int exc = header.indexOf("modbus.exception_code"), ref = header.indexOf("modbus.reference_num");
        int words = header.indexOf("modbus.word_cnt"), bits = header.indexOf("modbus.bit_cnt");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f[tx].isEmpty() || f[fc].isEmpty()) {
                continue;
            }
            String src = (f[ipSrc].isEmpty() ? "[" + expand6(f[ip6Src]) + "]" : f[ipSrc]) + ":" + f[sport];
            String dst = (f[ipDst].isEmpty() ? "[" + expand6(f[ip6Dst]) + "]" : f[ipDst]) + ":" + f[dport];
            boolean request = f[dport].equals("502");
            String[] txs = f[tx].split(","), units = f[unit].split(","), fcs = f[fc].split(",");
            String[] excs = split(f[exc]), refs = split(f[ref]), qtys = split(f[words].isEmpty() ? f[bits] : f[words]);
            int n = fcs.length;
            for (int i = 0; i < n; i++) {
                int t = Integer.parseInt(txs[Math.min(i, txs.length - 1)]);
                int u = Integer.parseInt(units[Math.min(i, units.length - 1)]);
                int code = Integer.parseInt(fcs[i]) & 0x7F;
                if (request) {
                    String a = refs.length == n ? refs[i] : (refs.length == 0 ? "-" : "?");
                    String q = qtys.length == n ? qtys[i] : (qtys.length == 0 ? "-" : "?");
                    out.merge(requestKey(src, dst, t, u, code, a, q), 1, Integer::sum);
                } else {
                    String e = excs.length == n ? excs[i] : (excs.length == 0 ? "-" : "?");
                    out.merge(responseKey(dst, src, t, u, code, e), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    private static String[] split(String field) {
        return field.isEmpty() ? new String[0] : field.split(",");
    }

    private static String expand6(String text) {
        try {
            byte[] b = java.net.InetAddress.getByName(text).getAddress();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i += 2) {
                sb.append(i == 0 ? "" : ":").append(Integer.toHexString(((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF)));
            }
            return sb.toString();
        } catch (java.net.UnknownHostException e) {
            return text;
        }
    }
}
