package io.statewall.asma.plant;

import static io.statewall.asma.plant.PlantModels.S;
import static io.statewall.asma.plant.PlantModels.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A spoofed trip report on the safety network while the turbine network still sees the unit on
 * load: caught when the contradiction has lasted the hold time; a real trip, where the load falls
 * within the hold time, is not; missing values accuse nobody.
 */
class CrossCheckerTest {
    private final CrossChecker checker = new CrossChecker(PlantModels.unit3());

    private List<PlantAlert> safety(boolean tripped, long t) {
        return checker.onProcess("safety", Map.of("tripped", tripped ? 1.0 : 0.0), t, "normal");
    }

    private List<PlantAlert> turbine(double load, long t) {
        return checker.onProcess("turbine", Map.of("load_mw", load, "breaker_closed", 1.0), t, "normal");
    }

    @Test
    void aSpoofedTripWhileTheLoadStaysIsCaughtOnceAfterTheHoldTime() throws Exception {
        assertThat(turbine(120, T0)).isEmpty();
        assertThat(safety(true, T0 + S)).as("just begun").isEmpty();
        assertThat(turbine(120, T0 + 3 * S)).as("3 s: within the hold time").isEmpty();
        List<PlantAlert> alerts = turbine(121, T0 + 6 * S);
        assertThat(alerts).hasSize(1);
        PlantAlert a = alerts.getFirst();
        assertThat(a.detector()).isEqualTo("cross-check");
        assertThat(a.rule()).isEqualTo("trip-drops-load");
        assertThat(a.nmas()).containsExactly("safety", "turbine");
        assertThat(a.expected()).isEqualTo("not tripped or load_mw < 5");
        assertThat(a.seen()).contains("tripped=1 (safety tripped").contains("load_mw=121 (turbine load_mw");
        assertThat(a.attack()).containsExactly("T0856");
        assertThat(a.note()).contains("a spoofed value or a lying device on safety or turbine");
        assertThat(safety(true, T0 + 7 * S)).as("one alert per episode").isEmpty();

        JsonNode eve = new ObjectMapper().readTree(PlantEve.toJson(a));
        assertThat(eve.path("event_type").asString()).isEqualTo("alert");
        assertThat(eve.path("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+0000");
        assertThat(eve.path("alert").path("category").asString()).isEqualTo("ICS process cross-check");
        assertThat(eve.path("statewall").path("detector").asString()).isEqualTo("cross-check");
        assertThat(eve.path("statewall").path("state").asString()).isEqualTo("normal");
        assertThat(eve.path("statewall").path("nmas").toString()).isEqualTo("[\"safety\",\"turbine\"]");
    }

    @Test
    void aRealTripDropsTheLoadWithinTheHoldTimeAndIsNotAnAlert() {
        turbine(120, T0);
        safety(true, T0 + S);
        assertThat(turbine(60, T0 + 2 * S)).isEmpty();
        assertThat(turbine(0, T0 + 3 * S)).isEmpty();
        assertThat(checker.check(T0 + 20 * S, "trip")).isEmpty();
    }

    @Test
    void aStaleValueSuspendsTheCheck() {
        turbine(120, T0);
        safety(true, T0 + S);
        // the turbine NMA goes quiet: its load is stale after 5 s, so nothing is known to contradict
        assertThat(checker.check(T0 + 10 * S, "normal")).isEmpty();
        assertThat(checker.check(T0 + 30 * S, "normal")).isEmpty();
    }

    @Test
    void twoNmasSeeingTheSamePressureMustAgree() {
        checker.onProcess("boiler", Map.of("drum_pressure", 140.0), T0, "normal");
        assertThat(checker.onProcess("turbine", Map.of("inlet_pressure", 141.5), T0, "normal")).isEmpty();
        checker.onProcess("boiler", Map.of("drum_pressure", 140.0), T0 + S, "normal");
        assertThat(checker.onProcess("turbine", Map.of("inlet_pressure", 150.0), T0 + S, "normal")).isEmpty();
        List<PlantAlert> alerts = checker.onProcess("turbine", Map.of("inlet_pressure", 150.0), T0 + 3 * S, "normal");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("steam-pressure-agrees");
            assertThat(a.expected()).isEqualTo("p_boiler and p_turbine within ±3");
            assertThat(a.attack()).containsExactly("T0856", "T0832");
        });
    }
}
