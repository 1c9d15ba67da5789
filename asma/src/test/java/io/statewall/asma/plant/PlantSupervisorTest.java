package io.statewall.asma.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.TestAsma;
import io.statewall.asma.store.Store;
import io.statewall.asma.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's pushes with the real store and a stand-in for the link that records orders:
 * nothing is pushed while the plant state is unknown; a declaration is pushed to every connected
 * NMA; a release the votes do not decide sends ReleaseState only, and the plant is unknown again.
 */
class PlantSupervisorTest {
    @TempDir
    Path dir;

    @Test
    void pushesNothingWhileUnknownAndReleasesToTheNmasOwnInference() throws Exception {
        TestAsma.RecordingControl control = new TestAsma.RecordingControl();
        control.connected.add("boiler");
        control.connected.add("turbine");
        try (Store store = Store.open(dir, StoreOptions.DEFAULT);
             PlantSupervisor plant = new PlantSupervisor(PlantModels.unit3(), store, control, Duration.ofSeconds(15),
                     Duration.ZERO, PlantSupervisor::wallClockNanos, line -> { })) {
            plant.connected("boiler");
            plant.tick(PlantSupervisor.wallClockNanos()).get(30, TimeUnit.SECONDS);
            assertThat(control.orders).as("unknown: nothing pushed").isEmpty();

            assertThat(plant.declare("maintenance", "op:alice").get(30, TimeUnit.SECONDS))
                    .containsOnlyKeys("boiler", "turbine").allSatisfy((nma, answer) -> assertThat(answer).startsWith("ok"));
            assertThat(control.orders).containsExactlyInAnyOrder(
                    "boiler DeclareState[state=maintenance, by=asma:plant]", "turbine DeclareState[state=maintenance, by=asma:plant]");

            control.orders.clear();
            plant.release("op:alice").get(30, TimeUnit.SECONDS);
            assertThat(control.orders).containsExactlyInAnyOrder("boiler ReleaseState[by=op:alice]",
                    "turbine ReleaseState[by=op:alice]");
            assertThat(plant.snapshot().decision().state()).isEqualTo("unknown");

            control.orders.clear();
            plant.connected("turbine");
            plant.tick(PlantSupervisor.wallClockNanos()).get(30, TimeUnit.SECONDS);
            assertThat(control.orders).as("an NMA connecting while unknown is told nothing").isEmpty();
        }
    }

    @Test
    void aPlantFileThatCannotBeUsedStopsTheStartWithOneLine() throws Exception {
        Path plant = dir.resolve("bad.plant.yaml");
        java.nio.file.Files.writeString(plant, "statewall-plant: 2\nstates: { trip: { votes: 0 } }\n");
        io.statewall.asma.AsmaConfig config = io.statewall.asma.AsmaConfig.DEFAULT.withDataDir(dir.resolve("asma"))
                .withApi(new java.net.InetSocketAddress("127.0.0.1", 0), io.statewall.asma.AsmaConfig.Tls.OFF)
                .withLink(null).withPlant(plant);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.statewall.asma.Asma.start(config,
                        new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
                .isInstanceOf(io.statewall.asma.Asma.StartException.class)
                .hasMessageStartingWith("plant " + plant)
                .hasMessageContaining("statewall-plant: 1 expected")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
