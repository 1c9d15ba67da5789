package io.statewall.nma.sensor;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Test-side model of Suricata 7's {@code modbus:} rule keyword, evaluated on our EVE
 * {@code modbus} records, so that suricata-verify's alert expectations can be checked against
 * our transactions.
 *
 * <p>It follows Suricata's documented semantics, quirks included: a range {@code a<>b} is
 * exclusive; a range starting at 0 means "below b"; an address range matches when it
 * intersects the request's address span ({@code address .. address+quantity-1}); {@code value}
 * is the value written at the rule's address; with {@code access}, function and category are
 * not consulted.
 */
final class SuricataModbusKeyword {
    private static final Pattern RANGE = Pattern.compile("([<>]?)(\\d+)(?:<>(\\d+))?");

    private SuricataModbusKeyword() {
    }

    /** A half-open description as Suricata keeps it: start..end with 0/65535 meaning open. */
    private record Range(int start, int end) {
        static Range parse(String text) {
            Matcher m = RANGE.matcher(text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("bad range " + text);
            }
            int a = Integer.parseInt(m.group(2));
            if (m.group(3) != null) {
                return new Range(a, Integer.parseInt(m.group(3)));
            }
            return switch (m.group(1)) {
                case ">" -> new Range(a, 65_535);
                case "<" -> new Range(0, a);
                default -> new Range(a, a);
            };
        }

        boolean matches(int v) {
            if (start == end) {
                return v == start;
            } else if (start == 0) {
                return end > v;
            } else if (end == 65_535) {
                return start < v;
            }
            return start < v && v < end;
        }

        boolean intersects(int lo, int hi) {
            if (start == end) {
                return start >= lo && start <= hi;
            } else if (start == 0) {
                return end > lo;
            } else if (end == 65_535) {
                return start < hi;
            }
            return start < hi && lo < end;
        }
    }

    static Predicate<JsonNode> parse(String keyword) {
        Range unit = null;
        String access = null;
        String area = null;
        Range address = null;
        Range value = null;
        Predicate<JsonNode> function = null;
        for (String raw : keyword.split(",")) {
            String[] w = raw.trim().split("\\s+");
            switch (w[0]) {
                case "unit" -> unit = Range.parse(w[1]);
                case "access" -> {
                    access = w[1].toUpperCase(Locale.ROOT);
                    area = w.length > 2 ? w[2].toUpperCase(Locale.ROOT) : null;
                }
                case "address" -> address = Range.parse(w[1]);
                case "value" -> value = Range.parse(w[1]);
                case "function" -> function = function(w[1]);
                default -> throw new IllegalArgumentException("unsupported modbus keyword part: " + raw);
            }
        }
        Range unitRange = unit, addressRange = address, valueRange = value;
        String accessType = access, accessArea = area;
        Predicate<JsonNode> fn = function;
        return r -> {
            JsonNode q = r.path("modbus").path("request");
            if (q.isMissingNode()) {
                return false;
            }
            if (unitRange != null && !unitRange.matches(q.path("unit_id").asInt())) {
                return false;
            }
            if (accessType != null) {
                String type = q.path("access_type").asString();
                if (!type.contains(accessType) || (accessArea != null && !type.contains(accessArea))) {
                    return false;
                }
                if (addressRange == null) {
                    return true;
                }
                JsonNode span = q.has("read") && !accessType.equals("WRITE") ? q.path("read") : q.path("write");
                if (!span.has("address")) {
                    return false;
                }
                int lo = span.path("address").asInt();
                int hi = lo + Math.max(1, span.path("quantity").asInt(1)) - 1;
                if (!addressRange.intersects(lo, hi)) {
                    return false;
                }
                if (valueRange == null) {
                    return true;
                }
                int written = valueAt(q.path("write"), addressRange.start());
                return written >= 0 && valueRange.matches(written);
            }
            return fn == null || fn.test(q);
        };
    }

    /** The value a write request puts at {@code address}, or -1 when it writes none there. */
    private static int valueAt(JsonNode write, int address) {
        int start = write.path("address").asInt(-1);
        if (start < 0 || address < start) {
            return -1;
        }
        if (!write.has("quantity")) {
            return address == start ? write.path("data").asInt(-1) : -1;
        }
        JsonNode values = write.path("values");
        int i = address - start;
        return i < values.size() ? values.get(i).asInt() : -1;
    }

    private static Predicate<JsonNode> function(String arg) {
        boolean negate = arg.startsWith("!");
        String v = negate ? arg.substring(1) : arg;
        Predicate<JsonNode> p = switch (v) {
            case "assigned" -> q -> q.path("category").asString().equals("PUBLIC_ASSIGNED");
            case "unassigned" -> q -> q.path("category").asString().equals("PUBLIC_UNASSIGNED");
            case "public" -> q -> q.path("category").asString().startsWith("PUBLIC");
            case "user" -> q -> q.path("category").asString().equals("USER_DEFINED");
            case "reserved" -> q -> q.path("category").asString().equals("RESERVED");
            case "all" -> q -> true;
            default -> {
                int code = Integer.parseInt(v);
                yield q -> q.path("function_raw").asInt() == code;
            }
        };
        return negate ? p.negate() : p;
    }
}
