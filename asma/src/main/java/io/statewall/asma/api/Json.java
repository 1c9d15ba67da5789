package io.statewall.asma.api;

import io.statewall.asma.store.EveTimestamps;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON for the API: one mapper, and the way times are written (RFC 3339, UTC, microseconds). */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static byte[] bytes(JsonNode n) {
        return MAPPER.writeValueAsBytes(n);
    }

    /** A stored JSON text as a node; text that is not JSON (it never should be) as a string. */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            return MAPPER.getNodeFactory().stringNode(json);
        }
    }

    /** Puts a time, or null. */
    public static void time(ObjectNode o, String key, Long micros) {
        if (micros == null) {
            o.putNull(key);
        } else {
            o.put(key, EveTimestamps.rfc3339(micros));
        }
    }
}
