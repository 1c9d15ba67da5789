package io.statewall.nma.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.nma.sensor.StateDeclaration.Moment;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code --declare STATE[@FROM[..UNTIL]]} as text: the forms that parse and the ones that do not. */
class StateDeclarationTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    /** 2026-11-25T10:00:00Z in epoch seconds. */
    private static final long T10 = 1_795_600_800L;

    private static Moment rel(long nanos) {
        return new Moment(nanos, true);
    }

    private static Moment abs(long nanos) {
        return new Moment(nanos, false);
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                // spec, state, from, until
                Arguments.of("maintenance", "maintenance", Moment.START, Moment.END),
                Arguments.of("startup", "startup", Moment.START, Moment.END),
                Arguments.of("unit-3.hot_standby", "unit-3.hot_standby", Moment.START, Moment.END),
                Arguments.of("normal@+90s", "normal", rel(90 * S), Moment.END),
                Arguments.of("normal@+5m", "normal", rel(300 * S), Moment.END),
                Arguments.of("normal@+1h30m", "normal", rel(5_400 * S), Moment.END),
                Arguments.of("normal@+250ms", "normal", rel(250 * MS), Moment.END),
                // "5ms" is milliseconds, not 5 minutes followed by garbage
                Arguments.of("normal@+5ms", "normal", rel(5 * MS), Moment.END),
                Arguments.of("normal@+1h2m3s4ms", "normal", rel(3_723 * S + 4 * MS), Moment.END),
                Arguments.of("normal@+0s", "normal", Moment.START, Moment.END),
                Arguments.of("normal@2026-11-25T10:00:00Z", "normal", abs(T10 * S), Moment.END),
                Arguments.of("normal@2026-11-25T10:00:00.25Z", "normal", abs(T10 * S + 250 * MS), Moment.END),
                // an offset is converted to UTC
                Arguments.of("normal@2026-11-25T11:00:00+01:00", "normal", abs(T10 * S), Moment.END),
                Arguments.of("normal@+90s..+5m", "normal", rel(90 * S), rel(300 * S)),
                Arguments.of("normal@2026-11-25T10:00:00Z..2026-11-25T10:05:00.5Z", "normal",
                        abs(T10 * S), abs((T10 + 300) * S + 500 * MS)),
                // mixed forms are resolved later, against the capture
                Arguments.of("normal@2026-11-25T10:00:00Z..+1h", "normal", abs(T10 * S), rel(3_600 * S)),
                // UNTIL before FROM is only known once resolved: the text is fine
                Arguments.of("normal@+5m..+90s", "normal", rel(300 * S), rel(90 * S)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parses(String spec, String state, Moment from, Moment until) {
        StateDeclaration d = StateDeclaration.parse(spec);
        assertThat(d.spec()).isEqualTo(spec);
        assertThat(d.state()).isEqualTo(state);
        assertThat(d.from()).isEqualTo(from);
        assertThat(d.until()).isEqualTo(until);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                // spec, a fragment of the message
                Arguments.of("", "'' is not a state name"),
                Arguments.of("@+5s", "'' is not a state name"),
                Arguments.of("3rd", "'3rd' is not a state name"),
                Arguments.of("normal state", "'normal state' is not a state name"),
                Arguments.of("normal@", "FROM is missing"),
                Arguments.of("normal@..+5s", "FROM is missing"),
                Arguments.of("normal@+5s..", "UNTIL is missing"),
                Arguments.of("normal@+", "FROM '+' is not a time"),
                Arguments.of("normal@+90", "FROM '+90' is not a time"),
                Arguments.of("normal@90s", "FROM '90s' is not a time"),
                Arguments.of("normal@-90s", "FROM '-90s' is not a time"),
                Arguments.of("normal@+1.5s", "FROM '+1.5s' is not a time"),
                // units out of order, or repeated
                Arguments.of("normal@+30s1m", "FROM '+30s1m' is not a time"),
                Arguments.of("normal@+1m1m", "FROM '+1m1m' is not a time"),
                Arguments.of("normal@+1d", "FROM '+1d' is not a time"),
                Arguments.of("normal@10:00", "FROM '10:00' is not a time"),
                // a local time is no instant: which zone?
                Arguments.of("normal@2026-11-25T10:00:00", "FROM '2026-11-25T10:00:00' is not a time"),
                Arguments.of("normal@2026-13-25T10:00:00Z", "FROM '2026-13-25T10:00:00Z' is not a time"),
                Arguments.of("normal@+5s..soon", "UNTIL 'soon' is not a time"),
                Arguments.of("normal@+1s..+2s..+3s", "UNTIL '+2s..+3s' is not a time"),
                Arguments.of("normal@+1s@+2s", "FROM '+1s@+2s' is not a time"),
                // past what a long of nanoseconds holds
                Arguments.of("normal@2300-01-01T00:00:00Z", "outside the capture time range"),
                Arguments.of("normal@+999999999999h", "too far from the first packet"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refuses(String spec, String message) {
        assertThatThrownBy(() -> StateDeclaration.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resolutions")
    void aMomentResolvesAgainstTheFirstPacket(Moment m, long firstPacket, long expected) {
        assertThat(m.resolve(firstPacket)).isEqualTo(expected);
    }

    static Stream<Arguments> resolutions() {
        long first = T10 * S + 123;
        return Stream.of(
                Arguments.of(Moment.START, first, first),
                Arguments.of(rel(90 * S), first, first + 90 * S),
                // an absolute time ignores the first packet
                Arguments.of(abs(T10 * S), first, T10 * S),
                Arguments.of(Moment.END, first, Long.MAX_VALUE),
                // an offset past the year 2262 is never reached: it saturates instead of wrapping
                Arguments.of(rel(Long.MAX_VALUE - 5), first, Long.MAX_VALUE));
    }
}
