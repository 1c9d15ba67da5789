package io.statewall.benchmarks.baseline;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One baseline alert of an EVE file written by {@code statewall analyze --baseline}: an
 * {@code alert} record whose {@code alert.category} is {@value #CATEGORY} (engine
 * {@code BaselineMonitor.CATEGORY}). The first occurrence of a deviation is an alert with
 * {@code statewall.count} absent; its repeats are summed up later in a <em>summary</em> record
 * that carries the {@code count} (and the first and last time in its note).
 *
 * @param epochMicros the record's {@code timestamp}: the message that deviated
 * @param detector    {@code statewall.detector} ({@code new-channel}, {@code timing} …)
 * @param rule        {@code statewall.rule}: the detector's check ({@code period-early} …)
 * @param count       0 for a first occurrence, else the summary's count of occurrences
 */
record BaselineAlert(long epochMicros, String timestamp, String srcIp, int srcPort, String destIp, int destPort,
                     String state, String detector, String rule, String note, String expected, String seen,
                     long count) {
    static final String CATEGORY = "ICS baseline deviation";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** EVE's timestamp, Suricata's shape: {@code 2016-11-30T10:00:00.123456+0000}. */
    private static final DateTimeFormatter EVE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx");

    /** A summary of repeats rather than an alert of its own. */
    boolean summary() {
        return count > 0;
    }

    /** {@code detector/rule}, e.g. {@code timing/period-early}. */
    String check() {
        return detector.equals(rule) ? detector : detector + "/" + rule;
    }

    /** The source as the demo's report names an attacker's connection: {@code ip:port}. */
    String source() {
        return srcIp + ":" + srcPort;
    }

    /** One line for a table: when, the check, the state, and what deviated. */
    String describe() {
        return timestamp + "  " + check() + " in " + state + "  " + note
                + (expected.isEmpty() ? "" : "  expected " + expected + ", seen " + seen);
    }

    /** Every baseline alert of an EVE file, in file order; other records are skipped. */
    static List<BaselineAlert> read(Path eve) throws IOException {
        List<BaselineAlert> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(eve, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank() || !line.contains(CATEGORY)) {
                    continue;
                }
                BaselineAlert a;
                try {
                    a = parse(JSON.readTree(line));
                } catch (RuntimeException e) {
                    throw new IOException(eve + ":" + number + ": not an EVE alert record: " + e.getMessage(), e);
                }
                if (a != null) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** The alert in one EVE record, or null when the record is no baseline alert. */
    static BaselineAlert parse(JsonNode r) {
        if (!"alert".equals(r.path("event_type").asString("")) || !CATEGORY.equals(r.path("alert").path("category").asString(""))) {
            return null;
        }
        JsonNode s = r.path("statewall");
        String timestamp = r.path("timestamp").asString();
        return new BaselineAlert(epochMicros(timestamp), timestamp, r.path("src_ip").asString(""),
                r.path("src_port").asInt(0), r.path("dest_ip").asString(""), r.path("dest_port").asInt(0),
                s.path("state").asString(""), s.path("detector").asString(""), s.path("rule").asString(""),
                s.path("note").asString(""), s.path("expected").asString(""), s.path("seen").asString(""),
                s.path("count").asLong(0));
    }

    static long epochMicros(String eveTimestamp) {
        OffsetDateTime t = OffsetDateTime.parse(eveTimestamp, EVE_TIME);
        return t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
