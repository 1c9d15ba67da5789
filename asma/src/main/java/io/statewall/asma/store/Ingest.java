package io.statewall.asma.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One NMA's batch on its way to the writer, already digested in the caller's thread: each
 * record's JSON parsed into the columns it will fill.
 */
final class Ingest implements Writer.Request<IngestResult> {
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Raw text kept of a line that is not EVE. */
    private static final int MAX_RAW = 65_536;

    /** A record and what it says. */
    record Item(long seq, IngestRecord.Kind kind, long tsMicros, String json, int codec, byte[] stored, EveDigest event,
                boolean malformed, Heartbeat heartbeat, Map<String, JsonNode> points) {
    }

    /** What a heartbeat says of its NMA. */
    record Heartbeat(String state, String declaredBy, String policyVersion, String baselineVersion, Long uptimeS,
                     Long spoolDropped, String counters) {
    }

    final String nma;
    final List<Item> items;
    private final CompletableFuture<IngestResult> future = new CompletableFuture<>();

    private Ingest(String nma, List<Item> items) {
        this.nma = nma;
        this.items = items;
    }

    @Override
    public CompletableFuture<IngestResult> future() {
        return future;
    }

    @Override
    public int size() {
        return items.size();
    }

    static Ingest digest(String nma, List<IngestRecord> records, boolean compress) {
        List<Item> items = new ArrayList<>(records.size());
        for (IngestRecord r : records) {
            long micros = r.timeNanos() > 0 ? r.timeNanos() / 1_000 : System.currentTimeMillis() * 1_000;
            switch (r.kind()) {
                case EVENT -> {
                    EveDigest d;
                    String json = r.json();
                    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
                    boolean bad = false;
                    try {
                        d = EveDigest.parse(utf8, micros);
                    } catch (EveDigest.MalformedEventException e) {
                        bad = true;
                        json = anomaly(micros, e.getMessage(), r.json());
                        utf8 = json.getBytes(StandardCharsets.UTF_8);
                        d = new EveDigest();
                        d.tsMicros = micros;
                        d.eventType = "anomaly";
                    }
                    items.add(new Item(r.seq(), r.kind(), d.tsMicros, json, compress ? EveCodec.DEFLATE_DICT_1 : EveCodec.PLAIN,
                            compress ? EveCodec.encode(utf8) : utf8, d, bad, null, null));
                }
                case HEARTBEAT -> items.add(new Item(r.seq(), r.kind(), micros, r.json(), 0, null, null, false, heartbeat(r.json()), null));
                case PROCESS -> items.add(new Item(r.seq(), r.kind(), micros, r.json(), 0, null, null, false, null, points(r.json())));
            }
        }
        return new Ingest(nma, items);
    }

    /** A line that is not EVE, kept as an {@code anomaly} event so that nothing an NMA sent is lost. */
    static String anomaly(long micros, String reason, String raw) {
        ObjectNode o = JSON.createObjectNode();
        o.put("timestamp", EveTimestamps.format(micros));
        o.put("event_type", "anomaly");
        ObjectNode a = o.putObject("anomaly");
        a.put("type", "ingest");
        a.put("event", "malformed_eve");
        a.put("detail", reason);
        o.put("raw", raw.length() > MAX_RAW ? raw.substring(0, MAX_RAW) : raw);
        return o.toString();
    }

    private static Heartbeat heartbeat(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JacksonException e) {
            return null;
        }
        if (n == null || !n.isObject()) {
            return null;
        }
        JsonNode counters = n.get("counters");
        return new Heartbeat(text(n, "state"), text(n, "declared_by"), text(n, "policy_version"),
                text(n, "baseline_version"), number(n, "uptime_s"), number(n, "spool_dropped"),
                counters != null && counters.isObject() ? counters.toString() : null);
    }

    private static Map<String, JsonNode> points(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JacksonException e) {
            return Map.of();
        }
        JsonNode points = n == null ? null : n.get("points");
        if (points == null || !points.isObject()) {
            return Map.of();
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        points.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isString() ? v.asString() : v.toString();
    }

    private static Long number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        // Beyond 64 bits Jackson throws converting; a heartbeat that says so is as good as silent
        // on this field, and must not fail the NMA's whole batch (it would be sent again forever).
        return v != null && v.isIntegralNumber() && v.canConvertToLong() ? v.asLong() : null;
    }
}
