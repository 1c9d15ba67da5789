package io.statewall.engine.eve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class EveWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> lines(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
    }

    @Test
    void writesSuricatasCommonFieldsPerTypeAndFollowsAContextThatChanges() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FlowContext flow = new FlowContext().set(42, 4, 0, 0x0A00_0001L, 40_000, 0, 0x0A00_0002L, 502, 6, "modbus");
        try (EveWriter eve = EveWriter.allTypes(bytes)) {
            eve.begin(EventType.MODBUS, 1_000_000_000L, flow).name(JsonOut.key("n")).value(1);
            eve.end();
            eve.begin(EventType.ANOMALY, 2_000_000_000L, flow).name(JsonOut.key("n")).value(2);
            eve.end();
            flow.set(43, 6, 0x2001_0db8_0000_0000L, 1, 1234, 0x2001_0db8_0000_0000L, 2, 20_000, 17, null);
            eve.begin(EventType.MODBUS, 3_000_000_000L, flow).name(JsonOut.key("n")).value(3);
            eve.end();
            eve.begin(EventType.STATS, 4_000_000_000L, 0L).name(JsonOut.key("n")).value(4);
            eve.end();
        }
        List<JsonNode> r = lines(bytes);
        assertThat(r).hasSize(4);
        assertThat(r.get(0).toString()).isEqualTo("{\"timestamp\":\"1970-01-01T00:00:01.000000+0000\",\"flow_id\":42,"
                + "\"event_type\":\"modbus\",\"src_ip\":\"10.0.0.1\",\"src_port\":40000,\"dest_ip\":\"10.0.0.2\","
                + "\"dest_port\":502,\"proto\":\"TCP\",\"app_proto\":\"modbus\",\"n\":1}");
        assertThat(r.get(1).path("event_type").asString()).isEqualTo("anomaly");
        assertThat(r.get(1).path("flow_id").asLong()).isEqualTo(42);
        assertThat(r.get(2).path("flow_id").asLong()).isEqualTo(43);
        assertThat(r.get(2).path("src_ip").asString()).isEqualTo("2001:db8::1");
        assertThat(r.get(2).path("dest_port").asInt()).isEqualTo(20_000);
        assertThat(r.get(2).path("proto").asString()).isEqualTo("UDP");
        assertThat(r.get(2).has("app_proto")).isFalse();
        assertThat(r.get(3).has("flow_id")).isFalse();
        assertThat(r.get(3).path("event_type").asString()).isEqualTo("stats");
    }

    @Test
    void typesNotChosenAreNotWanted() {
        EveWriter eve = new EveWriter(new ByteArrayOutputStream(), EnumSet.of(EventType.ALERT, EventType.STATS));
        assertThat(eve.wants(EventType.ALERT)).isTrue();
        assertThat(eve.wants(EventType.STATS)).isTrue();
        assertThat(eve.wants(EventType.MODBUS)).isFalse();
        assertThat(eve.wants(EventType.ANOMALY)).isFalse();
    }
}
