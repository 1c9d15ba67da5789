package io.statewall.engine.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.modbus.ModbusEveRecord;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusLimits;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class AlertEveRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void carriesSuricatasAlertObjectTheExplanationAndTheDecodedMessage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FlowContext flow = new FlowContext().set(9, 4, 0, 0x0A00_0001L, 40_000, 0, 0x0A00_0002L, 502, 6, "modbus");
        Alert alert = new Alert(true, "Breaker open command during normal operation", "ICS policy violation", 1,
                "normal", "no-breaker-open-in-normal", "policy", List.of("T0855", "T0831"), "coil 5 written 0 in state normal");
        AlertEveRecord record = new AlertEveRecord(new ModbusEveRecord());
        try (EveWriter eve = EveWriter.allTypes(bytes)) {
            ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, new ModbusListener() {
                @Override
                public void onTransaction(ModbusSession s, ModbusTransaction tx) {
                    record.write(eve, 5_000_000_000L, flow, alert, tx, 3);
                }

                @Override
                public void onAnomaly(ModbusSession s, ModbusAnomaly a, boolean toServer, long ts, int id, long detail) {
                }
            }, null);
            byte[] request = HexFormat.of().parseHex("000100000006010500050000");
            session.onData(true, MemorySegment.ofArray(request), 0, request.length, 1);
            session.onEnd(2);
            record.write(eve, 6_000_000_000L, new Alert(false, "Forbidden transition stopped -> normal", "ICS state anomaly", 2,
                    "normal", "stopped->normal", "state-model", List.of("T0831"), null));
        }
        List<JsonNode> r = bytes.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
        assertThat(r).hasSize(2);
        JsonNode first = r.get(0);
        assertThat(first.path("event_type").asString()).isEqualTo("alert");
        assertThat(first.path("alert").path("action").asString()).isEqualTo("blocked");
        assertThat(first.path("alert").path("signature_id").asLong()).isEqualTo(alert.signatureId()).isGreaterThan(1_000_000_000L);
        assertThat(first.path("alert").path("severity").asInt()).isEqualTo(1);
        assertThat(first.path("statewall").path("state").asString()).isEqualTo("normal");
        assertThat(first.path("statewall").path("rule").asString()).isEqualTo("no-breaker-open-in-normal");
        assertThat(first.path("statewall").path("verdict").asString()).isEqualTo("block");
        assertThat(first.path("statewall").path("attack").toString()).isEqualTo("[\"T0855\",\"T0831\"]");
        assertThat(first.path("modbus").path("request").path("write").path("address").asInt()).isEqualTo(5);
        assertThat(first.path("modbus").path("id").asInt()).isEqualTo(3);
        assertThat(first.path("src_ip").asString()).isEqualTo("10.0.0.1");
        JsonNode second = r.get(1);
        assertThat(second.path("alert").path("action").asString()).isEqualTo("allowed");
        assertThat(second.path("statewall").path("detector").asString()).isEqualTo("state-model");
        assertThat(second.has("flow_id")).isFalse();
        assertThat(second.has("modbus")).isFalse();
    }

    @Test
    void signatureIdsAreStableAndDistinctPerRule() {
        Alert a = new Alert(false, "x", "c", 2, "s", "rule-a", "policy", List.of(), null);
        Alert a2 = new Alert(true, "other text", "c", 1, "t", "rule-a", "policy", List.of(), null);
        Alert b = new Alert(false, "x", "c", 2, "s", "rule-b", "policy", List.of(), null);
        assertThat(a.signatureId()).isEqualTo(a2.signatureId()).isNotEqualTo(b.signatureId());
    }
}
