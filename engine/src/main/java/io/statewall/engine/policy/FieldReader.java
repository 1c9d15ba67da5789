package io.statewall.engine.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values out of {@link YamlNode}s, recording a {@link Problem} at the value's
 * location instead of throwing: a loader that stops at the first bad value would make the
 * engineer fix a file one error per run.
 */
final class FieldReader {
    private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*-\\s*(\\d+)");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern COMPARISON = Pattern.compile("(>=|<=|>|<)\\s*(\\d+)");
    private static final Pattern RATE = Pattern.compile("(\\d+)\\s*/\\s*(\\S+)");

    final List<Problem> problems = new ArrayList<>();

    void problem(SourceLocation at, String message) {
        problems.add(new Problem(at, message));
    }

    /** Reports every key not in {@code accepted}, with a suggestion for near misses. */
    void checkKeys(YamlNode map, List<String> accepted, String context) {
        for (var e : map.entries()) {
            if (!accepted.contains(e.getKey())) {
                String hint = PolicyKeys.suggest(e.getKey(), accepted);
                problem(e.getValue().keyAt(), "unknown key '" + e.getKey() + "' in " + context
                        + (hint != null ? " (did you mean '" + hint + "'?)" : " (expected one of: " + String.join(", ", accepted) + ")"));
            }
        }
    }

    boolean expectMap(YamlNode n, String context) {
        if (n.isMap()) {
            return true;
        }
        problem(n.at(), context + ": expected a mapping, found " + n.describe());
        return false;
    }

    String string(YamlNode n, String context) {
        String s = n.scalarText();
        if (s == null) {
            problem(n.at(), context + ": expected a text, found " + n.describe());
        }
        return s;
    }

    Boolean bool(YamlNode n, String context) {
        if (!n.json().isBoolean()) {
            problem(n.at(), context + ": expected true or false, found " + n.describe());
            return null;
        }
        return n.json().booleanValue();
    }

    Double number(YamlNode n, String context) {
        if (!n.json().isNumber()) {
            problem(n.at(), context + ": expected a number, found " + n.describe());
            return null;
        }
        double d = n.json().doubleValue();
        if (!Double.isFinite(d)) {
            problem(n.at(), context + ": expected a finite number, found " + n.describe());
            return null;
        }
        return d;
    }

    Integer integer(YamlNode n, long min, long max, String context) {
        if (!n.json().isIntegralNumber() || !n.json().canConvertToLong()
                || n.json().longValue() < min || n.json().longValue() > max) {
            problem(n.at(), context + ": expected a whole number " + min + ".." + max + ", found " + n.describe());
            return null;
        }
        return (int) n.json().longValue();
    }

    /** {@code N}, {@code "a-b"} (inclusive) or a list of them, each within min..max. */
    IntRanges intRanges(YamlNode n, long min, long max, String context) {
        return ranges(n, min, max, context, false);
    }

    /** As {@link #intRanges}, plus {@code ">N"}, {@code "<N"}, {@code ">=N"}, {@code "<=N"}. */
    IntRanges valueRanges(YamlNode n, long min, long max, String context) {
        return ranges(n, min, max, context, true);
    }

    private IntRanges ranges(YamlNode n, long min, long max, String context, boolean comparisons) {
        List<YamlNode> items = n.itemsOrSelf();
        if (items.isEmpty()) {
            problem(n.at(), context + ": empty list matches nothing; leave the key out to match anything");
            return null;
        }
        List<IntRanges.Range> out = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : items) {
            IntRanges.Range r = range(item, min, max, context, comparisons);
            if (r == null) {
                ok = false;
            } else {
                out.add(r);
            }
        }
        return ok ? new IntRanges(out) : null;
    }

    private IntRanges.Range range(YamlNode item, long min, long max, String context, boolean comparisons) {
        String expected = comparisons ? "a number " + min + ".." + max + ", a range 'a-b', or '>N', '<N', '>=N', '<=N'"
                : "a number " + min + ".." + max + " or a range 'a-b'";
        String text = item.scalarText();
        if (text == null || item.json().isBoolean() || item.json().isFloatingPointNumber()) {
            problem(item.at(), context + ": expected " + expected + ", found " + item.describe());
            return null;
        }
        text = text.strip();
        long lo;
        long hi;
        Matcher m;
        if (NUMBER.matcher(text).matches() && text.length() < 12) {
            lo = hi = Long.parseLong(text);
        } else if ((m = RANGE.matcher(text)).matches() && m.group(1).length() < 12 && m.group(2).length() < 12) {
            lo = Long.parseLong(m.group(1));
            hi = Long.parseLong(m.group(2));
            if (lo > hi) {
                problem(item.at(), context + ": empty range '" + text + "' (the lower bound comes first)");
                return null;
            }
        } else if (comparisons && (m = COMPARISON.matcher(text)).matches() && m.group(2).length() < 12) {
            long v = Long.parseLong(m.group(2));
            switch (m.group(1)) {
                case ">" -> { lo = v + 1; hi = max; }
                case ">=" -> { lo = v; hi = max; }
                case "<" -> { lo = min; hi = v - 1; }
                default -> { lo = min; hi = v; }
            }
            if (lo > hi || v > max) {
                problem(item.at(), context + ": '" + text + "' matches no value in " + min + ".." + max);
                return null;
            }
        } else {
            problem(item.at(), context + ": expected " + expected + ", found " + item.describe());
            return null;
        }
        if (lo < min || hi > max) {
            problem(item.at(), context + ": '" + text + "' is outside " + min + ".." + max);
            return null;
        }
        return new IntRanges.Range(lo, hi);
    }

    /** One or more enum constants written in lower case ({@code holding_registers}). */
    <E extends Enum<E>> Set<E> enums(YamlNode n, Class<E> type, Collection<E> allowed, String context) {
        List<YamlNode> items = n.itemsOrSelf();
        if (items.isEmpty()) {
            problem(n.at(), context + ": empty list matches nothing; leave the key out to match anything");
            return null;
        }
        EnumSet<E> out = EnumSet.noneOf(type);
        boolean ok = true;
        for (YamlNode item : items) {
            E e = oneEnum(item, type, allowed, context);
            if (e == null) {
                ok = false;
            } else {
                out.add(e);
            }
        }
        return ok ? out : null;
    }

    <E extends Enum<E>> E oneEnum(YamlNode item, Class<E> type, Collection<E> allowed, String context) {
        String text = item.scalarText();
        if (text != null) {
            for (E e : allowed) {
                if (e.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return e;
                }
            }
        }
        problem(item.at(), context + ": unknown value " + item.describe() + " (expected one of: "
                + String.join(", ", allowed.stream().map(e -> e.name().toLowerCase(Locale.ROOT)).toList()) + ")");
        return null;
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}; positive. */
    Duration duration(YamlNode n, String context) {
        String text = n.scalarText();
        Duration d = Durations.parse(text);
        if (d == null || d.isZero()) {
            problem(n.at(), context + ": expected a positive duration such as 500ms, 5s, 2m or 1h, found " + n.describe());
            return null;
        }
        return d;
    }

    /** {@code N/duration}, e.g. {@code 20/1s}. */
    Rate rate(YamlNode n, String context) {
        String text = n.scalarText();
        Matcher m = text == null ? null : RATE.matcher(text.strip());
        if (m != null && m.matches() && m.group(1).length() <= 9) {
            Duration window = Durations.parse(m.group(2));
            if (window != null && !window.isZero()) {
                return new Rate(Integer.parseInt(m.group(1)), window);
            }
        }
        problem(n.at(), context + ": expected a rate 'N/duration' such as 20/1s, found " + n.describe());
        return null;
    }
}
