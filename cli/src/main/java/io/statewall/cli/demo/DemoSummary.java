package io.statewall.cli.demo;

import io.statewall.plantsim.AcceptedWrite;
import io.statewall.plantsim.CommandOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a demo run went: each attack's fate, what legitimate traffic suffered (nothing, if the
 * policy is right), the states the NMA went through. Shown as a table and written as the JSON
 * report ({@code --report}).
 *
 * @param requests        requests the NMA judged, attacks' included
 * @param blocked         requests it refused
 * @param attackRequests  requests the attacks sent
 * @param falseAlerts     alerts no attack explains: on legitimate traffic
 * @param refusedCommands operator commands that were not carried out (a legitimate command blocked)
 * @param declarations    {state, from, until} of each state the shift supervisor declared
 * @param controllerWrites every write the controllers accepted: what got through the NMA
 */
public record DemoSummary(long seed, Instant started, long wallMillis, List<AttackResult> attacks, long requests,
                          long blocked, long attackRequests, int alerts, List<AlertSeen> falseAlerts,
                          List<String> states, List<CommandOutcome> refusedCommands, List<String[]> declarations,
                          String finalState, Path pcap, Path pcapPolicy, long packets,
                          List<AcceptedWrite> controllerWrites) {

    public int attacksRun() {
        return (int) attacks.stream().filter(AttackResult::ran).count();
    }

    public int attacksAsExpected() {
        return (int) attacks.stream().filter(AttackResult::asExpected).count();
    }

    public int falseAlertCount() {
        return falseAlerts.size();
    }

    public long legitimateRequests() {
        return Math.max(0, requests - attackRequests);
    }

    public long legitimateBlocked() {
        long attackBlocked = attacks.stream().mapToLong(AttackResult::blockedRequests).sum();
        return Math.max(0, blocked - attackBlocked);
    }

    /** The demo did its job: every attack as expected, and legitimate traffic untouched. */
    public boolean clean() {
        return attacksAsExpected() == attacksRun() && falseAlerts.isEmpty() && refusedCommands.isEmpty()
                && legitimateBlocked() == 0;
    }

    public void print(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Summary: %s of wall time, seed %d%n", LiveDisplay.clock(wallMillis), seed);
        if (!attacks.isEmpty()) {
            out.printf(Locale.ROOT, "  %-26s %-12s %-8s %-9s %-13s %-11s %s%n", "attack", "ATT&CK", "expected",
                    "outcome", "refused", "1st alert", "detected by");
            for (AttackResult a : attacks) {
                String outcome = !a.ran() ? "not run" : a.blocked() ? "BLOCKED" : a.detected() ? "DETECTED" : "MISSED";
                String refused = a.requests() == 0 ? "-" : a.blockedRequests() + "/" + a.requests();
                out.printf(Locale.ROOT, "  %-26s %-12s %-8s %-9s %-13s %-11s %s%s%n", a.id(), String.join(" ", a.techniques()),
                        a.expectBlock() ? "block" : "detect", outcome, refused, AttackResult.duration(a.timeToDetectMs()),
                        a.detections().isEmpty() ? "-" : a.detections().getFirst(),
                        a.ran() && !a.asExpected() ? "   ! not as expected" : "");
            }
            long blockedAttacks = attacks.stream().filter(AttackResult::blocked).count();
            long detectedOnly = attacks.stream().filter(a -> a.detected() && !a.blocked()).count();
            out.printf(Locale.ROOT, "  %d of %d attacks run as the policy expects: %d blocked inline, %d more detected.%n",
                    attacksAsExpected(), attacksRun(), blockedAttacks, detectedOnly);
        }
        out.printf(Locale.ROOT, "  Legitimate traffic: %,d requests, %d alerts, %d blocked; %s.%n", legitimateRequests(),
                falseAlerts.size(), legitimateBlocked(), refusedCommands.isEmpty()
                        ? "every operator command carried out" : refusedCommands.size() + " operator commands NOT carried out");
        out.println("  NMA states: " + String.join(" -> ", states));
        if (pcap != null) {
            out.printf(Locale.ROOT, "  Capture: %s (%,d packets); the policy enforced: %s%n", pcap, packets, pcapPolicy);
            StringBuilder replay = new StringBuilder("./statewall analyze --policy " + pcapPolicy);
            for (String[] d : declarations) {
                replay.append(" --declare ").append(d[0]).append('@').append(d[1]);
                if (d[2] != null) {
                    replay.append("..").append(d[2]);
                }
            }
            out.println("  Replay it: " + replay.append(' ').append(pcap));
        }
    }

    public void writeReport(Path file) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("statewall_demo", 1);
        r.put("seed", seed);
        r.put("started", started.toString());
        r.put("wall_seconds", wallMillis / 1000.0);
        List<Map<String, Object>> list = new ArrayList<>();
        for (AttackResult a : attacks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.id());
            m.put("title", a.title());
            m.put("techniques", a.techniques());
            m.put("attacker", a.attacker());
            m.put("target", a.target());
            m.put("expected", a.expectBlock() ? "block" : "detect");
            m.put("ran", a.ran());
            m.put("plant_time_s", a.plantTime());
            m.put("start_time", a.ran() ? Instant.ofEpochMilli(a.startMillis()).toString() : null);
            m.put("end_time", a.ran() ? Instant.ofEpochMilli(a.endMillis()).toString() : null);
            m.put("connections", a.connections());
            m.put("requests", a.requests());
            m.put("blocked_requests", a.blockedRequests());
            m.put("alerts", a.alerts());
            m.put("detected", a.detected());
            m.put("blocked", a.blocked());
            m.put("as_expected", a.asExpected());
            m.put("time_to_detect_ms", Double.isNaN(a.timeToDetectMs()) ? null : a.timeToDetectMs());
            m.put("detected_by", a.detections());
            m.put("attacker_saw", a.notes());
            list.add(m);
        }
        r.put("attacks", list);
        Map<String, Object> legit = new LinkedHashMap<>();
        legit.put("requests", legitimateRequests());
        legit.put("alerts", falseAlerts.size());
        legit.put("blocked", legitimateBlocked());
        legit.put("operator_commands_not_carried_out", refusedCommands.size());
        List<String> alertLines = new ArrayList<>();
        for (AlertSeen a : falseAlerts) {
            alertLines.add(a.describe());
        }
        legit.put("alert_details", alertLines);
        r.put("legitimate_traffic", legit);
        r.put("nma", Map.of("requests", requests, "blocked", blocked, "alerts", alerts, "final_state", finalState));
        r.put("states", states);
        if (pcap != null) {
            r.put("pcap", Map.of("file", pcap.toString(), "policy", pcapPolicy.toString(), "packets", packets));
        }
        ObjectMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(file, json.writeValueAsString(r) + "\n");
    }
}
