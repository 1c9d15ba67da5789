package io.statewall.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateModelTest {
    private static final VariableTable VARS = VariableTable.of("speed", "breaker", "fuel");

    @Test
    void defaultsAddAnImplicitUnknownStateAndAllowEverythingWithoutTransitions() throws InvalidStateModelException {
        CompiledStateModel m = new StateModel(List.of(
                StateDef.of("stopped", "speed < 50", 1),
                StateDef.of("running", "speed >= 50", 2)), Map.of()).compile(VARS);

        assertThat(m.states()).extracting(OperatingState::name).containsExactly("stopped", "running", "unknown");
        assertThat(m.initial().name()).isEqualTo("unknown");
        assertThat(m.staleFallback()).isSameAs(m.initial());
        assertThat(m.state("unknown").condition()).isNull();
        assertThat(m.allowed(m.state("stopped"), m.state("running"))).isTrue();
        assertThat(m.allowed(m.state("running"), m.state("stopped"))).isTrue();
        assertThat(m.maxAgeNanos(0)).isEqualTo(VariableView.NO_MAX_AGE);
        assertThat(m.dependents(0)).containsExactly(0, 1);
        assertThat(m.dependents(1)).isEmpty();
    }

    @Test
    void listedTransitionsAreTheOnlyAllowedOnesExceptThroughTheFallback() throws InvalidStateModelException {
        CompiledStateModel m = new StateModel(List.of(
                StateDef.of("stopped", "speed < 50", 1),
                StateDef.of("start-up", "speed in 50..2949 and not breaker", 2),
                StateDef.of("normal", "speed >= 2950 and breaker", 3)),
                Map.of("stopped", Set.of("start-up"), "start-up", Set.of("normal", "stopped")))
                .withMaxAge(Map.of("speed", Duration.ofSeconds(2)), Duration.ofSeconds(10))
                .compile(VARS);
        OperatingState stopped = m.state("stopped"), startUp = m.state("start-up"), normal = m.state("normal");
        OperatingState unknown = m.state("unknown");

        assertThat(m.allowed(stopped, startUp)).isTrue();
        assertThat(m.allowed(stopped, normal)).as("stopped → normal skips start-up").isFalse();
        assertThat(m.allowed(normal, stopped)).as("normal is not a key: it may go nowhere").isFalse();
        assertThat(m.allowed(normal, unknown)).isTrue();
        assertThat(m.allowed(unknown, normal)).isTrue();
        assertThat(m.maxAgeNanos(0)).isEqualTo(2_000_000_000L);
        assertThat(m.maxAgeNanos(1)).isEqualTo(10_000_000_000L);
    }

    @Test
    void reportsEveryProblemOnItsOwnLine() {
        StateModel bad = new StateModel(List.of(
                StateDef.of("stopped", "speed < 50", 1),
                StateDef.of("stopped", "speed < 60", 1),
                StateDef.of("normal", "speed >= and breaker", 3),
                StateDef.of("typo", "sped > 1", 1),
                StateDef.of("banded", "speed > 1", 1)
                        .withDeadband(Map.of("pressure", 1.0, "rate(speed)", -2.0))
                        .withMinDwell(Duration.ofSeconds(-1))),
                Map.of("stopped", Set.of("start-up"), "stoped", Set.of("normal")),
                "idle", null, Map.of("temp", Duration.ofSeconds(1), "speed", Duration.ZERO), null);

        assertThatThrownBy(() -> bad.compile(VARS))
                .isInstanceOfSatisfying(InvalidStateModelException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "state 'stopped' is declared twice",
                        "initial state 'idle' is not a state (states: stopped, normal, typo, banded, unknown)",
                        "state 'normal': expected a number after '>=', found 'and' at column 10",
                        "state 'typo': unknown variable 'sped' (known: speed, breaker, fuel) at column 1",
                        "state 'banded': deadband names 'pressure', which is neither a variable nor rate(variable) (variables: speed, breaker, fuel)",
                        "state 'banded': deadband of 'rate(speed)' must be a finite number >= 0, is -2.0",
                        "state 'banded': minimum dwell time is negative (PT-1S)",
                        "transitions: 'stopped' → 'start-up': 'start-up' is not a state (states: stopped, normal, typo, banded, unknown)",
                        "transitions: 'stoped' is not a state (states: stopped, normal, typo, banded, unknown)",
                        "max age given for 'temp', which is not a variable (variables: speed, breaker, fuel)",
                        "max age of 'speed' must be positive, is PT0S"))
                .hasMessageStartingWith("invalid state model: ");
    }

    @Test
    void aMissingFallbackOtherThanUnknownIsAnError() {
        StateModel m = new StateModel(List.of(StateDef.of("a", "speed > 1", 1)), Map.of()).withStaleFallback("safe");
        assertThatThrownBy(() -> m.compile(VARS)).isInstanceOfSatisfying(InvalidStateModelException.class,
                e -> assertThat(e.problems()).containsExactly("stale fallback state 'safe' is not a state (states: a, unknown)"));
    }

    @Test
    void declaredUnknownStateIsUsedAsIs() throws InvalidStateModelException {
        CompiledStateModel m = new StateModel(List.of(
                StateDef.of("unknown", null, 0), StateDef.of("a", "speed > 1", 1)), Map.of()).compile(VARS);
        assertThat(m.states()).extracting(OperatingState::name).containsExactly("unknown", "a");
        assertThat(m.initial().id()).isZero();
    }
}
