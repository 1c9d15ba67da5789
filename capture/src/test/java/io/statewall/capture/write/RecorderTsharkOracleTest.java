package io.statewall.capture.write;

import static io.statewall.capture.write.TcpSegmentEncoderTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wireshark as an independent oracle on a recording (tshark 4.0 field names): checksums good,
 * no TCP analysis flag, Modbus/TCP decoded on port 502, and its own TCP stream reassembly gives
 * back the bytes recorded. Skipped where tshark is not installed.
 */
class RecorderTsharkOracleTest {
    private static final Path TSHARK = Path.of("/usr/bin/tshark");
    private static final long T0 = 1_750_000_000_000_000_000L;
    /** Requests pipelined in one burst: 4,800 bytes, more than three full segments. */
    private static final int PIPELINED = 400;
    private static final int REGISTERS = 10;

    @TempDir
    static Path dir;
    private static Path pcap;
    private static long packets;
    private static long ipv4Packets;
    private static final ByteArrayOutputStream GARBAGE_UP = new ByteArrayOutputStream();
    private static final ByteArrayOutputStream GARBAGE_DOWN = new ByteArrayOutputStream();
    private static final ByteArrayOutputStream MODBUS_UP = new ByteArrayOutputStream();
    private static final ByteArrayOutputStream MODBUS_DOWN = new ByteArrayOutputStream();

    /**
     * tcp.stream 0: IPv4 Modbus (reads, a write, an exception, 400 pipelined reads), client closes;
     * 1: IPv6 Modbus read, server closes; 2: IPv4 garbage both ways on a port tshark dissects as
     * plain data, reset by the client; 3: IPv6 Modbus read left open, ended by the recorder's close.
     */
    @BeforeAll
    static void record() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(TSHARK), "/usr/bin/tshark absent: skipped");
        pcap = dir.resolve("recorded.pcap");
        TcpConversationRecorder r = new TcpConversationRecorder(PcapWriter.create(pcap),
                InstantSource.fixed(Instant.ofEpochSecond(0, T0 + 10_000_000_000L)));
        try (r) {
            Conversation modbus = r.open(at("192.168.10.5", 40_100), at("192.168.10.20", 502), T0);
            Conversation modbus6 = r.open(at("2001:db8:10::5", 40_101), at("2001:db8:10::20", 502), T0 + 1_000);
            Conversation garbage = r.open(at("192.168.10.5", 40_102), at("192.168.10.30", 45_000), T0 + 2_000);
            Conversation left = r.open(at("2001:db8:10::5", 40_103), at("2001:db8:10::21", 502), T0 + 3_000);

            long t = T0 + 10_000;
            up(modbus, t, ModbusAdus.READ_REQUEST);
            down(modbus, t += 250_000, ModbusAdus.READ_RESPONSE);
            up(modbus, t += 50_000, ModbusAdus.WRITE_REQUEST);
            down(modbus, t += 250_000, ModbusAdus.WRITE_RESPONSE);
            up(modbus, t += 50_000, ModbusAdus.OUT_OF_RANGE_REQUEST);
            down(modbus, t += 250_000, ModbusAdus.EXCEPTION_RESPONSE);
            up(modbus, t += 50_000, ModbusAdus.pipelinedReads(100, PIPELINED, REGISTERS));
            down(modbus, t += 900_000, ModbusAdus.pipelinedResponses(100, PIPELINED, REGISTERS));
            modbus.close(t += 1_000, true);

            modbus6.clientData(t += 1_000, ModbusAdus.READ_REQUEST);
            modbus6.serverData(t += 1_000, ModbusAdus.READ_RESPONSE);
            modbus6.close(t += 1_000, false);

            byte[] noise = new byte[3 * 1460 + 1_001];
            SplittableRandom random = new SplittableRandom(45_000);
            for (int i = 0; i < 3; i++) {
                random.nextBytes(noise);
                garbage.clientData(t += 1_000, noise);
                GARBAGE_UP.writeBytes(noise);
                random.nextBytes(noise);
                garbage.serverData(t += 1_000, noise, 0, noise.length - i);
                GARBAGE_DOWN.write(noise, 0, noise.length - i);
            }
            garbage.reset(t += 1_000, true);

            left.clientData(t += 1_000, ModbusAdus.READ_REQUEST);
            left.serverData(t += 1_000, ModbusAdus.READ_RESPONSE);
        }
        packets = r.packets();
        ipv4Packets = ReadBack.of(pcap).segments.stream().filter(s -> s.ipVersion() == 4).count();
    }

    private static void up(Conversation c, long t, byte[] adu) {
        c.clientData(t, adu);
        MODBUS_UP.writeBytes(adu);
    }

    private static void down(Conversation c, long t, byte[] adu) {
        c.serverData(t, adu);
        MODBUS_DOWN.writeBytes(adu);
    }

    private static List<String> tshark(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(TSHARK.toString(), "-n", "-r", pcap.toString(),
                "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "tshark", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor()).as("tshark exit status for %s", cmd).isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void everyChecksumIsVerifiedAndGood() throws Exception {
        // 1 = good, 0 = bad, 2 = unverified. IPv6 has no header checksum: its column stays empty.
        List<String> status = tshark("-T", "fields", "-e", "ip.checksum.status", "-e", "tcp.checksum.status");
        assertThat(status).hasSize((int) packets);
        assertThat(status.stream().filter("1\t1"::equals).count()).as("IPv4 frames").isEqualTo(ipv4Packets);
        assertThat(status.stream().filter("\t1"::equals).count()).as("IPv6 frames").isEqualTo(packets - ipv4Packets);
    }

    @Test
    void tcpAnalysisFlagsNothingAndNothingIsMalformed() throws Exception {
        assertThat(tshark("-Y", "tcp.analysis.flags")).isEmpty();
        assertThat(tshark("-Y", "_ws.malformed")).isEmpty();
        // RST draws a warning by design ("Connection reset"); nothing else may.
        assertThat(tshark("-Y", "_ws.expert.severity >= 0x00600000 && !tcp.connection.rst")).isEmpty();
        assertThat(tshark("-Y", "tcp.connection.rst", "-T", "fields", "-e", "tcp.stream")).containsExactly("2");
    }

    @Test
    void modbusIsDecodedOnPort502WithEveryFunctionCode() throws Exception {
        Map<String, Integer> requests = new TreeMap<>();
        Map<String, Integer> responses = new TreeMap<>();
        for (String row : tshark("-Y", "mbtcp", "-T", "fields", "-e", "tcp.dstport", "-e", "modbus.func_code")) {
            String[] cols = row.split("\t", -1);
            for (String fc : cols[1].split(",")) {
                (cols[0].equals("502") ? requests : responses).merge(fc, 1, Integer::sum);
            }
        }
        int reads = 1 + 1 + PIPELINED + 1 + 1; // stream 0 read, out-of-range read, pipelined; streams 1 and 3
        assertThat(requests).isEqualTo(Map.of("3", reads, "16", 1));
        assertThat(responses).as("the exception answer carries FC 3 as well").isEqualTo(Map.of("3", reads, "16", 1));
        assertThat(tshark("-Y", "modbus.exception_code", "-T", "fields", "-e", "modbus.exception_code"))
                .containsExactly("2");
        assertThat(tshark("-Y", "mbtcp && tcp.stream == 0", "-T", "fields", "-e", "mbtcp.trans_id").stream()
                .mapToInt(row -> row.split(",").length).sum())
                .as("every ADU of stream 0, pipelined ones included")
                .isEqualTo(2 * (3 + PIPELINED));
    }

    @Test
    void tsharksOwnReassemblyGivesBackTheRecordedBytes() throws Exception {
        assertFollowed(0, MODBUS_UP.toByteArray(), MODBUS_DOWN.toByteArray());
        assertFollowed(2, GARBAGE_UP.toByteArray(), GARBAGE_DOWN.toByteArray());
    }

    /**
     * {@code -z follow,tcp,raw,N} prints the stream's chunks in hex between two rules of '=',
     * after the node lines: the client's at the margin, the server's indented by a tab.
     */
    private static void assertFollowed(int stream, byte[] toServer, byte[] toClient) throws Exception {
        ByteArrayOutputStream up = new ByteArrayOutputStream();
        ByteArrayOutputStream down = new ByteArrayOutputStream();
        boolean inData = false;
        for (String line : tshark("-q", "-z", "follow,tcp,raw," + stream)) {
            if (line.startsWith("Node 1:")) {
                inData = true;
            } else if (line.startsWith("=====")) {
                inData = false;
            } else if (inData) {
                (line.startsWith("\t") ? down : up).writeBytes(HexFormat.of().parseHex(line.strip()));
            }
        }
        assertThat(up.toByteArray()).as("stream %d to the server", stream).isEqualTo(toServer);
        assertThat(down.toByteArray()).as("stream %d to the client", stream).isEqualTo(toClient);
    }

    @Test
    void everyConnectionOpensAndEndsInTsharksEyes() throws Exception {
        assertThat(tshark("-Y", "tcp.flags == 0x002", "-T", "fields", "-e", "tcp.stream"))
                .containsExactly("0", "1", "2", "3");
        assertThat(tshark("-Y", "tcp.flags.fin == 1", "-T", "fields", "-e", "tcp.stream"))
                .containsExactly("0", "0", "1", "1", "3", "3");
    }
}
