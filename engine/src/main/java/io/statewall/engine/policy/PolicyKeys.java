package io.statewall.engine.policy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys each kind of mapping in a policy file accepts: the loader rejects any other, and the
 * JSON Schema must list exactly these (a test checks both directions). Keys are in the order
 * docs/policy-format.md presents them.
 */
final class PolicyKeys {
    static final List<String> TOP = List.of("statewall", "name", "assets", "plant", "protected", "common", "rulesets",
            "default_ruleset");
    static final List<String> ASSET = List.of("ip", "network", "port", "description");
    static final List<String> PLANT = List.of("variables", "initial", "stale", "default_max_age", "states", "transitions");
    static final List<String> VARIABLE = List.of("asset", "unit", "area", "address", "type", "word_order", "bit", "scale",
            "offset", "max_age");
    static final List<String> STATE = List.of("when", "priority", "dwell", "deadband", "overrides_dwell");
    static final List<String> RULESET = List.of("default", "fail_mode", "rules");
    static final List<String> MATCH = List.of("from", "to", "protocol", "operation", "function", "category", "unit", "area",
            "address", "value", "response");
    static final List<String> RESPONSE = List.of("exception", "exception_code");
    static final List<String> RULE = concat(List.of("id"), MATCH, List.of("rate", "action", "severity", "message", "attack"));
    static final List<String> PROTECTED = concat(List.of("id"), MATCH, List.of("description"));

    /** Section name (as the schema's {@code $defs} name it) → keys. */
    static final Map<String, List<String>> BY_SECTION = sections();

    private PolicyKeys() {}

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        Set<String> all = new LinkedHashSet<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return List.copyOf(all);
    }

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("policy", TOP);
        m.put("asset", ASSET);
        m.put("plant", PLANT);
        m.put("variable", VARIABLE);
        m.put("state", STATE);
        m.put("ruleset", RULESET);
        m.put("rule", RULE);
        m.put("protected", PROTECTED);
        m.put("response", RESPONSE);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The accepted key closest to {@code key} (edit distance at most 2), or null. */
    static String suggest(String key, List<String> accepted) {
        String best = null;
        int bestDistance = 3;
        for (String a : accepted) {
            int d = distance(key, a);
            if (d < bestDistance) {
                bestDistance = d;
                best = a;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return 3;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
