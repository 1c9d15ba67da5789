package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The {@code analyze} command run in-process: exit codes, EVE records, one-line errors. */
class AnalyzeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<JsonNode> records() {
            List<JsonNode> r = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    r.add(JSON.readTree(line));
                }
            }
            return r;
        }

        List<JsonNode> ofType(String type) {
            return records().stream().filter(r -> r.path("event_type").asString().equals(type)).toList();
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Statewall.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** FC 3 read of 2 holding registers at 100, answered with 0x0102 and 0xFFFF. */
    private Path readCapture() throws Exception {
        byte[] pcap = new TestCaptures().handshake()
                .request(TestCaptures.adu(7, 1, 0x03, 0x00, 0x64, 0x00, 0x02))
                .response(TestCaptures.adu(7, 1, 0x03, 0x04, 0x01, 0x02, 0xFF, 0xFF))
                .request(TestCaptures.adu(8, 1, 0x06, 0x00, 0xD2, 0x03, 0x84))
                .response(TestCaptures.adu(8, 1, 0x06, 0x00, 0xD2, 0x03, 0x84))
                .bytes();
        Path file = dir.resolve("read.pcap");
        Files.write(file, pcap);
        return file;
    }

    @Test
    void writesOneModbusRecordPerTransactionWithDecodedValuesAndAClosingStatsRecord() throws Exception {
        Run run = run("analyze", "--eve", "-", readCapture().toString());
        assertThat(run.exit()).isZero();
        List<JsonNode> modbus = run.ofType("modbus");
        assertThat(modbus).hasSize(2);
        JsonNode read = modbus.get(0);
        assertThat(read.path("src_ip").asString()).isEqualTo("10.0.0.1");
        assertThat(read.path("src_port").asInt()).isEqualTo(40_000);
        assertThat(read.path("dest_ip").asString()).isEqualTo("10.0.0.2");
        assertThat(read.path("dest_port").asInt()).isEqualTo(502);
        assertThat(read.path("proto").asString()).isEqualTo("TCP");
        assertThat(read.path("app_proto").asString()).isEqualTo("modbus");
        assertThat(read.path("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+0000");
        assertThat(read.path("flow_id").asLong()).isPositive();
        JsonNode request = read.path("modbus").path("request");
        assertThat(request.path("transaction_id").asInt()).isEqualTo(7);
        assertThat(request.path("unit_id").asInt()).isEqualTo(1);
        assertThat(request.path("function_code").asString()).isEqualTo("RdHoldRegs");
        assertThat(request.path("access_type").asString()).isEqualTo("READ | HOLDING");
        assertThat(request.path("read").path("address").asInt()).isEqualTo(100);
        assertThat(request.path("read").path("quantity").asInt()).isEqualTo(2);
        JsonNode response = read.path("modbus").path("response").path("read");
        assertThat(response.path("data").asString()).isEqualTo("0102ffff");
        assertThat(response.path("values").toString()).isEqualTo("[258,65535]");
        JsonNode write = modbus.get(1).path("modbus").path("request").path("write");
        assertThat(write.path("address").asInt()).isEqualTo(210);
        assertThat(write.path("data").asInt()).isEqualTo(900);

        List<JsonNode> stats = run.ofType("stats");
        assertThat(stats).hasSize(1);
        assertThat(stats.get(0).path("stats").path("modbus").path("transactions").asInt()).isEqualTo(2);
        assertThat(stats.get(0).path("stats").path("decoder").path("pkts").asInt()).isEqualTo(7);
        assertThat(run.err()).contains("transactions 2 Modbus").contains("packets/s");
    }

    @Test
    void severalCapturesAreReadInOrderEachEndingItsFlows() throws Exception {
        Path capture = readCapture();
        Run run = run("analyze", "--eve", "-", "--eve-types", "modbus,stats", capture.toString(), capture.toString());
        assertThat(run.exit()).isZero();
        List<JsonNode> modbus = run.ofType("modbus");
        assertThat(modbus).hasSize(4);
        // The same 5-tuple in the second file is a new flow: its records restart at id 1.
        assertThat(modbus).extracting(r -> r.path("modbus").path("id").asInt()).containsExactly(1, 2, 1, 2);
        assertThat(run.ofType("stats").get(0).path("stats").path("decoder").path("pkts").asInt()).isEqualTo(14);
    }

    @Test
    void eveTypesChoosesTheRecordsWritten() throws Exception {
        Run run = run("analyze", "--eve", "-", "--eve-types", "stats", readCapture().toString());
        assertThat(run.exit()).isZero();
        assertThat(run.records()).extracting(r -> r.path("event_type").asString()).containsExactly("stats");
    }

    @Test
    void writesEveToAFile() throws Exception {
        Path eve = dir.resolve("eve.json");
        Run run = run("analyze", "--quiet", "--eve", eve.toString(), readCapture().toString());
        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(Files.readAllLines(eve)).hasSize(3).allSatisfy(line -> assertThat(JSON.readTree(line).isObject()).isTrue());
    }

    @Test
    void aTruncatedCaptureIsAnalysedUpToTheBreakThenExitsTwo() throws Exception {
        byte[] whole = Files.readAllBytes(readCapture());
        Path cut = dir.resolve("cut.pcap");
        // Drop the last 5 bytes: the last record (the FC 6 response) is incomplete.
        Files.write(cut, Arrays.copyOf(whole, whole.length - 5));
        Run run = run("analyze", "--eve", "-", cut.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.ofType("modbus")).hasSize(2);
        assertThat(run.ofType("modbus").get(1).path("modbus").has("response")).isFalse();
        assertThat(lastLine(run.err())).contains(cut.toString()).contains("truncated after 6 complete packets");
    }

    @Test
    void aMissingFileIsOneLineAndExitTwo() {
        Path missing = dir.resolve("nope.pcap");
        Run run = run("analyze", missing.toString());
        assertOneLineError(run, missing + ": no such file");
    }

    @Test
    void anEmptyFileIsOneLineAndExitTwo() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.pcap"));
        assertOneLineError(run("analyze", empty.toString()), "empty");
    }

    @Test
    void aFileThatIsNotACaptureIsOneLineAndExitTwo() throws Exception {
        Path html = dir.resolve("index.html");
        Files.writeString(html, "<html><body>not a capture</body></html>");
        assertOneLineError(run("analyze", html.toString()), "not a pcap or pcapng file");
    }

    @Test
    void nothingIsWrittenWhenOneOfSeveralCapturesIsBad() throws Exception {
        Path good = readCapture();
        Path eve = dir.resolve("eve.json");
        Run run = run("analyze", "--eve", eve.toString(), good.toString(), dir.resolve("missing.pcap").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(eve).doesNotExist();
    }

    @Test
    void anUnknownEventTypeIsOneLineAndExitTwo() throws Exception {
        assertOneLineError(run("analyze", "--eve-types", "modbus,bogus", readCapture().toString()), "unknown event type 'bogus'");
    }

    @Test
    void missingCaptureArgumentIsAUsageErrorExitTwo() {
        assertOneLineError(run("analyze"), "Missing required parameter");
    }

    @Test
    void shardedWorkersWriteTheSameRecordsAsOne() throws Exception {
        Path capture = dir.resolve("eight-flows.pcap");
        AotTraining.writeCapture(capture, 4_000);
        Run one = run("analyze", "--workers", "1", "--eve", "-", "--eve-types", "modbus", capture.toString());
        Run two = run("analyze", "--workers", "2", "--eve", "-", "--eve-types", "modbus", capture.toString());
        assertThat(one.exit()).isZero();
        assertThat(two.exit()).isZero();
        assertThat(one.ofType("modbus")).hasSize(2_000);
        // Interleaving across flows may differ; every flow's records are the same and in order.
        assertThat(byFlow(two)).isEqualTo(byFlow(one));
        assertThat(two.err()).contains("transactions 2,000 Modbus");
    }

    private static java.util.Map<Long, List<String>> byFlow(Run run) {
        java.util.Map<Long, List<String>> flows = new java.util.TreeMap<>();
        for (JsonNode r : run.records()) {
            flows.computeIfAbsent(r.path("flow_id").asLong(), k -> new ArrayList<>()).add(r.toString());
        }
        return flows;
    }

    @Test
    void helpIsExitZero() {
        Run run = run("analyze", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--eve").contains("--eve-types");
    }

    private static void assertOneLineError(Run run, String expected) {
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }
}
