package io.statewall.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModbusWorkloadGeneratorTest {
    /** Large enough for reconnects, gateway timeouts, device identification and every exception kind. */
    private static final long AUDITED_PACKETS = 600_000;

    @TempDir
    static Path shared;
    private static Path audited;
    private static WorkloadSummary auditedSummary;
    private static CaptureAudit audit;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateAndAudit() throws IOException {
        audited = shared.resolve("audited.pcap");
        auditedSummary = ModbusWorkloadGenerator.write(audited, WorkloadOptions.DEFAULT.withPackets(AUDITED_PACKETS));
        audit = CaptureAudit.of(audited);
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sameOptionsGiveTheSameBytes() throws IOException {
        WorkloadOptions o = WorkloadOptions.DEFAULT.withPackets(60_000).withPairs(7);
        Path a = dir.resolve("a.pcap");
        Path b = dir.resolve("b.pcap");
        WorkloadSummary sa = ModbusWorkloadGenerator.write(a, o);
        WorkloadSummary sb = ModbusWorkloadGenerator.write(b, o);
        assertThat(sha256(a)).isEqualTo(sha256(b));
        assertThat(sa).isEqualTo(sb);
    }

    @Test
    void anotherSeedGivesAnotherCapture() throws IOException {
        Path a = dir.resolve("a.pcap");
        Path b = dir.resolve("b.pcap");
        ModbusWorkloadGenerator.write(a, WorkloadOptions.DEFAULT.withPackets(20_000));
        ModbusWorkloadGenerator.write(b, WorkloadOptions.DEFAULT.withPackets(20_000).withSeed(503));
        assertThat(sha256(a)).isNotEqualTo(sha256(b));
    }

    @ParameterizedTest(name = "{0} packets over {1} pairs")
    @CsvSource({"1, 1", "1, 20", "500, 3", "5000, 20", "123457, 20", "40000, 200"})
    void thePacketCountLandsOnTheTarget(long target, int pairs) throws IOException {
        Path f = dir.resolve("n.pcap");
        WorkloadSummary s = ModbusWorkloadGenerator.write(f, WorkloadOptions.DEFAULT.withPackets(target).withPairs(pairs));
        assertThat(PcapRecords.read(f)).hasSize((int) s.packets());
        assertThat(Files.size(f)).isEqualTo(s.fileBytes()).isEqualTo(24 + 16 * s.packets() + s.frameBytes());
        // Every pair opens, runs at least one scan cycle and closes; beyond that, the target rules,
        // give or take one cycle per pair (at most ~80 segments).
        assertThat(s.packets()).isBetween(Math.max(1, target - 3L * pairs), target + 80L * pairs);
        assertThat(s.connections()).isGreaterThanOrEqualTo(pairs);
    }

    @Test
    void theCaptureIsWellFormedFrameByFrame() {
        assertThat(audit.violations).isEmpty();
        assertThat(audit.packets).isEqualTo(auditedSummary.packets());
        assertThat(audit.frameBytes).isEqualTo(auditedSummary.frameBytes());
        assertThat(audit.connectionsOpened).isEqualTo(audit.connectionsClosed).isEqualTo(auditedSummary.connections());
    }

    @Test
    void theSummaryCountsWhatIsInTheFile() {
        assertThat(audit.requests).isEqualTo(auditedSummary.transactions());
        for (int fc = 0; fc < 256; fc++) {
            assertThat(audit.requestsByFunction[fc]).as("FC %d", fc).isEqualTo(auditedSummary.transactions(fc));
        }
        assertThat(audit.exceptions).isEqualTo(auditedSummary.exceptions());
        for (int code = 0; code < 256; code++) {
            assertThat(audit.exceptionsByCode[code]).as("exception %02X", code)
                    .isEqualTo(auditedSummary.exceptionsByCode().getOrDefault(code, 0L));
        }
        // Pure ACKs: end of each handshake, end of each close, delayed ACKs, gateways' early ACKs.
        assertThat(audit.pureAcks).isEqualTo(2 * auditedSummary.connections() + auditedSummary.delayedAcks()
                + auditedSummary.gatewayAcks());
        assertThat(auditedSummary.packets()).isEqualTo(6 * auditedSummary.connections() + 2 * auditedSummary.transactions()
                + auditedSummary.delayedAcks() + auditedSummary.gatewayAcks());
    }

    @Test
    void theWorkloadLooksLikeAPlant() {
        WorkloadSummary s = auditedSummary;
        assertThat(s.connections()).as("some connections were re-established").isGreaterThan(s.pairs());
        double reads = s.transactions(1) + s.transactions(2) + s.transactions(3) + s.transactions(4);
        assertThat(reads / s.transactions()).as("polling dominates").isGreaterThan(0.97);
        assertThat(s.transactions(3)).isGreaterThan(s.transactions(4)).isGreaterThan(s.transactions(1));
        for (int fc : new int[] {5, 6, 15, 16, 43}) {
            assertThat(s.transactions(fc)).as("FC %d present", fc).isPositive();
        }
        assertThat(s.writes()).isLessThan(s.transactions() / 50);
        assertThat(s.exceptionsByCode().keySet()).containsExactly(0x01, 0x02, 0x06, 0x0B);
        assertThat(s.exceptions()).isLessThan(s.transactions() / 500);
        assertThat(audit.unitsByServer.values()).as("serial gateways serve several unit ids")
                .anySatisfy(units -> assertThat(units).hasSizeGreaterThanOrEqualTo(4));
        assertThat(audit.unitsByServer).hasSize(s.pairs());
        assertThat(audit.subMillisecondTimestamps).as("µs-level timing").isGreaterThan(s.packets() * 9 / 10);

        List<Long> rt = new ArrayList<>(audit.responseMicros);
        rt.sort(null);
        assertThat(rt.getFirst()).as("fastest answer, µs").isGreaterThanOrEqualTo(250);
        assertThat(rt.get(rt.size() / 2)).as("median answer, µs").isBetween(1_000L, 30_000L);
        assertThat(rt.getLast()).as("slowest: a gateway timing out").isBetween(500_000L, 700_000L);

        assertThat(audit.inputRegisterComparisons).isGreaterThan(10_000);
        assertThat(audit.largestInputRegisterStep).as("measurements drift, they do not jump").isLessThanOrEqualTo(64);
        assertThat(s.durationSeconds()).as("about 20 minutes of plant time").isBetween(600.0, 2400.0);
    }

    @Test
    void theCommandLineWritesTheFileAndPrintsTheSummary() throws IOException {
        Path f = dir.resolve("cli.pcap");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ModbusWorkloadGenerator.run(new String[] {"--packets", "2_000", "--pairs", "3", "--seed", "7",
                "--out", f.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        WorkloadSummary expected = ModbusWorkloadGenerator.write(dir.resolve("api.pcap"),
                new WorkloadOptions(2000, 3, 7));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(f.toString()).contains(expected.format());
        assertThat(sha256(f)).isEqualTo(sha256(dir.resolve("api.pcap")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown option         | --bogus                 | unknown argument '--bogus'
            missing value          | --packets               | --packets needs a value
            not a number           | --packets;lots          | --packets takes a whole number, not 'lots'
            zero packets           | --packets;0             | --packets must be at least 1
            too many pairs         | --pairs;1001            | --pairs must be 1..1000
            """)
    void badArgumentsExitWith2AndOneReason(String name, String args, String reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ModbusWorkloadGenerator.run(args.split(";"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(out.size()).isZero();
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\\R");
        assertThat(lines[0]).startsWith("modbus-workload: ").contains(reason);
        assertThat(lines[1]).startsWith("usage:");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ModbusWorkloadGenerator.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage:").contains("--packets").contains("--out");
    }

    @Test
    void anUnwritableOutputIsABadInputNotAStackTrace() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ModbusWorkloadGenerator.run(new String[] {"--packets", "10", "--out", dir.resolve("no/such/dir/x.pcap").toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("modbus-workload: cannot write").doesNotContain("\tat ");
    }
}
