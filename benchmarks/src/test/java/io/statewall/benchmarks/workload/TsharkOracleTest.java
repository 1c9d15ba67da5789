package io.statewall.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wireshark's dissectors as an independent oracle on a small generated capture (tshark 4.0 field
 * names). Skipped where tshark is not installed.
 */
class TsharkOracleTest {
    private static final Path TSHARK = Path.of("/usr/bin/tshark");
    /** Big enough to hold writes and an exception, small enough for tshark to read in a second. */
    private static final long PACKETS = 30_000;
    /** Wireshark's expert severity PI_WARN (0x00600000): warnings and errors start there. */
    private static final long PI_WARN = 0x0060_0000L;

    @TempDir
    static Path dir;
    private static Path pcap;
    private static WorkloadSummary summary;

    @BeforeAll
    static void generate() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(TSHARK), "/usr/bin/tshark absent: skipped");
        pcap = dir.resolve("small.pcap");
        summary = ModbusWorkloadGenerator.write(pcap, WorkloadOptions.DEFAULT.withPackets(PACKETS));
    }

    private static List<String> tshark(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(TSHARK.toString(), "-n", "-r", pcap.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("tshark.out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor()).as("tshark exit status for %s", cmd).isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void noFrameIsMalformedAndNothingDrawsAWarning() throws Exception {
        assertThat(tshark("-Y", "_ws.malformed")).isEmpty();
        assertThat(tshark("-Y", "_ws.expert.severity >= " + PI_WARN + " || tcp.analysis.flags")).isEmpty();
    }

    @Test
    void everyIpv4AndTcpChecksumVerifies() throws Exception {
        List<String> status = tshark("-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
                "-T", "fields", "-e", "ip.checksum.status", "-e", "tcp.checksum.status");
        // 1 = good, 0 = bad, 2 = not verified: every frame must be verified and good.
        assertThat(status).hasSize((int) summary.packets()).containsOnly("1\t1");
        assertThat(tshark("-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
                "-Y", "tcp.checksum.status == 0 || ip.checksum.status == 0")).isEmpty();
    }

    @Test
    void tsharkCountsTheSameRequestsByFunctionCode() throws Exception {
        Map<Integer, Long> byFunction = new TreeMap<>();
        long adus = 0;
        for (String row : tshark("-Y", "mbtcp && tcp.dstport==502", "-T", "fields", "-e", "mbtcp.trans_id",
                "-e", "modbus.func_code")) {
            String[] cols = row.split("\t", -1);
            adus += cols[0].split(",").length; // several ADUs in one segment are listed comma-separated
            for (String fc : cols[1].split(",")) {
                byFunction.merge(Integer.parseInt(fc), 1L, Long::sum);
            }
        }
        assertThat(adus).isEqualTo(summary.transactions());
        assertThat(byFunction).isEqualTo(summary.byFunction());
        assertThat(summary.writes()).isPositive();
    }

    @Test
    void tsharkSeesTheSameExceptionResponses() throws Exception {
        Map<Integer, Long> byCode = new TreeMap<>();
        for (String row : tshark("-Y", "mbtcp && tcp.srcport==502 && modbus.exception_code", "-T", "fields",
                "-e", "modbus.exception_code")) {
            byCode.merge(Integer.parseInt(row.trim()), 1L, Long::sum);
        }
        assertThat(byCode).isEqualTo(summary.exceptionsByCode());
        assertThat(summary.exceptions()).isPositive();
    }

    @Test
    void everyConnectionOpensAndClosesInTsharksEyes() throws Exception {
        assertThat(tshark("-Y", "tcp.flags == 0x002")).hasSize((int) summary.connections());
        assertThat(tshark("-Y", "tcp.flags.fin == 1")).hasSize(2 * (int) summary.connections());
    }
}
