package io.statewall.engine.baseline;

import static io.statewall.engine.baseline.ScanPlant.ROGUE;
import static io.statewall.engine.baseline.Traffic.read;
import static io.statewall.engine.baseline.Traffic.registers;
import static io.statewall.engine.baseline.Traffic.writeRegister;
import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.baseline.Traffic.Exchange;
import io.statewall.engine.eve.EveWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * How a client the baseline never saw is alerted: one alert per function it uses on a server in a
 * state, whatever the unit ids it tries. A scan of unit ids is one alert; a rogue host that read
 * and then writes has escalated (another ATT&amp;CK technique, T0855), and gets an alert of its own
 * at the write rather than a count in the summary of its first read.
 */
class NewChannelAggregationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Baseline learned() {
        BaselineLearner learner = new BaselineLearner(new Baseline(""));
        new Traffic((flow, tx) -> learner.learn(flow, tx, "normal")).feed(new ScanPlant(7).run(0, 120));
        return learner.baseline();
    }

    /** A rogue host scans unit ids 1..20 with reads at scan 150, reads again at 160, writes a setpoint at 170. */
    private static List<Exchange> rogueScanThenWrite() {
        return new ScanPlant(7).run(120, 200, (i, scan) -> {
            List<Exchange> s = new ArrayList<>(scan);
            long t = scan.getLast().responseAt() + ScanPlant.MS;
            if (i == 150) {
                for (int unit = 1; unit <= 20; unit++) {
                    s.add(new Exchange(ROGUE, ScanPlant.PLC, 502, unit, read(3, 0, 1), registers(3, 0), t, t + 500_000));
                    t += ScanPlant.MS;
                }
            } else if (i == 160) {
                s.add(new Exchange(ROGUE, ScanPlant.PLC, 502, 1, read(3, 100, 3), registers(3, 1, 2, 3), t, t + 500_000));
            } else if (i == 170) {
                byte[] write = writeRegister(210, 9999);
                s.add(new Exchange(ROGUE, ScanPlant.PLC, 502, 1, write, write, t, t + 500_000));
            }
            return s;
        });
    }

    @Test
    void aUnitScanIsOneAlertAndAWriteAfterItIsAnother() {
        List<Exchange> traffic = rogueScanThenWrite();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BaselineMonitor monitor;
        try (EveWriter eve = EveWriter.allTypes(bytes)) {
            monitor = new BaselineMonitor(learned(), List.of("normal"), eve);
            long[] n = {0};
            BaselineMonitor m = monitor;
            new Traffic((flow, tx) -> m.onTransaction(flow, tx, ++n[0], 0)).feed(traffic);
            monitor.onCaptureEnd(traffic.getLast().responseAt());
        }
        List<JsonNode> records = bytes.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
        List<JsonNode> first = records.stream().filter(r -> !r.path("statewall").has("count")).toList();
        List<JsonNode> summaries = records.stream().filter(r -> r.path("statewall").has("count")).toList();

        assertThat(monitor.deviations(Check.NEW_CHANNEL)).isEqualTo(22);
        assertThat(first).as("the reads of 20 units and the read at 160 are one alert; the write is another")
                .hasSize(2).allSatisfy(r -> assertThat(r.path("statewall").path("detector").asString()).isEqualTo("new-channel"));
        assertThat(first.get(0).path("statewall").path("seen").asString()).isEqualTo("client 10.0.0.9 using function 3 (RdHoldRegs)");
        assertThat(first.get(0).path("statewall").path("attack").toString()).isEqualTo("[\"T0848\"]");
        assertThat(first.get(1).path("statewall").path("seen").asString()).isEqualTo("client 10.0.0.9 using function 6 (WrSingleReg)");
        assertThat(first.get(1).path("statewall").path("attack").toString()).isEqualTo("[\"T0848\",\"T0855\"]");
        assertThat(first.get(1).path("modbus").path("request").path("function_raw").asInt()).isEqualTo(6);
        assertThat(summaries).as("the 21 reads are summed up once").singleElement()
                .satisfies(s -> assertThat(s.path("statewall").path("count").asLong()).isEqualTo(21));
    }
}
