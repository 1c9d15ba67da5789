package io.statewall.asma.api;

import io.statewall.engine.policy.Endpoint;
import io.statewall.engine.policy.IntRanges;
import io.statewall.engine.policy.Match;
import io.statewall.engine.policy.Rate;
import io.statewall.engine.policy.ResponseMatch;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * A policy match as one line a person reads, in the order one says it: who talks to whom, what
 * the message does to which data, then the finer conditions, e.g. {@code from hmi-1, hmi-2 to
 * boiler-plc:502 write holding registers 100-120 values 0-50}. Every condition of the match is
 * in the text; a match without any is {@code any Modbus message}.
 */
final class MatchText {
    private MatchText() {
    }

    static String of(Match m) {
        StringJoiner out = new StringJoiner(" ");
        if (m.from() != null) {
            out.add("from " + endpoints(m.from()));
        }
        if (m.to() != null) {
            out.add("to " + endpoints(m.to()));
        }
        if (m.operations() != null) {
            out.add(words(m.operations(), " or "));
        }
        if (m.functions() != null) {
            out.add(plural("function", m.functions()) + " " + ranges(m.functions()));
        }
        if (m.categories() != null) {
            out.add("category " + words(m.categories(), " or "));
        }
        if (m.units() != null) {
            out.add(plural("unit", m.units()) + " " + ranges(m.units()));
        }
        if (m.areas() != null) {
            out.add(words(m.areas(), " or "));
        }
        if (m.addresses() != null) {
            // After an area the numbers read as its addresses ("coils 0-3"); alone they need the word.
            out.add((m.areas() != null ? "" : plural("address", m.addresses()) + " ") + ranges(m.addresses()));
        }
        if (m.values() != null) {
            out.add(plural("value", m.values()) + " " + ranges(m.values()));
        }
        if (m.response() != null) {
            out.add(response(m.response()));
        }
        return out.length() == 0 ? "any Modbus message" : out.toString();
    }

    /** A rule's rate: {@code more than 20 per 1s}; null without one. */
    static String rate(Rate r) {
        return r == null ? null : "more than " + r.count() + " per " + duration(r.window());
    }

    private static String response(ResponseMatch r) {
        if (r.exceptionCodes() != null) {
            return "answered with exception " + (r.exceptionCodes().ranges().size() == 1
                    && r.exceptionCodes().min() == r.exceptionCodes().max() ? "code " : "codes ") + ranges(r.exceptionCodes());
        }
        return Boolean.TRUE.equals(r.exception()) ? "answered with an exception" : "answered normally";
    }

    private static String endpoints(List<Endpoint> list) {
        StringJoiner j = new StringJoiner(", ");
        for (Endpoint e : list) {
            j.add(e.port() == Endpoint.ANY_PORT ? e.name() : e.name() + ":" + e.port());
        }
        return j.toString();
    }

    /** Enum constants as words: {@code HOLDING_REGISTERS} is "holding registers", {@code READ_WRITE} "read-write". */
    private static String words(Collection<? extends Enum<?>> values, String separator) {
        StringJoiner j = new StringJoiner(separator);
        for (Enum<?> e : values) {
            String n = e.name().toLowerCase(Locale.ROOT);
            j.add(n.equals("read_write") ? "read-write" : n.replace('_', ' '));
        }
        return j.toString();
    }

    private static String plural(String word, IntRanges r) {
        boolean one = r.ranges().size() == 1 && r.min() == r.max();
        return one ? word : word.endsWith("s") ? word + "es" : word + "s";
    }

    private static String ranges(IntRanges r) {
        StringJoiner j = new StringJoiner(", ");
        r.ranges().forEach(x -> j.add(x.toString()));
        return j.toString();
    }

    private static String duration(Duration d) {
        if (d.toMillisPart() != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
