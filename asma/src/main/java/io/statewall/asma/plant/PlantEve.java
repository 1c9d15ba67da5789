package io.statewall.asma.plant;

import io.statewall.engine.alert.Alert;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An ASMA alert as an EVE JSON line, in the NMAs' alert shape (Suricata's {@code alert} object
 * and the {@code statewall} explanation), so a SIEM takes the ASMA's alerts like the NMAs'.
 * {@code statewall.nmas} names the NMAs concerned and {@code statewall.events} the stored events
 * a campaign joins; {@code src_ip} is there when one source is concerned.
 */
public final class PlantEve {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SURICATA_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSZ").withZone(ZoneOffset.UTC);

    private PlantEve() {
    }

    public static String toJson(PlantAlert a) {
        ObjectNode root = JSON.createObjectNode();
        root.put("timestamp", SURICATA_TIME.format(Instant.ofEpochSecond(0, a.timeNanos())));
        root.put("event_type", "alert");
        if (a.srcIp() != null) {
            root.put("src_ip", a.srcIp());
        }
        Alert same = new Alert(false, a.signature(), a.category(), a.severity(), StateFusion.UNKNOWN, a.rule(), a.detector(),
                a.attack(), a.note(), a.expected(), a.seen(), 1);
        ObjectNode alert = root.putObject("alert");
        alert.put("action", "allowed");
        alert.put("gid", 1);
        alert.put("signature_id", same.signatureId());
        alert.put("rev", 1);
        alert.put("signature", a.signature());
        alert.put("category", a.category());
        alert.put("severity", a.severity());
        ObjectNode sw = root.putObject("statewall");
        sw.put("state", a.state() == null ? StateFusion.UNKNOWN : a.state());
        sw.put("rule", a.rule());
        sw.put("detector", a.detector());
        sw.put("verdict", "alert");
        ArrayNode attack = sw.putArray("attack");
        a.attack().forEach(attack::add);
        if (a.note() != null && !a.note().isEmpty()) {
            sw.put("note", a.note());
        }
        if (a.expected() != null) {
            sw.put("expected", a.expected());
        }
        if (a.seen() != null) {
            sw.put("seen", a.seen());
        }
        ArrayNode nmas = sw.putArray("nmas");
        a.nmas().forEach(nmas::add);
        if (!a.eventIds().isEmpty()) {
            ArrayNode events = sw.putArray("events");
            a.eventIds().forEach(events::add);
        }
        return JSON.writeValueAsString(root);
    }
}
