package io.statewall.asma.plant;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example plant file loads, names only points that examples/thermal-power-unit.yaml
 * declares, and catches what it says it catches: a trip reported by the safety PLC while the
 * turbine network still carries load, once the 10 s hold time has passed, and not before.
 */
class PlantExampleTest {
    private static final Path PLANT = Path.of("../examples/thermal-power-unit.plant.yaml");
    private static final long S = 1_000_000_000L;

    @Test
    void theExampleLoadsAndNamesTheUnitsPoints() throws Exception {
        PlantModel m = PlantModelLoader.load(PLANT);
        String policy = Files.readString(Path.of("../examples/thermal-power-unit.yaml"));
        assertThat(m.variables().values()).allSatisfy(v ->
                assertThat(policy).as("a plant variable of the unit's policy").contains("\n    " + v.point() + ":"));
        assertThat(m.nmas().keySet()).containsExactlyInAnyOrder("boiler-nma", "turbine-nma", "safety-nma");
    }

    @Test
    void aSpoofedTripWhileTheTurbineCarriesLoadIsCaughtAfterItsHoldTime() throws Exception {
        CrossChecker c = new CrossChecker(PlantModelLoader.load(PLANT));
        long t = 1_000 * S;
        assertThat(c.onProcess("turbine-nma", Map.of("load_mw", 182.0, "breaker_closed", 1.0), t, "normal")).isEmpty();
        assertThat(c.onProcess("boiler-nma", Map.of("drum_pressure", 160.0), t, "normal")).isEmpty();
        assertThat(c.onProcess("safety-nma", Map.of("tripped", 1.0), t + S, "normal")).isEmpty();
        assertThat(c.onProcess("turbine-nma", Map.of("load_mw", 181.0), t + 6 * S, "normal")).isEmpty();
        List<PlantAlert> alerts = c.onProcess("turbine-nma", Map.of("load_mw", 181.5), t + 11 * S, "normal");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("trip-means-no-load");
            assertThat(a.nmas()).containsExactly("safety-nma", "turbine-nma");
        });
        // A real trip: the load falls; nothing more.
        assertThat(c.onProcess("turbine-nma", Map.of("load_mw", 0.0, "breaker_closed", 0.0), t + 12 * S, "trip")).isEmpty();
    }
}
