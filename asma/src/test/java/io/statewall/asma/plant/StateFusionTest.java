package io.statewall.asma.plant;

import static io.statewall.asma.plant.PlantModels.S;
import static io.statewall.asma.plant.PlantModels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Votes in priority order, fresh observing reports only, declarations winning until released. */
class StateFusionTest {
    private final StateFusion fusion = new StateFusion(PlantModels.unit3(), Duration.ofSeconds(15), T0);

    @Test
    void normalNeedsBothObservingNetworksWhileOneTripIsATrip() {
        assertThat(fusion.current().state()).isEqualTo("unknown");
        assertThat(fusion.report("boiler", "normal", T0)).as("one vote of two").isNull();
        StateFusion.Decision normal = fusion.report("turbine", "normal", T0 + S);
        assertThat(normal.state()).isEqualTo("normal");
        assertThat(normal.origin()).isEqualTo(StateFusion.Origin.FUSED);
        assertThat(normal.votes()).containsEntry("boiler", "normal").containsEntry("turbine", "normal");

        StateFusion.Decision trip = fusion.report("turbine", "trip", T0 + 2 * S);
        assertThat(trip.state()).as("trip outranks normal and needs one vote").isEqualTo("trip");
        assertThat(fusion.report("turbine", "normal", T0 + 3 * S).state()).isEqualTo("normal");
    }

    @Test
    void aNetworkThatDoesNotObserveHasNoVoteAndSilenceIsNoVote() {
        fusion.report("safety", "trip", T0);
        assertThat(fusion.current().state()).as("safety does not observe").isEqualTo("unknown");
        fusion.report("boiler", "normal", T0);
        fusion.report("turbine", "normal", T0);
        assertThat(fusion.current().state()).isEqualTo("normal");
        // the turbine NMA goes silent; 16 s on, its report no longer votes: normal lacks a vote,
        // nothing else has its votes either, so the plant keeps normal rather than guessing
        fusion.report("boiler", "normal", T0 + 16 * S);
        assertThat(fusion.tick(T0 + 16 * S)).isNull();
        assertThat(fusion.current().state()).isEqualTo("normal");
        // but a stale trip report cannot trip the plant either
        fusion.report("turbine", "trip", T0 + 17 * S);
        assertThat(fusion.current().state()).isEqualTo("trip");
    }

    @Test
    void anNmaThatNoLongerKnowsWithdrawsItsVoteAtOnce() {
        fusion.report("boiler", "normal", T0);
        fusion.report("turbine", "normal", T0);
        assertThat(fusion.report("boiler", "trip", T0 + S).state()).isEqualTo("trip");
        // the boiler's trip indication clears and its conditions say nothing: its trip vote is
        // gone at once, not when the report ages out; no state has its votes yet, so the plant
        // keeps trip until they say otherwise
        assertThat(fusion.report("boiler", "unknown", T0 + 2 * S)).isNull();
        assertThat(fusion.report("boiler", "normal", T0 + 3 * S).state()).isEqualTo("normal");
        assertThat(fusion.report("boiler", "unknown", T0 + 4 * S)).as("one vote of two for normal: the plant keeps it").isNull();
        assertThat(fusion.current().state()).isEqualTo("normal");
    }

    @Test
    void aDeclarationWinsOverTheVotesUntilReleased() {
        fusion.report("boiler", "stopped", T0);
        assertThat(fusion.current().state()).isEqualTo("stopped");
        StateFusion.Decision declared = fusion.declare("maintenance", "op:alice", T0 + S);
        assertThat(declared.origin()).isEqualTo(StateFusion.Origin.DECLARED);
        assertThat(declared.by()).isEqualTo("op:alice");
        assertThat(fusion.report("boiler", "start-up", T0 + 2 * S)).isNull();
        assertThat(fusion.current().state()).isEqualTo("maintenance");
        StateFusion.Decision released = fusion.release("op:alice", T0 + 3 * S);
        assertThat(released.state()).isEqualTo("start-up");
        assertThat(released.origin()).isEqualTo(StateFusion.Origin.RELEASED);
        assertThatThrownBy(() -> fusion.declare("lunch", "op:bob", T0)).hasMessageContaining("no state 'lunch'");
    }

    @Test
    void aReleaseTheVotesDoNotDecideLeavesThePlantUnknown() {
        fusion.declare("maintenance", "op:alice", T0);
        assertThat(fusion.release("op:alice", T0 + S).state()).as("no fresh vote: the NMAs infer for themselves")
                .isEqualTo("unknown");
        assertThat(fusion.release("op:alice", T0 + 2 * S)).as("nothing declared any more").isNull();
    }
}
