package io.statewall.asma.plant;

import static io.statewall.asma.plant.PlantModels.S;
import static io.statewall.asma.plant.PlantModels.T0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An NMA that does not follow the plant state for longer than the grace time is one alert. */
class EnforcementWatchTest {
    @Test
    void aLastingDisagreementIsOneAlertAndAgreeingAgainEndsTheEpisode() {
        EnforcementWatch watch = new EnforcementWatch(PlantModels.unit3());
        watch.plantState("normal");
        watch.enforced("boiler", "normal");
        watch.enforced("turbine", "start-up");
        assertThat(watch.check(T0)).isEmpty();
        assertThat(watch.check(T0 + 9 * S)).as("within the 10 s grace").isEmpty();
        assertThat(watch.check(T0 + 10 * S)).singleElement().satisfies(a -> {
            assertThat(a.detector()).isEqualTo("state-disagreement");
            assertThat(a.rule()).isEqualTo("turbine");
            assertThat(a.expected()).isEqualTo("normal");
            assertThat(a.seen()).isEqualTo("start-up");
        });
        assertThat(watch.check(T0 + 20 * S)).isEmpty();
        watch.enforced("turbine", "normal");
        assertThat(watch.check(T0 + 21 * S)).isEmpty();
        // a plant change restarts everyone's grace time
        watch.plantState("trip");
        assertThat(watch.check(T0 + 22 * S)).isEmpty();
        assertThat(watch.check(T0 + 31 * S)).isEmpty();
        assertThat(watch.check(T0 + 32 * S)).hasSize(2);
    }

    @Test
    void aDisconnectedNmaIsNotWatchedUntilItsNextHeartbeat() {
        EnforcementWatch watch = new EnforcementWatch(PlantModels.unit3());
        watch.plantState("normal");
        watch.enforced("turbine", "start-up");
        assertThat(watch.check(T0)).isEmpty();
        watch.forget("turbine");
        assertThat(watch.check(T0 + 30 * S)).isEmpty();
        watch.enforced("turbine", "start-up");
        assertThat(watch.check(T0 + 31 * S)).as("a new episode from its heartbeat").isEmpty();
        assertThat(watch.check(T0 + 41 * S)).hasSize(1);
    }
}
