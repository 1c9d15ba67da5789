package io.statewall.asma.store;

import java.util.List;

/**
 * Which events a query wants; every field is optional (null or empty: no condition). Lists
 * match any of their values. Results are newest first and paged by cursor: {@code before} is
 * the id of the last event of the previous page.
 *
 * @param sinceMicros event time at or after, microseconds since the epoch
 * @param untilMicros event time before
 * @param ip          source or destination address
 * @param acknowledged alerts acknowledged (true) or not yet (false)
 */
public record EventFilter(Long sinceMicros, Long untilMicros, List<String> nmas, List<String> types,
                          List<Integer> severities, List<String> states, List<String> rules, List<String> detectors,
                          List<String> techniques, List<String> srcIps, List<String> destIps, String ip,
                          List<String> actions, Boolean acknowledged, Long before, int limit) {
    public static final int MAX_LIMIT = 1000;

    public EventFilter {
        nmas = nmas == null ? List.of() : List.copyOf(nmas);
        types = types == null ? List.of() : List.copyOf(types);
        severities = severities == null ? List.of() : List.copyOf(severities);
        states = states == null ? List.of() : List.copyOf(states);
        rules = rules == null ? List.of() : List.copyOf(rules);
        detectors = detectors == null ? List.of() : List.copyOf(detectors);
        techniques = techniques == null ? List.of() : List.copyOf(techniques);
        srcIps = srcIps == null ? List.of() : List.copyOf(srcIps);
        destIps = destIps == null ? List.of() : List.copyOf(destIps);
        actions = actions == null ? List.of() : List.copyOf(actions);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
        }
    }

    /** Everything, newest first, {@code limit} at a time. */
    public static EventFilter all(int limit) {
        return new EventFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                limit);
    }

    public EventFilter withTypes(List<String> t) {
        return new EventFilter(sinceMicros, untilMicros, nmas, t, severities, states, rules, detectors, techniques,
                srcIps, destIps, ip, actions, acknowledged, before, limit);
    }

    public EventFilter withBefore(Long b) {
        return new EventFilter(sinceMicros, untilMicros, nmas, types, severities, states, rules, detectors, techniques,
                srcIps, destIps, ip, actions, acknowledged, b, limit);
    }
}
