package io.statewall.asma.plant;

import static io.statewall.asma.plant.PlantModels.S;
import static io.statewall.asma.plant.PlantModels.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reconnaissance in one zone then a write in another; one source in several zones; once per window. */
class CorrelatorTest {
    private final Correlator correlator = new Correlator(PlantModels.unit3());

    private static NmaAlert alert(long id, String nma, long t, String src, String... attack) {
        return new NmaAlert(id, nma, t, src, "10.30.2.20", "policy", List.of(attack), true, "alert " + id);
    }

    @Test
    void reconInOneZoneThenAWriteInAnotherIsOneCampaign() {
        assertThat(correlator.onAlert(alert(1, "boiler", T0, "10.30.9.9", "T0846"), "normal")).isEmpty();
        assertThat(correlator.onAlert(alert(2, "boiler", T0 + S, "10.30.9.9", "T0855"), "normal"))
                .as("a write in the same zone is not this campaign").isEmpty();
        List<PlantAlert> out = correlator.onAlert(alert(3, "turbine", T0 + 60 * S, "10.30.1.50", "T0855"), "normal");
        assertThat(out).filteredOn(a -> a.rule().equals("recon-then-write")).singleElement().satisfies(a -> {
            assertThat(a.detector()).isEqualTo("correlation");
            assertThat(a.nmas()).containsExactly("boiler", "turbine");
            assertThat(a.eventIds()).containsExactly(1L, 3L);
            assertThat(a.seen()).contains("boiler: alert 1").contains("turbine: alert 3").contains("60000 ms later");
            assertThat(a.attack()).contains("T0846", "T0855");
        });
        assertThat(correlator.onAlert(alert(4, "turbine", T0 + 61 * S, "10.30.1.50", "T0855"), "normal"))
                .as("the same campaign again within its window").isEmpty();
    }

    @Test
    void aWriteLongAfterTheReconIsNotJoinedToIt() {
        correlator.onAlert(alert(1, "boiler", T0, "10.30.9.9", "T0846"), "normal");
        assertThat(correlator.onAlert(alert(2, "turbine", T0 + 11 * 60 * S, "10.30.9.9", "T0855"), "normal"))
                .filteredOn(a -> a.rule().equals("recon-then-write")).isEmpty();
    }

    @Test
    void oneSourceAlertedOnInTwoZonesIsACampaign() {
        assertThat(correlator.onAlert(alert(1, "boiler", T0, "10.30.9.9", "T0814"), "normal")).isEmpty();
        List<PlantAlert> out = correlator.onAlert(alert(2, "turbine", T0 + 10 * S, "10.30.9.9", "T0814"), "normal");
        assertThat(out).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("one-source-many-zones");
            assertThat(a.srcIp()).isEqualTo("10.30.9.9");
            assertThat(a.seen()).isEqualTo("10.30.9.9 alerted on by 2 NMAs: boiler, turbine");
        });
        assertThat(correlator.onAlert(alert(3, "boiler", T0 + 20 * S, "10.30.9.9", "T0814"), "normal")).isEmpty();
        assertThat(correlator.onAlert(alert(4, "turbine", T0 + 30 * S, "10.30.7.7", "T0814"), "normal"))
                .as("another source, one zone").isEmpty();
    }
}
