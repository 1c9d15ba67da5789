package io.statewall.engine.policy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Statewall's files write them: a whole number and a unit, {@code 500ms}, {@code
 * 5s}, {@code 2m}, {@code 1h}, {@code 30d}. One reading for the policy, the NMA's configuration,
 * the ASMA's configuration and its plant file, so the same text means the same everywhere.
 */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * @return the duration {@code text} (surrounding blanks ignored) spells, or null when it is
     *     not one (also for more than nine digits, which no sensible duration needs and which
     *     must not overflow)
     */
    public static Duration parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches() || m.group(1).length() > 9) {
            return null;
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            case "h" -> Duration.ofHours(v);
            default -> Duration.ofDays(v);
        };
    }
}
