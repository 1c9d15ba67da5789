package io.statewall.engine.state;

import static io.statewall.engine.state.Rig.S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.engine.state.StateChange.Origin;
import io.statewall.engine.state.StateChange.Reading;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateTrackerTest {

    private static StateModel highLow(double deadband) {
        // Equal priorities: only hysteresis keeps the current state when both conditions hold.
        Map<String, Double> band = Map.of("drum_pressure", deadband);
        return new StateModel(List.of(
                StateDef.of("high", "drum_pressure > 120", 1).withDeadband(band),
                StateDef.of("low", "drum_pressure <= 120", 1).withDeadband(band)), Map.of());
    }

    private static int flapsOverNoise(double deadband, long seed) {
        Rig rig = new Rig(highLow(deadband), "drum_pressure");
        rig.update(0, "drum_pressure", 125);
        assertThat(rig.state()).isEqualTo("high");
        int before = rig.events.size();
        Random random = new Random(seed);
        for (int i = 1; i <= 10_000; i++) {
            // ±1.4 bar of measurement noise around the 120 bar threshold, deadband 3 bar.
            rig.update(i * S / 10, "drum_pressure", 120 + (random.nextDouble() * 2 - 1) * 1.4);
        }
        return rig.events.size() - before;
    }

    @Test
    void hysteresisHoldsTheStateThroughNoiseAroundTheThreshold() {
        assertThat(flapsOverNoise(3, 42)).as("with a 3 bar deadband").isZero();
        // Control: the same noise without a deadband flaps, so the test above measures the deadband.
        assertThat(flapsOverNoise(0, 42)).as("without a deadband").isGreaterThan(1_000);
    }

    @Test
    void hysteresisLeavesOnlyWithMarginAndThenHoldsTheOtherSide() {
        Rig rig = new Rig(highLow(3), "drum_pressure");
        rig.update(0, "drum_pressure", 125);
        rig.update(S, "drum_pressure", 117.5);
        assertThat(rig.state()).as("117.5 is within the deadband of 'high'").isEqualTo("high");
        rig.update(2 * S, "drum_pressure", 117);
        assertThat(rig.state()).as("117 is not > 120 - 3").isEqualTo("low");
        rig.update(3 * S, "drum_pressure", 122.9);
        assertThat(rig.state()).as("'low' now holds up to 123").isEqualTo("low");
        rig.update(4 * S, "drum_pressure", 123.1);
        assertThat(rig.state()).isEqualTo("high");
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            rig.update((5 + i) * S, "drum_pressure", 120 + (random.nextDouble() * 2 - 1) * 1.4);
        }
        assertThat(rig.path()).containsExactly("unknown→high", "high→low", "low→high");
    }

    @Test
    void minimumDwellDelaysLeavingUntilItElapsedButNotATrip() {
        StateModel model = new StateModel(List.of(
                StateDef.of("running", "speed > 0", 1).withMinDwell(Duration.ofSeconds(10)),
                StateDef.of("idle", "speed <= 0", 1),
                StateDef.of("trip", "tripped", 100).overridingDwell()), Map.of());
        Rig rig = new Rig(model, "speed", "tripped");
        rig.update(0, "speed", 1, "tripped", 0);
        assertThat(rig.state()).isEqualTo("running");

        rig.update(S, "speed", -1);
        assertThat(rig.state()).as("1 s into a 10 s dwell").isEqualTo("running");
        rig.tracker.tick(10 * S - 1);
        assertThat(rig.state()).isEqualTo("running");
        rig.tracker.tick(10 * S);
        assertThat(rig.state()).as("dwell expired: the tick lets the pending switch happen").isEqualTo("idle");
        assertThat(rig.last().timeNanos()).isEqualTo(10 * S);

        rig.update(20 * S, "speed", 5);
        assertThat(rig.state()).isEqualTo("running");
        rig.update(21 * S, "tripped", 1);
        assertThat(rig.state()).as("trip overrides the dwell").isEqualTo("trip");
        assertThat(rig.path()).containsExactly("unknown→running", "running→idle", "idle→running", "running→trip");
    }

    private static final StateModel UNIT = new StateModel(List.of(
            StateDef.of("stopped", "turbine_speed < 50", 1),
            StateDef.of("start-up", "turbine_speed in 50..2949", 2),
            StateDef.of("normal", "turbine_speed >= 2950", 3)),
            Map.of("stopped", Set.of("start-up"), "start-up", Set.of("normal", "stopped"), "normal", Set.of("start-up")))
            .withMaxAge(Map.of("turbine_speed", Duration.ofSeconds(2)), null);

    @Test
    void aTransitionTheModelDoesNotAllowIsTakenAndReportedAsForbidden() {
        Rig rig = new Rig(UNIT, "turbine_speed");
        rig.update(0, "turbine_speed", 0);
        rig.update(S, "turbine_speed", 3000);

        assertThat(rig.state()).as("the physics win").isEqualTo("normal");
        StateChange jump = rig.last();
        assertThat(rig.path()).containsExactly("unknown→stopped", "stopped→normal");
        assertThat(jump.allowed()).isFalse();
        assertThat(jump.origin()).isEqualTo(Origin.CONDITION);
        assertThat(jump.condition()).isEqualTo("turbine_speed >= 2950");
        assertThat(jump.readings()).containsExactly(new Reading("turbine_speed", 3000, true));
        assertThat(jump.declared()).isFalse();
        assertThat(rig.tracker.forbiddenSwitches()).isEqualTo(1);

        rig.update(2 * S, "turbine_speed", 1000);
        assertThat(rig.last().allowed()).as("normal → start-up is listed").isTrue();
        assertThat(rig.events.getFirst().allowed()).as("out of the fallback is always allowed").isTrue();
    }

    @Test
    void staleVariablesFallBackToUnknownAndFreshOnesRecover() {
        Rig rig = new Rig(UNIT, "turbine_speed");
        rig.update(0, "turbine_speed", 0);
        rig.update(S, "turbine_speed", 1000);
        assertThat(rig.state()).isEqualTo("start-up");

        rig.tracker.tick(3 * S);
        assertThat(rig.state()).as("exactly 2 s old is still fresh").isEqualTo("start-up");
        rig.tracker.tick(3 * S + 1);
        assertThat(rig.state()).isEqualTo("unknown");
        StateChange stale = rig.last();
        assertThat(stale.origin()).isEqualTo(Origin.STALE);
        assertThat(stale.allowed()).isTrue();
        assertThat(stale.condition()).isEqualTo("turbine_speed in 50..2949");
        assertThat(stale.readings()).containsExactly(new Reading("turbine_speed", 1000, false));

        rig.tracker.tick(10 * S);
        assertThat(rig.events).as("no repeated fallback events").hasSize(3);

        rig.update(11 * S, "turbine_speed", 1200);
        assertThat(rig.state()).isEqualTo("start-up");
        assertThat(rig.last().origin()).isEqualTo(Origin.CONDITION);
        assertThat(rig.last().allowed()).isTrue();
    }

    @Test
    void aVariableTheSourceLosesFallsBackAtOnce() {
        Rig rig = new Rig(UNIT, "turbine_speed");
        rig.update(0, "turbine_speed", 3000);
        rig.source.forget(0);
        rig.tracker.onVariablesUpdated(new int[] {0}, 1, S);
        assertThat(rig.state()).isEqualTo("unknown");
        assertThat(rig.last().readings()).containsExactly(new Reading("turbine_speed", Double.NaN, false));
    }

    @Test
    void aGapInTheModelKeepsTheLastState() {
        StateModel gappy = new StateModel(List.of(
                StateDef.of("low", "x < 10", 1), StateDef.of("high", "x > 20", 1)), Map.of());
        Rig rig = new Rig(gappy, "x");
        rig.update(0, "x", 5);
        rig.update(S, "x", 15);
        assertThat(rig.state()).isEqualTo("low");
        assertThat(rig.events).hasSize(1);
    }

    @Test
    void priorities() {
        StateModel model = new StateModel(List.of(
                StateDef.of("a", "x > 0", 1),
                StateDef.of("b", "x > 10", 5),
                StateDef.of("c", "x > 10", 5),
                StateDef.of("alarm", "x > 100", 9)), Map.of());
        Rig rig = new Rig(model, "x");
        rig.update(0, "x", 50);
        assertThat(rig.state()).as("highest priority of a, b, c; b before c on a tie").isEqualTo("b");
        rig.update(S, "x", 5);
        assertThat(rig.state()).isEqualTo("a");
        rig.update(2 * S, "x", 50);
        assertThat(rig.state()).as("a higher priority preempts a state that still holds").isEqualTo("b");
        rig.update(3 * S, "x", 500);
        assertThat(rig.state()).isEqualTo("alarm");
        rig.update(4 * S, "x", 50);
        assertThat(rig.state()).isEqualTo("b");
        assertThat(rig.path()).containsExactly("unknown→b", "b→a", "a→b", "b→alarm", "alarm→b");
    }

    @Test
    void aLowerPriorityStateDoesNotPreemptOneThatHolds() {
        StateModel model = new StateModel(List.of(
                StateDef.of("wide", "x > 0", 5), StateDef.of("narrow", "x > 10", 1)), Map.of());
        Rig rig = new Rig(model, "x");
        rig.update(0, "x", 50);
        rig.update(S, "x", 60);
        assertThat(rig.path()).containsExactly("unknown→wide");
    }

    @Test
    void declareWinsUntilRelease() {
        StateModel model = new StateModel(List.of(
                StateDef.of("stopped", "turbine_speed < 50", 1),
                StateDef.of("normal", "turbine_speed >= 2950", 3),
                StateDef.of("maintenance", null, 0)),
                Map.of("stopped", Set.of("maintenance"), "maintenance", Set.of("stopped")));
        Rig rig = new Rig(model, "turbine_speed");
        rig.update(0, "turbine_speed", 0);

        rig.tracker.declare("maintenance", "operator:alice", S);
        assertThat(rig.state()).isEqualTo("maintenance");
        assertThat(rig.tracker.isDeclared()).isTrue();
        StateChange declared = rig.last();
        assertThat(declared.origin()).isEqualTo(Origin.DECLARED);
        assertThat(declared.declared()).isTrue();
        assertThat(declared.declaredBy()).isEqualTo("operator:alice");
        assertThat(declared.condition()).isNull();
        assertThat(declared.readings()).isEmpty();
        assertThat(declared.allowed()).isTrue();

        assertThat(rig.tracker.observed().name()).as("what the process says, under the declaration").isEqualTo("stopped");
        rig.update(2 * S, "turbine_speed", 3000);
        rig.tracker.tick(3 * S);
        assertThat(rig.state()).as("the conditions do not switch a declared state").isEqualTo("maintenance");
        assertThat(rig.tracker.observed().name()).isEqualTo("normal");

        rig.tracker.release(4 * S);
        assertThat(rig.state()).isEqualTo("normal");
        StateChange released = rig.last();
        assertThat(released.origin()).isEqualTo(Origin.RELEASED);
        assertThat(released.declaredBy()).isEqualTo("operator:alice");
        assertThat(released.condition()).isEqualTo("turbine_speed >= 2950");
        assertThat(released.allowed()).as("maintenance → normal is not listed").isFalse();
        assertThat(rig.tracker.isDeclared()).isFalse();

        int events = rig.events.size();
        rig.tracker.release();
        assertThat(rig.events).as("release without declaration").hasSize(events);

        long forbiddenBefore = rig.tracker.forbiddenSwitches();
        rig.tracker.declare("normal", "asma");
        assertThat(rig.last().from()).isSameAs(rig.last().to());
        assertThat(rig.last().allowed()).as("declaring the state in force is no forbidden transition").isTrue();
        assertThat(rig.tracker.forbiddenSwitches()).isEqualTo(forbiddenBefore);
        assertThat(rig.last().timeNanos()).as("last known time").isEqualTo(4 * S);
        rig.source.forget(0);
        rig.tracker.release(5 * S);
        assertThat(rig.state()).as("nothing holds after the release").isEqualTo("unknown");
        assertThat(rig.last().condition()).isNull();

        assertThatThrownBy(() -> rig.tracker.declare("maintenace", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown state 'maintenace' (states: stopped, normal, maintenance, unknown)");
    }

    @Test
    void onlyStatesThatReadAChangedVariableAreReevaluated() {
        StateModel model = new StateModel(List.of(
                StateDef.of("sa", "a > 0", 1),
                StateDef.of("sb", "b > 0 or rate(a) > 1", 1)), Map.of());
        Rig rig = new Rig(model, "a", "b", "c");
        assertThat(rig.model.dependents(0)).containsExactly(0, 1);
        assertThat(rig.model.dependents(1)).containsExactly(1);
        assertThat(rig.model.dependents(2)).isEmpty();

        long start = rig.tracker.evaluations();
        rig.update(S, "c", 1);
        rig.update(2 * S, "c", 2);
        assertThat(rig.tracker.evaluations()).as("unrelated variable").isEqualTo(start);
        rig.update(3 * S, "b", -1);
        assertThat(rig.tracker.evaluations()).isEqualTo(start + 1);
        rig.update(4 * S, "a", -1);
        assertThat(rig.tracker.evaluations()).as("a is read by both").isEqualTo(start + 3);
        rig.update(5 * S, "a", -1, "b", -2, "c", 0);
        assertThat(rig.tracker.evaluations()).as("each state once per update").isEqualTo(start + 5);
        assertThat(rig.state()).isEqualTo("unknown");
        rig.tracker.tick(6 * S);
        assertThat(rig.tracker.evaluations()).as("a tick evaluates every state").isEqualTo(start + 7);
    }

    @Test
    void theStateIsVisibleToOtherThreadsAndToTheListenerWhenItIsCalled() throws InterruptedException {
        StateModel model = new StateModel(List.of(StateDef.of("on", "x > 0", 1)), Map.of());
        VariableTable vars = VariableTable.of("x");
        TestSource source = new TestSource(1);
        String[] seenInListener = new String[1];
        CompiledStateModel compiled;
        try {
            compiled = model.compile(vars);
        } catch (InvalidStateModelException e) {
            throw new AssertionError(e);
        }
        StateTracker[] tracker = new StateTracker[1];
        tracker[0] = new StateTracker(compiled, source, change -> seenInListener[0] = tracker[0].current().name(), 0);
        source.set(0, 1, 0);
        tracker[0].onVariablesUpdated(new int[] {0}, 1, 0);
        assertThat(tracker[0].current().name()).as("switched within the call").isEqualTo("on");
        assertThat(seenInListener[0]).isEqualTo("on");
        String[] seenElsewhere = new String[1];
        Thread reader = Thread.ofPlatform().start(() -> seenElsewhere[0] = tracker[0].current().name());
        reader.join();
        assertThat(seenElsewhere[0]).isEqualTo("on");
    }

    @Test
    void steadyStateEvaluationAllocatesNothing() throws ConditionSyntaxException {
        StateModel model = new StateModel(List.of(
                StateDef.of("stopped", "turbine_speed < 50 and fuel_flow == 0", 1),
                StateDef.of("normal", "breaker_closed and turbine_speed >= 2950 and steam_temp in 480..540 and not tripped",
                        3).withDeadband(Map.of("turbine_speed", 20.0, "steam_temp", 5.0)),
                StateDef.of("ramp", "rate(turbine_speed) > 5 and not breaker_closed", 2),
                StateDef.of("trip", "tripped", 9).overridingDwell()), Map.of())
                .withMaxAge(Map.of(), Duration.ofSeconds(5));
        Rig rig = new Rig(model, "turbine_speed", "fuel_flow", "breaker_closed", "steam_temp", "tripped");
        rig.update(0, "turbine_speed", 3000, "fuel_flow", 10, "breaker_closed", 1, "steam_temp", 500, "tripped", 0);
        assertThat(rig.state()).isEqualTo("normal");
        int events = rig.events.size();

        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemoryEnabled()).as("allocation counting available").isTrue();
        int[] changed = {0, 1, 2, 3, 4}; // each poll answer refreshes every variable (max age 5 s)
        double[] noise = new double[1024];
        Random random = new Random(1);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextDouble() * 30 - 15;
        }
        Condition direct = rig.model.state("normal").condition();
        VariableView view = new VariableView(rig.source, rig.vars.size());
        long best = Long.MAX_VALUE;
        long t = S;
        for (int round = 0; round < 6; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                t += 100_000_000L;
                rig.source.set(0, 2960 + noise[i & 1023], t);
                rig.source.set(1, 10, t).set(2, 1, t).set(3, 510 + noise[(i + 7) & 1023], t).set(4, 0, t);
                rig.tracker.onVariablesUpdated(changed, changed.length, t);
                if ((i & 63) == 0) {
                    rig.tracker.tick(t);
                }
                view.now(t);
                direct.evaluate(view);
            }
            best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(rig.events).as("steady state: no switches").hasSize(events);
        assertThat(best).as("bytes allocated by 20k updates in the best round").isZero();
    }
}
