package io.statewall.asma.api;

import io.statewall.asma.store.EveTimestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reading query parameters, each mistake a 400 that names the parameter. */
final class Params {
    private Params() {
    }

    /** Fails on a parameter the endpoint does not know (a misspelt filter silently ignored would show the wrong events). */
    static void only(ApiRequest r, Set<String> known) {
        for (String k : r.query().keySet()) {
            if (!known.contains(k)) {
                throw ApiException.badRequest("unknown query parameter '" + k + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    /** Values given repeated or comma-separated: {@code type=alert,state} or {@code type=alert&type=state}. */
    static List<String> list(ApiRequest r, String name) {
        List<String> raw = r.query().get(name);
        if (raw == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String v : raw) {
            for (String part : v.split(",")) {
                String s = part.strip();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        if (out.size() > 100) {
            throw ApiException.badRequest("'" + name + "': at most 100 values");
        }
        return out;
    }

    static List<Integer> ints(ApiRequest r, String name) {
        List<Integer> out = new ArrayList<>();
        for (String s : list(r, name)) {
            try {
                out.add(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("'" + name + "': '" + s + "' is not a whole number");
            }
        }
        return out;
    }

    /** A time: RFC 3339 ({@code 2026-11-25T20:17:10Z}, offsets, fractions) or EVE's form; null when absent. */
    static Long time(ApiRequest r, String name) {
        String v = r.param(name);
        if (v == null) {
            return null;
        }
        long t = EveTimestamps.parseMicros(v);
        if (t == Long.MIN_VALUE) {
            throw ApiException.badRequest("'" + name + "': '" + v + "' is not a time such as 2026-11-25T20:17:10Z");
        }
        return t;
    }

    static int integer(ApiRequest r, String name, int fallback, int min, int max) {
        String v = r.param(name);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest("'" + name + "': a whole number from " + min + " to " + max + " expected, not '" + v + "'");
    }

    static Long id(ApiRequest r, String name) {
        String v = r.param(name);
        if (v == null) {
            return null;
        }
        try {
            long i = Long.parseLong(v);
            if (i > 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest("'" + name + "': a positive whole number expected, not '" + v + "'");
    }

    static Boolean bool(ApiRequest r, String name) {
        String v = r.param(name);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ApiException.badRequest("'" + name + "': true or false, not '" + v + "'");
        };
    }

    /** A required string field of a JSON body. */
    /**
     * Whether a JSON body's value is a whole number from {@code min} to {@code max}. A number
     * beyond 64 bits is not (Jackson would throw converting it, which would be a 500).
     */
    static boolean wholeIn(tools.jackson.databind.JsonNode n, long min, long max) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= min && n.asLong() <= max;
    }

    static String field(tools.jackson.databind.JsonNode body, String name, int maxLength) {
        tools.jackson.databind.JsonNode v = body.get(name);
        if (v == null || !v.isString() || v.asString().isBlank()) {
            throw ApiException.badRequest("'" + name + "' (a non-empty string) is required");
        }
        return checked(name, v.asString(), maxLength);
    }

    /** An optional string field of a JSON body, or null. */
    static String optionalField(tools.jackson.databind.JsonNode body, String name, int maxLength) {
        tools.jackson.databind.JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw ApiException.badRequest("'" + name + "' must be a string");
        }
        return checked(name, v.asString(), maxLength);
    }

    private static String checked(String name, String s, int maxLength) {
        if (s.length() > maxLength) {
            throw ApiException.badRequest("'" + name + "': at most " + maxLength + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t') {
                throw ApiException.badRequest("'" + name + "': control characters are not allowed");
            }
        }
        return s;
    }
}
