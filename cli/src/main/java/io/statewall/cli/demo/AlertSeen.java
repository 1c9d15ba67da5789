package io.statewall.cli.demo;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An EVE {@code alert} record, as much of it as the demo shows and counts.
 *
 * @param epochMillis the record's timestamp, ms (fractional)
 * @param blocked     {@code alert.action} is {@code blocked}: the request never reached the controller
 * @param detector    {@code statewall.detector}: {@code policy} (a rule), {@code state-model} …
 */
record AlertSeen(double epochMillis, String srcIp, int srcPort, String destIp, int destPort, boolean blocked,
                 String signature, String state, String rule, String detector, List<String> attack) {
    /** EVE's timestamp: {@code 2016-11-30T10:00:00.123456+0000}. */
    private static final DateTimeFormatter EVE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx");

    /** One line: what, between whom, in which state, by which rule. */
    String describe() {
        String flow = srcIp.isEmpty() ? "" : srcIp + " -> " + destIp + ", ";
        return signature + " (" + flow + "state " + state + ", " + (stateModel() ? "state model " : "rule ") + rule + ")";
    }

    boolean stateModel() {
        return "state-model".equals(detector);
    }

    static AlertSeen of(JsonNode r) {
        JsonNode sw = r.path("statewall");
        List<String> attack = new ArrayList<>();
        for (JsonNode t : sw.path("attack")) {
            attack.add(t.asString());
        }
        return new AlertSeen(epochMillis(r.path("timestamp").asString()), r.path("src_ip").asString(""),
                r.path("src_port").asInt(0), r.path("dest_ip").asString(""), r.path("dest_port").asInt(0),
                "blocked".equals(r.path("alert").path("action").asString()), r.path("alert").path("signature").asString(""),
                sw.path("state").asString(""), sw.path("rule").asString(""), sw.path("detector").asString(""),
                List.copyOf(attack));
    }

    static double epochMillis(String eveTimestamp) {
        try {
            OffsetDateTime t = OffsetDateTime.parse(eveTimestamp, EVE_TIME);
            return t.toEpochSecond() * 1000.0 + t.getNano() / 1e6;
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
    }
}
