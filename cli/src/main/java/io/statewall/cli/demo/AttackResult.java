package io.statewall.cli.demo;

import io.statewall.plantsim.attack.Exchange;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What became of one attack: whether the NMA detected it, how many of its requests it refused,
 * how soon, and by which rule or detector.
 *
 * @param ran             false when the run ended before the attack was due
 * @param blockedRequests requests the NMA refused (they never reached the controller)
 * @param alerts          alerts the NMA raised about it
 * @param timeToDetectMs  from its first request (or the start of a spoof) to the first alert; NaN if none
 * @param detections      the rules and detectors that fired, with the state and techniques they named
 * @param endMillis       wall clock after its last answer (or the end of a spoof); 0 if it did not run
 * @param connections     its requests' sources as {@code ip:port}, to tell its messages in a recording
 * @param exchanges       the requests it sent, as its tool recorded them
 */
record AttackResult(String id, String title, List<String> techniques, boolean expectBlock, String attacker,
                    String target, boolean ran, double plantTime, long startMillis, long endMillis,
                    List<String> connections, long requests,
                    long blockedRequests, int alerts, double timeToDetectMs, List<String> detections, String notes,
                    List<Exchange> exchanges) {

    static AttackResult notRun(CampaignPlan.Planned p) {
        return new AttackResult(p.id(), p.title(), p.techniques(), p.expectBlock(), p.attacker(), p.target(), false,
                p.at(), 0, 0, List.of(), 0, 0, 0, Double.NaN, List.of(), "not run: the demo ended before it was due", List.of());
    }

    static AttackResult of(AttackRecord r, List<AlertSeen> alerts) {
        long blocked = alerts.stream().filter(AlertSeen::blocked).count();
        double first = alerts.stream().mapToDouble(AlertSeen::epochMillis).min().orElse(Double.NaN);
        Set<String> detections = new LinkedHashSet<>();
        for (AlertSeen a : alerts) {
            String by = a.stateModel() ? "state model (" + a.rule() + ")" : "rule " + a.rule();
            detections.add(by + " in state " + a.state() + (a.attack().isEmpty() ? "" : ", " + String.join(" ", a.attack())));
        }
        return new AttackResult(r.id(), r.title(), r.techniques(), r.expectBlock(), r.attacker(), r.target(), true,
                r.plantTime(), r.startMillis(), r.endMillis(), List.copyOf(r.connections()), r.requests(), blocked, alerts.size(),
                Double.isNaN(first) ? Double.NaN : Math.max(0, first - r.startMillis()), List.copyOf(detections), r.notes(),
                r.exchanges());
    }

    boolean detected() {
        return alerts > 0;
    }

    /** Every request it sent was refused before the controller. */
    boolean blocked() {
        return requests > 0 && blockedRequests == requests;
    }

    /** Did the NMA do what the policy can do about it: block what it expresses, at least alert the rest. */
    boolean asExpected() {
        return ran && (expectBlock ? blocked() : detected());
    }

    String verdictLine() {
        if (!ran) {
            return notes;
        }
        String outcome = blocked() ? "BLOCKED" : detected() ? "DETECTED" : "MISSED";
        StringBuilder b = new StringBuilder(outcome);
        if (requests > 0) {
            b.append(String.format(Locale.ROOT, "  %d/%d requests refused before the controller", blockedRequests, requests));
        }
        if (detected()) {
            b.append(String.format(Locale.ROOT, "  first alert after %s", duration(timeToDetectMs)));
            b.append("  by ").append(detections.getFirst());
            if (detections.size() > 1) {
                b.append(" (+").append(detections.size() - 1).append(" more)");
            }
        } else {
            b.append("  no alert");
        }
        if (!asExpected()) {
            b.append("   ! expected ").append(expectBlock ? "every request blocked" : "an alert");
        }
        return b.toString();
    }

    static String duration(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        return ms < 1000 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }
}
