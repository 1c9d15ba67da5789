package io.statewall.asma.plant;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The plant as the ASMA sees it: the plant-wide operating states and how the NMAs' views of
 * them are fused, the process values the NMAs report, the relations between them that must hold
 * (cross-checks), and the correlation rules that join events across NMAs into campaigns. Read
 * from the ASMA's plant file ({@link PlantModelLoader}); immutable.
 *
 * @param name              a label for people
 * @param states            the plant-wide states, highest priority first (a trip reported by
 *                          enough NMAs wins over anything else)
 * @param nmas              the NMAs the model knows, by name (their certificate's CN)
 * @param disagreementAfter an NMA enforcing another state than the plant's for longer than this
 *                          is an alert
 * @param variables         process values, by the name cross-checks use
 * @param crossChecks       relations that must hold
 * @param correlations      campaign rules
 */
public record PlantModel(String name, List<PlantState> states, Map<String, NmaRole> nmas, Duration disagreementAfter,
                         Map<String, Variable> variables, List<CrossCheck> crossChecks, List<Correlation> correlations) {

    public PlantModel {
        Objects.requireNonNull(name, "name");
        states = List.copyOf(states);
        nmas = Map.copyOf(nmas);
        Objects.requireNonNull(disagreementAfter, "disagreementAfter");
        variables = Map.copyOf(variables);
        crossChecks = List.copyOf(crossChecks);
        correlations = List.copyOf(correlations);
    }

    /**
     * A plant-wide state.
     *
     * @param votes how many observing NMAs must report it before it is the plant's state
     */
    public record PlantState(String name, int votes) {}

    /**
     * @param observes whether the NMA's network shows the operating state: only observing NMAs
     *                 vote; the others follow the state the ASMA pushes
     */
    public record NmaRole(String name, boolean observes) {}

    /**
     * A process value one NMA reports in its summaries.
     *
     * @param nma    the reporting NMA
     * @param point  the variable's name in that NMA's plant model
     * @param maxAge older than this, the value is unknown to a cross-check
     */
    public record Variable(String name, String nma, String point, Duration maxAge) {}

    /** A relation between variables that must hold; a violation means a spoofed value or a lying device. */
    public sealed interface CrossCheck {
        String id();

        String description();

        /** How long a violation must last before it is an alert (values are polled at different instants). */
        Duration holdFor();

        List<String> attack();

        /**
         * A condition in the NMAs' condition language over the model's variables, which must
         * hold (an unknown value suspends the check: the ASMA never accuses on missing data).
         */
        record Holds(String id, String description, String condition, Duration holdFor, List<String> attack)
                implements CrossCheck {}

        /** The same quantity seen by two NMAs must agree within {@code tolerance} (engineering units). */
        record Agree(String id, String description, String first, String second, double tolerance, Duration holdFor,
                     List<String> attack) implements CrossCheck {}
    }

    /** A rule joining alerts of several NMAs into one campaign alert. */
    public sealed interface Correlation {
        String id();

        String description();

        Duration within();

        List<String> attack();

        int severity();

        /**
         * An alert matching {@code first} on one NMA followed, within the window, by one matching
         * {@code then} on another NMA (e.g. reconnaissance in one zone, then a write in another).
         *
         * @param sameSource whether both must come from the same source address
         */
        record Sequence(String id, String description, AlertMatch first, AlertMatch then, boolean sameSource,
                        Duration within, List<String> attack, int severity) implements Correlation {}

        /** One source address alerted on by at least {@code nmas} distinct NMAs within the window. */
        record Spread(String id, String description, int nmas, Duration within, List<String> attack, int severity)
                implements Correlation {}
    }

    /**
     * Which alerts a correlation step takes: any of the ATT&amp;CK techniques (empty: any), any
     * of the detectors (empty: any), and blocked or not.
     */
    public record AlertMatch(List<String> attack, List<String> detectors, Boolean blocked) {
        public AlertMatch {
            attack = List.copyOf(attack);
            detectors = List.copyOf(detectors);
        }

        boolean matches(NmaAlert a) {
            if (!attack.isEmpty() && a.attack().stream().noneMatch(attack::contains)) {
                return false;
            }
            if (!detectors.isEmpty() && !detectors.contains(a.detector())) {
                return false;
            }
            return blocked == null || blocked == a.blocked();
        }
    }

    /** The index of a state in priority order, or -1. */
    public int priorityOf(String state) {
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).name().equals(state)) {
                return i;
            }
        }
        return -1;
    }
}
