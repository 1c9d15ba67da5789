package io.statewall.engine.state;

import static io.statewall.engine.state.ConditionParserTest.FUEL;
import static io.statewall.engine.state.ConditionParserTest.N;
import static io.statewall.engine.state.ConditionParserTest.SPEED;
import static io.statewall.engine.state.ConditionParserTest.VARS;
import static io.statewall.engine.state.Truth.FALSE;
import static io.statewall.engine.state.Truth.TRUE;
import static io.statewall.engine.state.Truth.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionEvaluationTest {
    private static final long S = 1_000_000_000L;

    /** Deadband 5 on every value, 1 on every rate. */
    private static final double[] DEADBAND = new double[2 * N];

    static {
        Arrays.fill(DEADBAND, 0, N, 5);
        Arrays.fill(DEADBAND, N, 2 * N, 1);
    }

    /** "name=value; name=?" — '?' and unlisted variables are unknown; "NaN" is a known NaN from the wire. */
    private static VariableView view(String assignments) {
        TestSource source = new TestSource(N);
        for (String a : assignments.split(";")) {
            if (a.isBlank()) {
                continue;
            }
            String[] kv = a.split("=");
            int v = VARS.indexOf(kv[0].strip());
            if (v < 0) {
                throw new IllegalArgumentException(kv[0]);
            }
            if (!kv[1].strip().equals("?")) {
                source.set(v, Double.parseDouble(kv[1].strip()), 0);
            }
        }
        VariableView view = new VariableView(source, N);
        view.now(0);
        return view;
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // condition, values, as written, relaxed by the deadband (5)
                Arguments.of("drum_pressure > 120", "drum_pressure=121", TRUE, TRUE),
                Arguments.of("drum_pressure > 120", "drum_pressure=120", FALSE, TRUE),
                Arguments.of("drum_pressure > 120", "drum_pressure=115.5", FALSE, TRUE),
                Arguments.of("drum_pressure > 120", "drum_pressure=115", FALSE, FALSE),
                Arguments.of("drum_pressure >= 120", "drum_pressure=120", TRUE, TRUE),
                Arguments.of("drum_pressure >= 120", "drum_pressure=115", FALSE, TRUE),
                Arguments.of("drum_pressure < 120", "drum_pressure=124", FALSE, TRUE),
                Arguments.of("drum_pressure < 120", "drum_pressure=125", FALSE, FALSE),
                Arguments.of("drum_pressure <= 120", "drum_pressure=125", FALSE, TRUE),
                Arguments.of("drum_pressure <= 120", "drum_pressure=-1e300", TRUE, TRUE),
                Arguments.of("fuel_flow == 0", "fuel_flow=0", TRUE, TRUE),
                Arguments.of("fuel_flow == 0", "fuel_flow=3", FALSE, TRUE),
                Arguments.of("fuel_flow == 0", "fuel_flow=-5", FALSE, TRUE),
                Arguments.of("fuel_flow == 0", "fuel_flow=6", FALSE, FALSE),
                Arguments.of("fuel_flow != 0", "fuel_flow=3", TRUE, TRUE),
                Arguments.of("fuel_flow != 0", "fuel_flow=0", FALSE, FALSE),
                // Under 'not' the deadband works the other way, so the whole condition still relaxes towards TRUE.
                Arguments.of("not (drum_pressure > 120)", "drum_pressure=124", FALSE, TRUE),
                Arguments.of("not (drum_pressure > 120)", "drum_pressure=126", FALSE, FALSE),
                Arguments.of("not (fuel_flow != 0)", "fuel_flow=3", FALSE, TRUE),
                Arguments.of("not (fuel_flow != 0)", "fuel_flow=6", FALSE, FALSE),
                Arguments.of("not (fuel_flow == 0)", "fuel_flow=0.001", TRUE, TRUE),
                Arguments.of("not not (drum_pressure > 120)", "drum_pressure=116", FALSE, TRUE),
                Arguments.of("steam_temp in 480..540", "steam_temp=480", TRUE, TRUE),
                Arguments.of("steam_temp in 480..540", "steam_temp=540", TRUE, TRUE),
                Arguments.of("steam_temp in 480..540", "steam_temp=479.9", FALSE, TRUE),
                Arguments.of("steam_temp in 480..540", "steam_temp=545", FALSE, TRUE),
                Arguments.of("steam_temp in 480..540", "steam_temp=545.1", FALSE, FALSE),
                Arguments.of("steam_temp in 480..480", "steam_temp=480", TRUE, TRUE),
                Arguments.of("not (steam_temp in 480..540)", "steam_temp=482", FALSE, TRUE),
                Arguments.of("not (steam_temp in 480..540)", "steam_temp=500", FALSE, FALSE),
                // Flags: anything but 0 is true; no deadband.
                Arguments.of("breaker_closed", "breaker_closed=1", TRUE, TRUE),
                Arguments.of("breaker_closed", "breaker_closed=0.5", TRUE, TRUE),
                Arguments.of("breaker_closed", "breaker_closed=0", FALSE, FALSE),
                Arguments.of("breaker_closed", "breaker_closed=-0.0", FALSE, FALSE),
                Arguments.of("not tripped", "tripped=0", TRUE, TRUE),
                // Unknown propagates: neither x nor 'not x' holds without data.
                Arguments.of("drum_pressure > 120", "drum_pressure=?", UNKNOWN, UNKNOWN),
                Arguments.of("not (drum_pressure > 120)", "drum_pressure=?", UNKNOWN, UNKNOWN),
                Arguments.of("not tripped", "", UNKNOWN, UNKNOWN),
                Arguments.of("drum_pressure > 120", "drum_pressure=NaN", UNKNOWN, UNKNOWN),
                Arguments.of("breaker_closed", "breaker_closed=NaN", UNKNOWN, UNKNOWN),
                Arguments.of("drum_pressure > 120", "drum_pressure=Infinity", TRUE, TRUE),
                Arguments.of("tripped and breaker_closed", "tripped=0", FALSE, FALSE),
                Arguments.of("tripped and breaker_closed", "tripped=1", UNKNOWN, UNKNOWN),
                Arguments.of("breaker_closed and tripped", "tripped=0", FALSE, FALSE),
                Arguments.of("tripped and breaker_closed", "tripped=1; breaker_closed=1", TRUE, TRUE),
                Arguments.of("tripped or breaker_closed", "tripped=1", TRUE, TRUE),
                Arguments.of("breaker_closed or tripped", "tripped=1", TRUE, TRUE),
                Arguments.of("tripped or breaker_closed", "tripped=0", UNKNOWN, UNKNOWN),
                Arguments.of("tripped or breaker_closed", "tripped=0; breaker_closed=0", FALSE, FALSE),
                Arguments.of("not (tripped or breaker_closed)", "tripped=0", UNKNOWN, UNKNOWN),
                // Precedence as evaluated: 'tripped or (fuel == 0 and breaker)'.
                Arguments.of("tripped or fuel_flow == 0 and breaker_closed", "tripped=1; fuel_flow=7; breaker_closed=0", TRUE, TRUE),
                Arguments.of("(tripped or fuel_flow == 0) and breaker_closed", "tripped=1; fuel_flow=7; breaker_closed=0", FALSE, FALSE),
                // Rate needs two updates: with one value it is unknown.
                Arguments.of("rate(turbine_speed) > 5", "turbine_speed=3000", UNKNOWN, UNKNOWN));
    }

    @ParameterizedTest(name = "{0} with {1}: {2}, relaxed {3}")
    @MethodSource("table")
    void evaluates(String condition, String values, Truth asWritten, Truth relaxed) throws ConditionSyntaxException {
        Condition c = ConditionParser.parse(condition, VARS);
        VariableView view = view(values);
        assertThat(c.evaluate(view)).as("as written").isEqualTo(asWritten);
        assertThat(c.evaluateRelaxed(view, DEADBAND)).as("relaxed").isEqualTo(relaxed);
        assertThat(c.evaluateRelaxed(view, new double[2 * N])).as("zero deadband = as written").isEqualTo(asWritten);
    }

    @Test
    void rateIsUnitsPerSecondOverTheLastTwoDistinctUpdates() throws ConditionSyntaxException {
        TestSource source = new TestSource(N);
        VariableView view = new VariableView(source, N);
        Condition rising = ConditionParser.parse("rate(turbine_speed) > 5", VARS);

        source.set(SPEED, 1000, 0);
        view.observe(SPEED);
        view.now(0);
        assertThat(view.rate(SPEED)).as("one update").isNaN();

        source.set(SPEED, 1010, S / 2);
        view.observe(SPEED);
        view.now(S / 2);
        assertThat(view.rate(SPEED)).isEqualTo(20.0);
        assertThat(rising.evaluate(view)).isEqualTo(TRUE);

        // The same update reported twice (same timestamp) neither divides by zero nor loses the slope.
        view.observe(SPEED);
        assertThat(view.rate(SPEED)).isEqualTo(20.0);

        source.set(SPEED, 1010, S);
        view.observe(SPEED);
        view.now(S);
        assertThat(view.rate(SPEED)).as("steady").isEqualTo(0.0);
        assertThat(rising.evaluate(view)).isEqualTo(FALSE);
        // A deadband of 1 rpm/s on the rate lowers the threshold to 4: a steady machine is still below.
        assertThat(rising.evaluateRelaxed(view, DEADBAND)).isEqualTo(FALSE);

        source.set(SPEED, 1014.5, 2 * S);
        view.observe(SPEED);
        view.now(2 * S);
        assertThat(view.rate(SPEED)).isEqualTo(4.5);
        assertThat(rising.evaluate(view)).isEqualTo(FALSE);
        assertThat(rising.evaluateRelaxed(view, DEADBAND)).isEqualTo(TRUE);

        // Clock stepped backwards: the history restarts instead of producing a negative interval.
        source.set(SPEED, 900, S);
        view.observe(SPEED);
        assertThat(view.rate(SPEED)).isNaN();

        source.forget(SPEED);
        view.observe(SPEED);
        source.set(SPEED, 950, 3 * S);
        view.observe(SPEED);
        assertThat(view.rate(SPEED)).as("history restarts after the variable was lost").isNaN();
    }

    @Test
    void staleValuesReadAsUnknown() throws ConditionSyntaxException {
        TestSource source = new TestSource(N).set(FUEL, 0, 10 * S);
        VariableView view = new VariableView(source, N);
        view.maxAge(FUEL, 2 * S);
        Condition noFuel = ConditionParser.parse("fuel_flow == 0", VARS);
        Condition fuel = ConditionParser.parse("not (fuel_flow == 0)", VARS);

        view.now(12 * S);
        assertThat(noFuel.evaluate(view)).as("exactly max age old").isEqualTo(TRUE);
        view.now(12 * S + 1);
        assertThat(noFuel.evaluate(view)).isEqualTo(UNKNOWN);
        assertThat(fuel.evaluate(view)).isEqualTo(UNKNOWN);
        view.now(9 * S);
        assertThat(noFuel.evaluate(view)).as("clock behind the update").isEqualTo(TRUE);
        assertThat(view.maxAge(SPEED)).isEqualTo(VariableView.NO_MAX_AGE);
        assertThatThrownBy(() -> view.maxAge(FUEL, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void relaxedEvaluationChecksTheDeadbandArray() throws ConditionSyntaxException {
        Condition c = ConditionParser.parse("fuel_flow == 0", VARS);
        assertThatThrownBy(() -> c.evaluateRelaxed(view("fuel_flow=0"), new double[N]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Integer.toString(2 * N));
    }

    @Test
    void variableTableRejectsBadNames() {
        assertThatThrownBy(() -> VariableTable.of("a", "a")).hasMessageContaining("'a' is declared twice");
        assertThatThrownBy(() -> VariableTable.of("rate")).hasMessageContaining("keyword");
        assertThatThrownBy(() -> VariableTable.of("9lives")).hasMessageContaining("not an identifier");
        assertThatThrownBy(() -> VariableTable.of("a b")).hasMessageContaining("not an identifier");
        assertThat(VariableTable.of("a", "b.c").indexOf("b.c")).isEqualTo(1);
        assertThat(VariableTable.of("a").indexOf("z")).isEqualTo(-1);
    }
}
