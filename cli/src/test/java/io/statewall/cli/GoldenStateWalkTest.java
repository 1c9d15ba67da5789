package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Golden capture: real third-party peers (pymodbus as the PLC, mbpoll as HMI and engineering
 * station, recorded by tcpdump with {@code tools/golden/make-state-walk.sh}) walk the plant
 * stopped → start-up → normal; a breaker-open command arrives in normal operation; the unit
 * runs down to stopped. The expected {@code state} and {@code alert} records are compared
 * record by record (every field comes from the capture, so all are compared).
 */
class GoldenStateWalkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of("src", "test", "resources", "golden");

    @Test
    void theWalkGivesTheExpectedStateAndAlertRecords() throws Exception {
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("analyze", "--modbus-port", "5020",
                "--policy", DIR.resolve("state-walk.yaml").toString(), "--eve", "-", "--eve-types", "state,alert",
                DIR.resolve("state-walk.pcap").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> expected = Files.readAllLines(DIR.resolve("state-walk.expected.jsonl")).stream().map(JSON::readTree).toList();
        assertThat(run.records()).isEqualTo(expected);
        assertThat(run.records()).extracting(r -> r.path("event_type").asString())
                .containsExactly("state", "state", "state", "alert", "state", "state");
        assertThat(run.records().get(3).path("alert").path("action").asString()).isEqualTo("blocked");
    }
}
