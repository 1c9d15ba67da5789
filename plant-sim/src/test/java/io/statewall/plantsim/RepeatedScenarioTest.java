package io.statewall.plantsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link Scenario#repeated}: the crew's operating sequence over a long run, each run a copy of the
 * one before shifted by the period, and the unit, driven over Modbus, going through the same
 * states in every run.
 */
class RepeatedScenarioTest {
    private static final Scenario ONE = Scenario.normalOperation(true);
    private static final double PERIOD = 1500;

    @Test
    void eachRunIsTheSequenceShiftedByThePeriodRefreshesIncluded() {
        Scenario three = Scenario.repeated(ONE, 3, PERIOD);

        assertThat(three.steps()).hasSize(3 * ONE.steps().size());
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < ONE.steps().size(); i++) {
                Step original = ONE.steps().get(i);
                Step copy = three.steps().get(k * ONE.steps().size() + i);
                assertThat(copy.at()).isEqualTo(original.at() + k * PERIOD);
                assertThat(copy.command()).isEqualTo(original.command());
                assertThat(copy.role()).isEqualTo(original.role());
                assertThat(copy.milestone()).isEqualTo(original.milestone());
            }
        }
        assertThat(three.duration()).isEqualTo(ONE.duration() + 2 * PERIOD);

        // The load setpoint is refreshed in every run with the values that run commanded.
        List<Step> once = ONE.refreshSteps(Scenario.REFRESH_STEPPED_SECONDS);
        List<Step> thrice = three.refreshSteps(Scenario.REFRESH_STEPPED_SECONDS);
        assertThat(once).isNotEmpty();
        assertThat(thrice).hasSize(3 * once.size());
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < once.size(); i++) {
                Step copy = thrice.get(k * once.size() + i);
                assertThat(copy.at()).isEqualTo(once.get(i).at() + k * PERIOD);
                assertThat(copy.command()).isEqualTo(once.get(i).command());
            }
        }
    }

    @Test
    void runsMayNotOverlapAndThereIsAtLeastOne() {
        assertThatThrownBy(() -> Scenario.repeated(ONE, 2, ONE.duration() - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot start every");
        assertThatThrownBy(() -> Scenario.repeated(ONE, 0, PERIOD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least once");
        assertThat(Scenario.repeated(ONE, 1, ONE.duration()).steps()).isEqualTo(ONE.steps());
    }

    @Test
    void overModbusTheUnitGoesThroughTheSameStatesInEveryRun() throws Exception {
        Scenario twice = Scenario.repeated(ONE, 2, PERIOD);
        try (PolledRun run = new PolledRun(7, twice)) {
            run.runUntil(twice.duration() + 20);

            List<String> cycle = List.of("stopped", "start-up", "normal", "shut-down", "stopped", "maintenance");
            assertThat(run.states.visited()).as(run.states.switches().toString())
                    .containsExactly(concat(cycle, cycle, List.of("stopped")));
            assertThat(run.states.forbidden()).isEmpty();
            assertThat(run.run.outcomes()).hasSize(run.run.schedule().size())
                    .allSatisfy(o -> assertThat(o.ok()).as(o.step().description() + ": " + o.detail()).isTrue());
            // The unit is left cold and still between runs: the second start-up and load follow
            // the script as closely as the first did (times in the NMA's wall time).
            double shift = PERIOD / PolledRun.SCALE;
            for (String state : List.of("start-up", "normal", "shut-down")) {
                assertThat(run.entered(state, 1)).as(state)
                        .isCloseTo(run.entered(state, 0) + shift, Offset.offset(1.0));
            }
        }
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toArray(String[]::new);
    }
}
