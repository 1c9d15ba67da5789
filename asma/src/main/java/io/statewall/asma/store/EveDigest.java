package io.statewall.asma.store;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The columns the API filters on, pulled out of one EVE line by a single streaming pass (the rest
 * of the line is skipped, not built into a tree): Suricata's common fields, the {@code alert}
 * object's action, signature and severity, the {@code statewall} object's state, rule, detector
 * and ATT&amp;CK techniques, and a {@code state} record's from/to/origin/declared_by.
 *
 * <pre>
 * {"timestamp":"2026-11-25T20:17:10.611381+0000","flow_id":4131863047943074845,"event_type":"alert",
 *  "src_ip":"127.0.0.1","src_port":33246,"dest_ip":"127.0.0.1","dest_port":5020,"proto":"TCP",
 *  "app_proto":"modbus","alert":{"action":"blocked","signature_id":1075536913,"signature":"..",
 *  "category":"..","severity":1},"statewall":{"state":"normal","rule":"..","detector":"policy",
 *  "verdict":"block","attack":["T0855","T0831"]},"modbus":{..}}
 * {"timestamp":"..","event_type":"state","state":{"from":"startup","to":"normal","origin":"condition",
 *  "allowed":true,"declared_by":"op1"}}
 * </pre>
 *
 * A line that is not a JSON object, or has no {@code event_type}, is not an EVE event:
 * {@link #parse} says so with {@link MalformedEventException}, and the caller keeps it as an
 * {@code anomaly} of the ingest rather than losing it.
 */
public final class EveDigest {
    /** No source kept for error locations: building that reference per line was a tenth of the parse. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(tools.jackson.core.StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    /** Microseconds since the epoch; from {@code timestamp}, or the link's time when absent or unreadable. */
    public long tsMicros;
    public String eventType;
    public long flowId;
    public boolean hasFlow;
    public String srcIp;
    public int srcPort = -1;
    public String destIp;
    public int destPort = -1;
    public String proto;
    public String appProto;
    /** The state the event was judged in (alerts), or the state entered ({@code state} records). */
    public String state;
    public String rule;
    public String detector;
    public int severity = -1;
    public String action;
    public long signatureId = -1;
    public String signature;
    public final List<String> attack = new ArrayList<>(2);
    // state records
    public String fromState;
    public String origin;
    public Boolean allowed;
    public String declaredBy;

    /** A line that is not an EVE event. */
    public static final class MalformedEventException extends Exception {
        MalformedEventException(String message) {
            super(message, null, false, false);
        }
    }

    /** Digests {@code json}; {@code fallbackMicros} stands in for a missing or unreadable timestamp. */
    public static EveDigest parse(String json, long fallbackMicros) throws MalformedEventException {
        return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), fallbackMicros);
    }

    /** Digests the UTF-8 bytes of a line (Jackson's byte parser is the faster one). */
    public static EveDigest parse(byte[] utf8, long fallbackMicros) throws MalformedEventException {
        EveDigest d = new EveDigest();
        d.tsMicros = Long.MIN_VALUE;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedEventException("not a JSON object");
            }
            d.top(p);
            if (p.nextToken() != null) {
                throw new MalformedEventException("text after the object");
            }
        } catch (JacksonException e) {
            throw new MalformedEventException("not JSON: " + e.getOriginalMessage());
        }
        if (d.eventType == null || d.eventType.isEmpty()) {
            throw new MalformedEventException("no event_type");
        }
        if (d.tsMicros == Long.MIN_VALUE) {
            d.tsMicros = fallbackMicros;
        }
        return d;
    }

    private void top(JsonParser p) throws MalformedEventException {
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "timestamp" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        tsMicros = EveTimestamps.parseMicros(p.getString());
                    }
                }
                case "event_type" -> eventType = text(p, t);
                case "flow_id" -> {
                    if (t == JsonToken.VALUE_NUMBER_INT) {
                        flowId = p.getLongValue();
                        hasFlow = true;
                    }
                }
                case "src_ip" -> srcIp = text(p, t);
                case "src_port" -> srcPort = port(p, t);
                case "dest_ip" -> destIp = text(p, t);
                case "dest_port" -> destPort = port(p, t);
                case "proto" -> proto = text(p, t);
                case "app_proto" -> appProto = text(p, t);
                case "alert" -> alert(p, t);
                case "statewall" -> statewall(p, t);
                case "state" -> stateRecord(p, t);
                default -> p.skipChildren();
            }
        }
    }

    private void alert(JsonParser p, JsonToken t) {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "action" -> action = text(p, v);
                case "signature_id" -> signatureId = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                case "signature" -> signature = text(p, v);
                case "severity" -> severity = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                default -> p.skipChildren();
            }
        }
    }

    private void statewall(JsonParser p, JsonToken t) {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "state" -> state = text(p, v);
                case "rule" -> rule = text(p, v);
                case "detector" -> detector = text(p, v);
                case "attack" -> {
                    if (v == JsonToken.START_ARRAY) {
                        JsonToken e;
                        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (e == JsonToken.VALUE_STRING && attack.size() < 32) {
                                attack.add(p.getString());
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    /** {@code "state"} is an object in a state record; an alert's state lives in {@code statewall}. */
    private void stateRecord(JsonParser p, JsonToken t) {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "from" -> fromState = text(p, v);
                case "to" -> state = text(p, v);
                case "origin" -> origin = text(p, v);
                case "allowed" -> allowed = v == JsonToken.VALUE_TRUE ? Boolean.TRUE
                        : v == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                case "declared_by" -> declaredBy = text(p, v);
                default -> p.skipChildren();
            }
        }
    }

    private static String text(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        p.skipChildren();
        return null;
    }

    private static int port(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            long v = p.getLongValue();
            return v >= 0 && v <= 65_535 ? (int) v : -1;
        }
        p.skipChildren();
        return -1;
    }

    /** The techniques as stored for display: space-separated, or null when there are none. */
    public String attackText() {
        return attack.isEmpty() ? null : String.join(" ", attack);
    }
}
