package io.statewall.nma.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Declarations resolved against a capture: boundaries in time order, and what is refused. */
class DeclarationScheduleTest {
    private static final long S = 1_000_000_000L;
    /** 2026-11-25T10:00:00Z: the first packet of the imagined capture. */
    private static final long FIRST = 1_795_600_800L * S;
    private static final List<String> STATES = List.of("stopped", "startup", "normal", "maintenance", "unknown");

    private static DeclarationSchedule schedule(String... specs) {
        return DeclarationSchedule.of(Arrays.stream(specs).map(StateDeclaration::parse).toList(), FIRST, STATES);
    }

    /** The boundaries as "seconds after the first packet: state", "-" for a release. */
    private static List<String> boundaries(DeclarationSchedule s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            String what = s.declares(i) == null ? "-" : s.declares(i);
            out.add((s.at(i) - FIRST) / S + ":" + what);
        }
        return out;
    }

    static Stream<Arguments> schedules() {
        return Stream.of(
                // specs, boundaries
                Arguments.of(new String[] {"maintenance"}, List.of("0:maintenance")),
                Arguments.of(new String[] {"maintenance@+90s"}, List.of("90:maintenance")),
                Arguments.of(new String[] {"maintenance@+90s..+5m"}, List.of("90:maintenance", "300:-")),
                Arguments.of(new String[] {"maintenance@2026-11-25T10:01:00Z..+2m"}, List.of("60:maintenance", "120:-")),
                // given out of order, applied in time order
                Arguments.of(new String[] {"normal@+10m..+11m", "maintenance@+1m..+2m"},
                        List.of("60:maintenance", "120:-", "600:normal", "660:-")),
                // one window ending where the next begins: a handover, no release in between
                Arguments.of(new String[] {"maintenance@+1m..+2m", "stopped@+2m..+3m"},
                        List.of("60:maintenance", "120:stopped", "180:-")),
                Arguments.of(new String[] {"maintenance@+1m..+2m", "stopped@+2m"},
                        List.of("60:maintenance", "120:stopped")),
                // the same state twice, apart
                Arguments.of(new String[] {"maintenance@+1m..+2m", "maintenance@+3m..+4m"},
                        List.of("60:maintenance", "120:-", "180:maintenance", "240:-")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void resolvesInTimeOrder(String[] specs, List<String> expected) {
        assertThat(boundaries(schedule(specs))).isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // specs, a fragment of the message
                Arguments.of(new String[] {"maintnance"},
                        "maintnance: unknown state 'maintnance' (states: stopped, startup, normal, maintenance, unknown)"),
                Arguments.of(new String[] {"normal@+5m..+5m"},
                        "normal@+5m..+5m: UNTIL (2026-11-25T10:05:00Z) is not after FROM (2026-11-25T10:05:00Z)"),
                Arguments.of(new String[] {"normal@+5m..+90s"}, "UNTIL (2026-11-25T10:01:30Z) is not after FROM"),
                // only comparable once +1m is known to be 10:01
                Arguments.of(new String[] {"normal@2026-11-25T10:02:00Z..+1m"}, "UNTIL (2026-11-25T10:01:00Z) is not after FROM"),
                Arguments.of(new String[] {"normal@+1m..+5m", "startup@+4m"},
                        "normal@+1m..+5m and startup@+4m overlap (from 2026-11-25T10:04:00Z to 2026-11-25T10:05:00Z)"),
                Arguments.of(new String[] {"startup@+4m..+6m", "normal@+1m..+5m"}, "normal@+1m..+5m and startup@+4m..+6m overlap"),
                // a whole-capture declaration overlaps everything else
                Arguments.of(new String[] {"maintenance", "normal@+1h..+2h"}, "maintenance and normal@+1h..+2h overlap"),
                Arguments.of(new String[] {"maintenance", "maintenance"}, "maintenance and maintenance overlap"),
                Arguments.of(new String[] {"normal@+1m..+5m", "normal@2026-11-25T10:02:00Z..+3m"}, "overlap"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refuses(String[] specs, String message) {
        assertThatThrownBy(() -> schedule(specs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void withNoPacketToResolveAgainstOnlyTheStatesAreChecked() {
        DeclarationSchedule.checkStates(List.of(StateDeclaration.parse("normal@+5m..+1m")), STATES);
        assertThatThrownBy(() -> DeclarationSchedule.checkStates(List.of(StateDeclaration.parse("trip")), STATES))
                .hasMessageContaining("unknown state 'trip'");
    }

    @Test
    void listsEachDeclaredStateOnce() {
        assertThat(schedule("maintenance@+1m..+2m", "normal@+3m..+4m", "maintenance@+5m").states())
                .containsExactly("maintenance", "normal");
        assertThat(DeclarationSchedule.NONE.isEmpty()).isTrue();
        assertThat(DeclarationSchedule.NONE.states()).isEmpty();
    }
}
