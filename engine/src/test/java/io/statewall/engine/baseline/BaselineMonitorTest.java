package io.statewall.engine.baseline;

import static io.statewall.engine.baseline.ScanPlant.HMI;
import static io.statewall.engine.baseline.Traffic.registers;
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
 * The monitor's alerts: Suricata's alert object and the statewall explanation with the
 * detector, the state, expected and seen, and the ATT&CK ids; one deviation repeated every scan
 * cycle is one alert, then a summary with its count; a block state blocks every departing
 * request, alerted or only counted.
 */
class BaselineMonitorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Scans 120..240, the pressure from scan 150 on reported as 3000: one deviation, every cycle. */
    private static List<Exchange> spoofedFrom150() {
        return new ScanPlant(7).run(120, 240, (i, scan) -> {
            if (i < 150) {
                return scan;
            }
            List<Exchange> s = new ArrayList<>(scan);
            for (int k = 0; k < s.size(); k++) {
                if (s.get(k).client() == HMI && s.get(k).function() == 3 && s.get(k).request()[2] == 100) {
                    s.set(k, s.get(k).withResponse(registers(3, 3000, 200, 5000)));
                }
            }
            return s;
        });
    }

    private static List<JsonNode> run(Baseline b, List<Exchange> traffic, BaselineMonitor[] monitorOut) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (EveWriter eve = EveWriter.allTypes(bytes)) {
            BaselineMonitor monitor = new BaselineMonitor(b, List.of("normal"), eve);
            monitorOut[0] = monitor;
            long[] n = {0};
            new Traffic((flow, tx) -> monitor.onTransaction(flow, tx, ++n[0], 0)).feed(traffic);
            monitor.onCaptureEnd(traffic.getLast().responseAt());
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
    }

    private static Baseline learnedInNormal() {
        BaselineLearner learner = new BaselineLearner(new Baseline(""));
        new Traffic((flow, tx) -> learner.learn(flow, tx, "normal")).feed(new ScanPlant(7).run(0, 120));
        learner.recordSource("clean");
        return learner.baseline();
    }

    @Test
    void aDeviationRepeatedEveryCycleIsOneAlertThenOneSummaryWithItsCount() {
        BaselineMonitor[] m = new BaselineMonitor[1];
        List<JsonNode> alerts = run(learnedInNormal(), spoofedFrom150(), m);
        assertThat(m[0].deviations(Check.VALUE_RANGE)).isEqualTo(90);
        assertThat(alerts).hasSize(2);
        JsonNode first = alerts.get(0);
        assertThat(first.path("event_type").asString()).isEqualTo("alert");
        assertThat(first.path("src_ip").asString()).isEqualTo("10.0.0.1");
        assertThat(first.path("dest_ip").asString()).isEqualTo("10.0.0.2");
        assertThat(first.path("alert").path("action").asString()).isEqualTo("allowed");
        assertThat(first.path("alert").path("category").asString()).isEqualTo("ICS baseline deviation");
        assertThat(first.path("alert").path("signature").asString()).isEqualTo("Baseline: a reported value outside its learned range");
        JsonNode sw = first.path("statewall");
        assertThat(sw.path("detector").asString()).isEqualTo("value-envelope");
        assertThat(sw.path("rule").asString()).isEqualTo("range");
        assertThat(sw.path("state").asString()).isEqualTo("normal");
        assertThat(sw.path("verdict").asString()).isEqualTo("alert");
        assertThat(sw.path("attack").toString()).isEqualTo("[\"T0856\",\"T0832\"]");
        assertThat(sw.path("note").asString()).isEqualTo("10.0.0.2:502 unit 1 holding_registers 100");
        assertThat(sw.path("expected").asString()).isEqualTo("1380..1620 (learned 1420..1580 in 120 reads)");
        assertThat(sw.path("seen").asString()).isEqualTo("3000");
        assertThat(sw.has("count")).isFalse();
        // the message that deviated is in the record, decoded
        assertThat(first.path("modbus").path("response").path("read").path("values").get(0).asInt()).isEqualTo(3000);

        JsonNode summary = alerts.get(1);
        assertThat(summary.path("statewall").path("count").asLong()).isEqualTo(90);
        assertThat(summary.path("statewall").path("rule").asString()).isEqualTo("range");
        assertThat(summary.path("statewall").path("note").asString()).startsWith("10.0.0.2:502 unit 1 holding_registers 100; seen 90 times from ");
        assertThat(summary.path("src_ip").asString()).isEqualTo("10.0.0.1");
        assertThat(summary.has("modbus")).isFalse();
        assertThat(m[0].alerts()).isEqualTo(2);
        assertThat(m[0].deviationsByDetector()).containsEntry("value-envelope", 90L).hasSize(1);
    }

    @Test
    void inABlockStateEveryDepartingRequestIsBlockedAndTheFirstAlertSaysSo() {
        Baseline b = learnedInNormal();
        b.block("normal", true);
        // a rogue client polls like the HMI from scan 150 on: 90 requests, one alert
        List<Exchange> traffic = new ScanPlant(7).run(120, 240, (i, scan) -> {
            if (i < 150) {
                return scan;
            }
            List<Exchange> s = new ArrayList<>(scan);
            s.add(scan.getFirst().from(ScanPlant.ROGUE));
            return s;
        });
        BaselineMonitor[] m = new BaselineMonitor[1];
        List<JsonNode> alerts = run(b, traffic, m);
        assertThat(m[0].blocked()).isEqualTo(90);
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).path("alert").path("action").asString()).isEqualTo("blocked");
        assertThat(alerts.get(0).path("statewall").path("verdict").asString()).isEqualTo("block");
        assertThat(alerts.get(0).path("statewall").path("detector").asString()).isEqualTo("new-channel");
        assertThat(alerts.get(0).path("statewall").path("attack").toString()).isEqualTo("[\"T0848\"]");
        assertThat(alerts.get(0).path("statewall").path("expected").asString())
                .isEqualTo("clients of 10.0.0.2:502 unit 1 in state normal: 10.0.0.1, 10.0.0.5");
        assertThat(alerts.get(0).path("statewall").path("seen").asString()).isEqualTo("client 10.0.0.9 using function 3 (RdHoldRegs)");
        assertThat(alerts.get(1).path("statewall").path("count").asLong()).isEqualTo(90);
    }

    @Test
    void protectedTrafficThatDepartsIsAlertedNotBlockedAndTheAlertNamesTheEntry() {
        Baseline b = learnedInNormal();
        b.block("normal", true);
        List<Exchange> traffic = new ScanPlant(7).run(120, 240, (i, scan) -> {
            if (i < 150) {
                return scan;
            }
            List<Exchange> s = new ArrayList<>(scan);
            s.add(scan.getFirst().from(ScanPlant.ROGUE));
            return s;
        });
        List<String> asked = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BaselineMonitor monitor;
        try (EveWriter eve = EveWriter.allTypes(bytes)) {
            monitor = new BaselineMonitor(b, List.of("normal"), eve);
            // the policy protects what the rogue client sends (as a safety PLC's poller would be)
            monitor.protectWith((flow, tx) -> {
                boolean rogue = flow.srcAddrLo == ScanPlant.ROGUE;
                asked.add(rogue ? "rogue" : "other");
                return rogue ? "esd-poll" : null;
            });
            long[] n = {0};
            new Traffic((flow, tx) -> monitor.onTransaction(flow, tx, ++n[0], 0)).feed(traffic);
            monitor.onCaptureEnd(traffic.getLast().responseAt());
        }
        List<JsonNode> alerts = bytes.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
        assertThat(monitor.blocked()).isZero();
        assertThat(asked).contains("rogue");
        assertThat(alerts.get(0).path("alert").path("action").asString()).isEqualTo("allowed");
        assertThat(alerts.get(0).path("statewall").path("verdict").asString()).isEqualTo("alert");
        assertThat(alerts.get(0).path("statewall").path("note").asString())
                .endsWith("; protected traffic ('esd-poll'): alerted instead of blocked");
        assertThat(alerts.get(1).path("statewall").path("count").asLong()).isEqualTo(90);
    }

    @Test
    void inABlockStateALatePollIsAlertedButALateCommandIsBlocked() {
        Baseline b = learnedInNormal();
        b.block("normal", true);
        // from scan 150 on the cycle is 750 ms instead of 500: every periodic request is late,
        // the four polls and the HMI's periodic FC 16 write alike
        List<Exchange> traffic = new ScanPlant(7).run(120, 240, (i, scan) -> {
            if (i < 150) {
                return scan;
            }
            long shift = (i - 149) * ScanPlant.CYCLE / 2;
            return scan.stream().map(e -> e.at(e.requestAt() + shift, e.responseAt() + shift)).toList();
        });
        BaselineMonitor[] m = new BaselineMonitor[1];
        List<JsonNode> alerts = run(b, traffic, m);
        assertThat(m[0].deviations(Check.PERIOD_LATE)).as("late periodic requests").isGreaterThanOrEqualTo(5 * 90);
        assertThat(m[0].blocked()).as("the late FC 16 writes, one per scan").isEqualTo(90);
        List<JsonNode> late = alerts.stream().filter(a -> a.path("statewall").path("rule").asString().equals("period-late")
                && !a.path("statewall").has("count")).toList();
        assertThat(late).hasSize(5);
        for (JsonNode a : late) {
            boolean write = a.path("modbus").path("request").path("function_raw").asInt() == 16;
            assertThat(a.path("alert").path("action").asString()).as(a.path("statewall").path("note").asString())
                    .isEqualTo(write ? "blocked" : "allowed");
        }
    }

    @Test
    void valuesAreNotBlockedTheirRequestWasForwardedLongBefore() {
        Baseline b = learnedInNormal();
        b.block("normal", true);
        BaselineMonitor[] m = new BaselineMonitor[1];
        List<JsonNode> alerts = run(b, spoofedFrom150(), m);
        assertThat(m[0].blocked()).isZero();
        assertThat(alerts.get(0).path("alert").path("action").asString()).isEqualTo("allowed");
    }

    @Test
    void aStateTheBaselineNeverLearnedIsNotChecked() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BaselineMonitor monitor = new BaselineMonitor(learnedInNormal(), List.of("normal", "trip"), EveWriter.allTypes(bytes));
        new Traffic((flow, tx) -> monitor.onTransaction(flow, tx, 1, 1)).feed(spoofedFrom150());
        assertThat(monitor.alerts()).isZero();
        assertThat(monitor.detector().unlearnedState()).isEqualTo(monitor.detector().unlearnedState()).isPositive();
        assertThat(monitor.detector().learned(1)).isFalse();
        assertThat(monitor.detector().learned(0)).isTrue();
    }
}
