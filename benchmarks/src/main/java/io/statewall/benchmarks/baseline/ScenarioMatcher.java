package io.statewall.benchmarks.baseline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells a campaign run's baseline alerts apart: those about an attack's own messages (its
 * <em>direct</em> alerts: they detect it), those about other traffic while an attack runs or just
 * after (<em>collateral</em>: legitimate traffic the attack disturbed, or judged in a state the
 * attack faked), and the rest, which are false alerts.
 *
 * <ul>
 *   <li>An attack that sends requests: its direct alerts are those on its own connections (the
 *       report's {@code ip:port} list; each attacker opens its own, so the match is exact, even for
 *       malware that shares a legitimate station's address).</li>
 *   <li>A compromised controller sends nothing: its lie travels in the values of its answers to the
 *       HMI's polls. Its direct alerts are the value checks ({@code value-envelope}) on its points
 *       between the start of the spoof and {@link #AFTERMATH_MICROS} after its end.</li>
 *   <li>Collateral: any other alert in that window of an attack.</li>
 * </ul>
 *
 * Summaries of repeats ({@link BaselineAlert#summary()}) are neither: they count again what an
 * alert already reported, and are tallied apart.
 */
final class ScenarioMatcher {
    /**
     * How long after an attack's end its effects still count as its own: the demo's grace for a
     * spoofed report ({@code AttackRecord.REPORTING_GRACE_MILLIS}, a poll and the NMA's tick),
     * long enough for a slowed HMI to catch up.
     */
    static final long AFTERMATH_MICROS = 3_000_000;
    /** The detector of reported values (engine {@code Check.VALUE_RANGE}, {@code VALUE_SET}, {@code VALUE_RATE}). */
    static final String VALUE_DETECTOR = "value-envelope";

    /**
     * What became of one attack.
     *
     * @param firstMessageMicros its first deviating message in the recording ({@link FirstMessages}),
     *                           -1 when not found: time to detect then counts from its start
     */
    record Outcome(Attack attack, List<BaselineAlert> direct, List<BaselineAlert> collateral, long firstMessageMicros) {
        boolean detected() {
            return !direct.isEmpty();
        }

        /** From the attack's first deviating message to its first direct alert; -1 if none. */
        long timeToDetectMicros() {
            if (direct.isEmpty()) {
                return -1;
            }
            long from = firstMessageMicros >= 0 ? firstMessageMicros : attack.startMicros();
            // Without the recording's own time of the first message, the report's start is wall-clock
            // milliseconds: an alert on the very first request may seem to precede it by less than one.
            return Math.max(0, direct.getFirst().epochMicros() - from);
        }

        /**
         * From the attack's start as the report gives it (a spoof: when the controller began to lie,
         * before the HMI's next poll asked it anything) to its first direct alert; -1 if none.
         */
        long fromStartMicros() {
            return direct.isEmpty() ? -1 : Math.max(0, direct.getFirst().epochMicros() - attack.startMicros());
        }

        /** Detected within one HMI scan cycle of the controller attacked. */
        boolean withinScanCycle() {
            return detected() && timeToDetectMicros() <= attack.scanCycleMillis() * 1000;
        }

        /** The checks that fired on it, first one first. */
        List<String> checks() {
            Set<String> out = new LinkedHashSet<>();
            direct.forEach(a -> out.add(a.check()));
            return List.copyOf(out);
        }
    }

    /**
     * @param falseAlerts alerts no attack explains
     * @param summaries   summary records (repeats of alerts counted above)
     */
    record Result(List<Outcome> outcomes, List<BaselineAlert> falseAlerts, List<BaselineAlert> summaries) {
        long collateral() {
            return outcomes.stream().mapToLong(o -> o.collateral().size()).sum();
        }
    }

    private ScenarioMatcher() {
    }

    /**
     * Sorts {@code alerts} (in time order) among {@code attacks}; with no attack every alert is
     * false. {@code firstMessages}: each attack's first deviating message, by id ({@link FirstMessages}).
     */
    static Result match(List<Attack> attacks, List<BaselineAlert> alerts, Map<String, Long> firstMessages) {
        List<Attack> ran = attacks.stream().filter(Attack::ran).toList();
        List<List<BaselineAlert>> direct = new ArrayList<>();
        List<List<BaselineAlert>> collateral = new ArrayList<>();
        for (int i = 0; i < ran.size(); i++) {
            direct.add(new ArrayList<>());
            collateral.add(new ArrayList<>());
        }
        List<BaselineAlert> falseAlerts = new ArrayList<>();
        List<BaselineAlert> summaries = new ArrayList<>();
        List<BaselineAlert> sorted = new ArrayList<>(alerts);
        sorted.sort(Comparator.comparingLong(BaselineAlert::epochMicros));
        for (BaselineAlert a : sorted) {
            if (a.summary()) {
                summaries.add(a);
                continue;
            }
            int owner = -1;
            for (int i = 0; i < ran.size() && owner < 0; i++) {
                if (isDirect(ran.get(i), a)) {
                    owner = i;
                }
            }
            if (owner >= 0) {
                direct.get(owner).add(a);
                continue;
            }
            for (int i = 0; i < ran.size() && owner < 0; i++) {
                if (inWindow(ran.get(i), a)) {
                    owner = i;
                }
            }
            if (owner >= 0) {
                collateral.get(owner).add(a);
            } else {
                falseAlerts.add(a);
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        int r = 0;
        for (Attack attack : attacks) {
            if (attack.ran()) {
                outcomes.add(new Outcome(attack, List.copyOf(direct.get(r)), List.copyOf(collateral.get(r)),
                        firstMessages.getOrDefault(attack.id(), -1L)));
                r++;
            } else {
                outcomes.add(new Outcome(attack, List.of(), List.of(), -1));
            }
        }
        return new Result(List.copyOf(outcomes), List.copyOf(falseAlerts), List.copyOf(summaries));
    }

    private static boolean isDirect(Attack attack, BaselineAlert a) {
        if (attack.reporting()) {
            // The alert's flow runs from the HMI to the controller whose point is concerned.
            return inWindow(attack, a) && a.detector().equals(VALUE_DETECTOR)
                    && attack.targetAddresses().contains(a.destIp());
        }
        if (!attack.connections().isEmpty()) {
            return attack.connections().contains(a.source());
        }
        // A report without connections (older demos): the attacker's address, while it attacked.
        return a.srcIp().equals(attack.attackerIp()) && inWindow(attack, a);
    }

    private static boolean inWindow(Attack attack, BaselineAlert a) {
        long end = Math.max(attack.endMicros(), attack.startMicros());
        return a.epochMicros() >= attack.startMicros() - 1_000 && a.epochMicros() <= end + AFTERMATH_MICROS;
    }
}
