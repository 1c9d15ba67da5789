package io.statewall.engine.state;

import static io.statewall.engine.state.Rig.S;
import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.state.StateChange.Origin;
import io.statewall.engine.state.StateChange.Reading;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A drum-boiler steam unit driven through a cold start, an orderly shut-down, a second start
 * and a turbine trip, by a scripted timeline of the values an HMI would poll every 10 s.
 */
class ThermalUnitSequenceTest {
    private static final StateModel UNIT = new StateModel(List.of(
            StateDef.of("stopped", "turbine_speed < 50 and fuel_flow == 0", 10)
                    .withDeadband(Map.of("turbine_speed", 20.0)),
            // Firing, generator not yet on the grid.
            StateDef.of("start-up", "fuel_flow > 0 and not breaker_closed and not tripped", 20)
                    .withMinDwell(Duration.ofSeconds(60)),
            StateDef.of("normal", "breaker_closed and turbine_speed >= 2950 and steam_temp in 480..540 and drum_pressure > 120",
                    30).withDeadband(Map.of("turbine_speed", 20.0, "steam_temp", 5.0, "drum_pressure", 3.0))
                    .withMinDwell(Duration.ofSeconds(300)),
            // Off the grid and coasting down (slower than 5 rpm/s).
            StateDef.of("shut-down", "not breaker_closed and turbine_speed >= 50 and rate(turbine_speed) < -5", 25)
                    .withDeadband(Map.of("rate(turbine_speed)", 3.0)),
            StateDef.of("trip", "tripped", 100).overridingDwell()),
            Map.of("stopped", Set.of("start-up"),
                    "start-up", Set.of("normal", "stopped", "shut-down", "trip"),
                    "normal", Set.of("shut-down", "trip"),
                    "shut-down", Set.of("stopped", "start-up", "trip"),
                    "trip", Set.of("stopped", "shut-down")))
            .withMaxAge(Map.of(), Duration.ofSeconds(30));

    private final Rig rig = new Rig(UNIT, "turbine_speed", "drum_pressure", "steam_temp", "fuel_flow",
            "breaker_closed", "tripped");
    private final Random noise = new Random(2024);
    private long t;

    /** One poll cycle: every variable refreshed, 10 s later than the last. */
    private void poll(double speed, double pressure, double temp, double fuel, boolean breaker, boolean tripped) {
        t += 10 * S;
        rig.update(t, "turbine_speed", speed, "drum_pressure", pressure, "steam_temp", temp, "fuel_flow", fuel,
                "breaker_closed", breaker ? 1 : 0, "tripped", tripped ? 1 : 0);
        rig.tracker.tick(t);
    }

    private double jitter(double amplitude) {
        return (noise.nextDouble() * 2 - 1) * amplitude;
    }

    private void coldStartToGrid() {
        for (int i = 0; i < 3; i++) {
            poll(0, 1, 25, 0, false, false);
        }
        for (int i = 0; i <= 30; i++) { // 5 minutes of run-up: 100 rpm, 4.5 bar, 16 °C per poll
            poll(100.0 * i, 1 + 4.5 * i, 25 + 16 * i, 12, false, false);
        }
        poll(3000, 137, 505, 14, true, false); // synchronised, breaker closed
    }

    private void runNormally(int polls) {
        for (int i = 0; i < polls; i++) {
            // Noise that touches the thresholds: speed 2950 − 9, temperature 540 + 4, pressure 120 − 2.
            poll(2960 + jitter(19), 123 + jitter(5), 520 + jitter(24), 14 + jitter(1), true, false);
        }
    }

    @Test
    void stoppedStartUpNormalShutDownStoppedThenATripFromNormal() {
        coldStartToGrid();
        runNormally(200);

        // Orderly shut-down: load off, breaker open and fuel cut in one poll, then a coast-down of 10 rpm/s.
        poll(3000, 125, 510, 0, false, false);
        assertThat(rig.state()).as("nothing else holds yet: the last state stays").isEqualTo("normal");
        for (double speed = 2900; speed >= 0; speed -= 100) {
            poll(speed, 60, 400, 0, false, false);
        }
        poll(0, 5, 300, 0, false, false);
        assertThat(rig.state()).isEqualTo("stopped");

        coldStartToGrid();
        runNormally(10);
        long tripAt = t + 10 * S;
        poll(2990, 130, 515, 0, false, true); // turbine protection: breaker and fuel tripped
        for (double speed = 2700; speed >= 0; speed -= 300) { // fast coast-down
            poll(speed, 90, 450, 0, false, true);
        }
        assertThat(rig.state()).as("trip outranks shut-down while the trip is latched").isEqualTo("trip");
        poll(0, 20, 300, 0, false, false); // protection reset
        assertThat(rig.state()).isEqualTo("stopped");

        assertThat(rig.path()).containsExactly(
                "unknown→stopped", "stopped→start-up", "start-up→normal", "normal→shut-down", "shut-down→stopped",
                "stopped→start-up", "start-up→normal", "normal→trip", "trip→stopped");
        assertThat(rig.events).allSatisfy(e -> {
            assertThat(e.allowed()).as(e.from() + "→" + e.to()).isTrue();
            assertThat(e.origin()).isEqualTo(Origin.CONDITION);
        });

        StateChange trip = rig.events.get(7);
        assertThat(trip.timeNanos()).isEqualTo(tripAt);
        assertThat(tripAt - rig.events.get(6).timeNanos()).as("well inside normal's 300 s dwell").isLessThan(300 * S);
        assertThat(trip.condition()).isEqualTo("tripped");
        assertThat(trip.readings()).containsExactly(new Reading("tripped", 1, true));

        StateChange shutDown = rig.events.get(3);
        assertThat(shutDown.readings()).contains(new Reading("rate(turbine_speed)", -10, true));
    }

    @Test
    void skippingStartUpIsReportedAsForbidden() {
        for (int i = 0; i < 3; i++) {
            poll(0, 1, 25, 0, false, false);
        }
        // Values jump straight to full load: a replayed or spoofed image, or a sensor that missed the start-up.
        poll(3000, 137, 505, 14, true, false);
        assertThat(rig.state()).isEqualTo("normal");
        assertThat(rig.last().from().name()).isEqualTo("stopped");
        assertThat(rig.last().allowed()).isFalse();
    }

    @Test
    void losingThePollsFallsBackAndTheNextPollRecovers() {
        coldStartToGrid();
        runNormally(5);
        rig.tracker.tick(t + 30 * S);
        assertThat(rig.state()).isEqualTo("normal");
        rig.tracker.tick(t + 30 * S + 1);
        assertThat(rig.state()).isEqualTo("unknown");
        assertThat(rig.last().origin()).isEqualTo(Origin.STALE);
        t += 60 * S;
        runNormally(1);
        assertThat(rig.state()).isEqualTo("normal");
    }
}
