package io.statewall.nma.sensor;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operator declaration of an operating state, as written on the command line:
 * {@code STATE}, {@code STATE@FROM} or {@code STATE@FROM..UNTIL}. FROM and UNTIL are capture
 * times: an ISO-8601 instant ({@code 2026-11-25T10:00:00Z}, fractions and offsets allowed) or an
 * offset from the first packet of the capture ({@code +90s}, {@code +5m}, {@code +1h30m},
 * {@code +250ms}). Without FROM the declaration starts with the first packet; without UNTIL it
 * lasts to the end of the capture.
 *
 * <p>Parsing checks only the text. Whether the state exists, and how declarations sit in time
 * once offsets are resolved against the capture, is {@link DeclarationSchedule}'s job.
 *
 * @param spec  the text as given, for messages
 * @param state the state to declare
 * @param from  when it starts
 * @param until when it is released ({@link Moment#END}: never)
 */
public record StateDeclaration(String spec, String state, Moment from, Moment until) {
    /** Asset, state and rule names of the policy format (docs/policy-format.md, "Assets"). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    /** h, m, s, ms, each at most once and in that order; {@code m(?!s)} keeps "5ms" from reading as minutes. */
    private static final Pattern OFFSET = Pattern.compile("\\+(?:(\\d{1,12})h)?(?:(\\d{1,12})m(?!s))?(?:(\\d{1,12})s)?(?:(\\d{1,12})ms)?");
    private static final long[] UNIT_NANOS = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L};
    private static final String FORMS = "an ISO-8601 instant such as 2026-11-25T10:00:00Z,"
            + " or an offset from the first packet such as +90s, +5m, +1h30m, +250ms";

    public StateDeclaration {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
    }

    /**
     * A point in capture time, absolute or relative to the first packet.
     *
     * @param nanos            nanoseconds since the epoch, or since the first packet
     * @param sinceFirstPacket whether {@code nanos} counts from the first packet
     */
    public record Moment(long nanos, boolean sinceFirstPacket) {
        /** The first packet of the capture. */
        public static final Moment START = new Moment(0, true);
        /** After the last packet: a declaration that is never released. */
        public static final Moment END = new Moment(Long.MAX_VALUE, false);

        /** Nanoseconds since the epoch, given the first packet's; saturates at {@link Long#MAX_VALUE} (never). */
        public long resolve(long firstPacketNanos) {
            if (!sinceFirstPacket) {
                return nanos;
            }
            long at = firstPacketNanos + nanos;
            // Offsets are never negative: an overflow can only go past the top.
            return ((firstPacketNanos ^ at) & (nanos ^ at)) < 0 ? Long.MAX_VALUE : at;
        }
    }

    /**
     * Parses one {@code --declare} argument.
     *
     * @throws IllegalArgumentException with a one-line reason that quotes the faulty part
     */
    public static StateDeclaration parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        int at = spec.indexOf('@');
        String state = at < 0 ? spec : spec.substring(0, at);
        if (!NAME.matcher(state).matches()) {
            throw new IllegalArgumentException("'" + state + "' is not a state name (a letter, then letters, digits, '_', '.', '-')");
        }
        if (at < 0) {
            return new StateDeclaration(spec, state, Moment.START, Moment.END);
        }
        String times = spec.substring(at + 1);
        // An instant never holds "..": its fraction has a single dot.
        int range = times.indexOf("..");
        String from = range < 0 ? times : times.substring(0, range);
        Moment until = range < 0 ? Moment.END : moment(times.substring(range + 2), "UNTIL");
        return new StateDeclaration(spec, state, moment(from, "FROM"), until);
    }

    private static Moment moment(String text, String role) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(role + " is missing (" + FORMS + ")");
        }
        if (text.charAt(0) == '+') {
            return new Moment(offsetNanos(text, role), true);
        }
        try {
            Instant i = Instant.parse(text);
            return new Moment(Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano()), false);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(role + " '" + text + "' is not a time (" + FORMS + ")");
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(role + " '" + text + "' is outside the capture time range (1677 to 2262)");
        }
    }

    private static long offsetNanos(String text, String role) {
        Matcher m = OFFSET.matcher(text);
        if (text.length() < 2 || !m.matches()) {
            throw new IllegalArgumentException(role + " '" + text + "' is not a time (" + FORMS + ")");
        }
        long total = 0;
        try {
            for (int g = 1; g <= UNIT_NANOS.length; g++) {
                if (m.group(g) != null) {
                    total = Math.addExact(total, Math.multiplyExact(Long.parseLong(m.group(g)), UNIT_NANOS[g - 1]));
                }
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(role + " '" + text + "' is too far from the first packet");
        }
        return total;
    }
}
