package io.statewall.cli.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the demo's ASMA did in the run: which NMAs reported to it, the plant states it took, and
 * its own alerts, each put beside the attack it came during (or flagged as raised on legitimate
 * operation). Printed after the per-attack summary.
 *
 * @param api        the ASMA's API root during the run
 * @param adminToken the admin token it made on its first start (its data is gone after the run)
 * @param connected  every NMA seen connected over the link
 */
public record DemoAsmaSummary(String api, String adminToken, List<String> connected, List<DemoAsma.PlantState> states,
                              List<DemoAsma.AsmaAlert> alerts) {
    /** An ASMA alert this long after an attack ended is still that attack's (a cross-check's hold, a heartbeat). */
    static final long GRACE_MILLIS = 3_000;

    /** The plant states in order, the first one's origin state included. */
    public List<String> stateSequence() {
        List<String> out = new ArrayList<>();
        for (DemoAsma.PlantState s : states) {
            if (out.isEmpty()) {
                out.add(s.from());
            }
            out.add(s.to());
        }
        return out;
    }

    /** The attack (by id) during which the ASMA raised {@code a}, or null: raised on legitimate operation. */
    static String attackOf(DemoAsma.AsmaAlert a, List<AttackResult> attacks) {
        AttackResult latest = null; // of two windows that overlap, the attack that began last
        for (AttackResult k : attacks) {
            if (k.ran() && a.epochMillis() >= k.startMillis() && a.epochMillis() <= k.endMillis() + GRACE_MILLIS
                    && (latest == null || k.startMillis() > latest.startMillis())) {
                latest = k;
            }
        }
        return latest == null ? null : latest.id();
    }

    /** ASMA alerts that no attack explains. */
    public List<DemoAsma.AsmaAlert> falseAlerts(List<AttackResult> attacks) {
        return alerts.stream().filter(a -> attackOf(a, attacks) == null).toList();
    }

    /** The rules of the ASMA's alerts raised during attack {@code id}. */
    public List<String> rulesDuring(String id, List<AttackResult> attacks) {
        return alerts.stream().filter(a -> id.equals(attackOf(a, attacks))).map(DemoAsma.AsmaAlert::rule).toList();
    }

    public void print(PrintStream out, List<AttackResult> attacks) {
        out.println("  ASMA: " + connected.size() + " NMAs reported over the mutual-TLS link (" + String.join(", ", connected)
                + "); plant states: " + String.join(" -> ", stateSequence()));
        out.printf(Locale.ROOT, "  ASMA alerts: %d during attacks, %d on legitimate operation%n",
                alerts.size() - falseAlerts(attacks).size(), falseAlerts(attacks).size());
        for (DemoAsma.AsmaAlert a : alerts) {
            String during = attackOf(a, attacks);
            out.printf(Locale.ROOT, "    %-19s %-24s %-26s %s%n", a.detector(), a.rule(),
                    during == null ? "! legitimate operation" : during, String.join(" ", a.attack()));
        }
        out.println("  ASMA API during the run: " + api + " (its data is in a temporary directory, deleted when the ASMA stops)");
        if (adminToken != null) {
            out.println("  ASMA admin token: " + adminToken);
        }
    }


    static String votes(Map<String, String> votes) {
        List<String> v = new ArrayList<>();
        votes.forEach((nma, state) -> v.add(nma + "=" + state));
        return String.join(", ", v);
    }
}
