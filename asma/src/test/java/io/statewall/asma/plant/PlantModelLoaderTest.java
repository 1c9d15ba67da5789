package io.statewall.asma.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ASMA's plant file: every field read; every mistake named by the path of its key. */
class PlantModelLoaderTest {
    @Test
    void theExampleIsReadWhole() {
        PlantModel m = PlantModels.unit3();
        assertThat(m.name()).isEqualTo("unit 3");
        assertThat(m.states()).extracting(PlantModel.PlantState::name)
                .containsExactly("trip", "maintenance", "shut-down", "start-up", "normal", "stopped");
        assertThat(m.states().get(4).votes()).isEqualTo(2);
        assertThat(m.states().get(5).votes()).isEqualTo(1);
        assertThat(m.nmas().get("safety").observes()).isFalse();
        assertThat(m.nmas().get("boiler").observes()).isTrue();
        assertThat(m.disagreementAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(m.variables().get("load_mw")).isEqualTo(new PlantModel.Variable("load_mw", "turbine", "load_mw", Duration.ofSeconds(5)));
        assertThat(m.crossChecks()).hasSize(2);
        assertThat(m.crossChecks().get(0)).isEqualTo(new PlantModel.CrossCheck.Holds("trip-drops-load",
                "A real trip opens the breaker; the load falls within seconds", "not tripped or load_mw < 5",
                Duration.ofSeconds(5), List.of("T0856")));
        assertThat(m.crossChecks().get(1)).isInstanceOfSatisfying(PlantModel.CrossCheck.Agree.class, a -> {
            assertThat(a.tolerance()).isEqualTo(3.0);
            assertThat(a.attack()).containsExactly("T0856", "T0832");
        });
        assertThat(m.correlations().get(0)).isInstanceOfSatisfying(PlantModel.Correlation.Sequence.class, s -> {
            assertThat(s.within()).isEqualTo(Duration.ofMinutes(10));
            assertThat(s.attack()).containsExactly("T0846", "T0888", "T0855", "T0836", "T0831");
            assertThat(s.sameSource()).isFalse();
        });
        assertThat(m.correlations().get(1)).isEqualTo(new PlantModel.Correlation.Spread("one-source-many-zones", "", 2,
                Duration.ofMinutes(5), List.of("T0846"), 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "statewall-plant: 2                               | statewall-plant: 1 expected",
        "statewall-plant: 99999999999999999999            | statewall-plant: 1 expected",
        "states: { trip: { votes: 99999999999999999999 } } | states.trip.votes: ",
        "states: { trip: { vote: 1 } }                    | states.trip.vote: unknown key",
        "states: { unknown: {} }                          | states.unknown: 'unknown' is what the ASMA reports",
        "nmas: { boiler: { observes: maybe } }            | nmas.boiler.observes: true or false expected",
        "variables: { x: { nma: nowhere, point: p } }     | variables.x.nma: 'nowhere' is not one of nmas",
        "cross_checks: [ { id: c, condition: 'load_mw >' } ] | cross_checks[0].condition: ",
        "cross_checks: [ { id: c, condition: 'nope > 1' } ]  | cross_checks[0].condition: ",
        "cross_checks: [ { id: c } ]                      | cross_checks[0]: exactly one of condition",
        "cross_checks: [ { id: c, agree: [load_mw, x] } ] | cross_checks[0].agree: no variable 'x'",
        "cross_checks: [ { id: c, condition: 'load_mw > 1', for: soon } ] | cross_checks[0].for: a duration such as",
        "cross_checks: [ { id: c, condition: 'load_mw > 1', attack: [spoofing] } ] | cross_checks[0].attack: 'spoofing' is not an ATT&CK technique id",
        "correlations: [ { id: r, first: { attack: [T0846] } } ] | correlations[0]: a sequence needs both first and then",
        "correlations: [ { id: r, spread: 1 } ]           | correlations[0].spread: a whole number from 2",
        "correlations: [ { id: r, spread: 2, first: {} } ] | correlations[0]: either first and then",
        "correlations: [ { spread: 2 } ]                  | correlations[0].id: a non-empty text is required",
        "colour: red                                      | colour: unknown key",
    })
    void aMistakeIsNamedByItsKey(String line, String problem) {
        String base = """
                statewall-plant: 1
                states: { trip: {}, normal: {} }
                nmas: { boiler: {}, turbine: {} }
                variables: { load_mw: { nma: turbine, point: load_mw } }
                """;
        String key = line.substring(0, line.indexOf(':'));
        String yaml = base.lines().filter(l -> !l.startsWith(key + ":")).reduce("", (a, b) -> a + b + "\n") + line + "\n";
        assertThatThrownBy(() -> PlantModelLoader.parse(yaml, "p.yaml"))
                .isInstanceOfSatisfying(PlantModelLoader.PlantModelException.class,
                        e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(problem.strip())));
    }

    @Test
    void statesAreRequired() {
        assertThatThrownBy(() -> PlantModelLoader.parse("statewall-plant: 1\n", "p.yaml"))
                .hasMessageContaining("states: the plant-wide states, highest priority first, are required");
    }
}
