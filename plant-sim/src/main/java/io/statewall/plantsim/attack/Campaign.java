package io.statewall.plantsim.attack;

import static io.statewall.plantsim.attack.RequestPdu.READ_COILS;
import static io.statewall.plantsim.attack.RequestPdu.READ_DISCRETE_INPUTS;
import static io.statewall.plantsim.attack.RequestPdu.READ_HOLDING_REGISTERS;
import static io.statewall.plantsim.attack.RequestPdu.READ_INPUT_REGISTERS;

import io.statewall.plantsim.Controller;
import io.statewall.plantsim.Points;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Attack scenarios in time order, and what runs them at their plant times.
 *
 * <p>{@link #standard()} is timed against {@code Scenario.normalOperation(true)} at the default
 * time scale. Watching the HMI's polls, the example policy's model is in {@code start-up} from
 * about 15 s, in {@code normal} from about 364 s (just after synchronising) until the load is
 * nearly off on the way down, about 1030 s. The start-up attacks fall between 150 s and 230 s, the
 * normal-operation attacks between 395 s and 650 s; each at least 30 plant seconds after the end
 * of the one before and at least 20 s away from every step of the operating scenario.
 *
 * <p>The spoofed trip comes first in normal operation, and that is deliberate: when it ends the
 * model re-enters {@code normal}, whose 60 s dwell time (600 plant seconds at the default time
 * scale) then holds it there; from 395 s it is over by about 1015 s, before the shut-down's
 * commands at 1080 s, which {@code normal}'s rules would refuse. The whole campaign is over by
 * about 650 s (65 s of wall time), so that a demo cut short still meets every attack.
 */
public final class Campaign {
    private final List<AttackScenario> scenarios;

    /** The scenarios, sorted by start time (equal starts keep their order). */
    public Campaign(List<AttackScenario> scenarios) {
        List<AttackScenario> sorted = new ArrayList<>(scenarios);
        sorted.sort(Comparator.comparingDouble(AttackScenario::at));
        Set<String> ids = new HashSet<>();
        for (AttackScenario s : sorted) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("two scenarios with id " + s.id());
            }
        }
        this.scenarios = List.copyOf(sorted);
    }

    /** In time order. */
    public List<AttackScenario> scenarios() {
        return scenarios;
    }

    /** @throws IllegalArgumentException if no scenario has that id */
    public AttackScenario scenario(String id) {
        for (AttackScenario s : scenarios) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no scenario " + id);
    }

    /**
     * Runs every scenario in the caller's thread, each once plant time reaches
     * {@code context.origin() + at} (at once if it has passed), and returns their outcomes.
     */
    public List<AttackOutcome> run(AttackContext context, CampaignListener listener) throws InterruptedException {
        Objects.requireNonNull(listener, "listener");
        List<AttackOutcome> out = new ArrayList<>();
        for (AttackScenario s : scenarios) {
            context.clock().awaitTime(context.origin() + s.at());
            listener.onStart(s, context.clock().now());
            AttackOutcome o = s.run(context);
            out.add(o);
            listener.onEnd(s, o);
        }
        return out;
    }

    /** {@link #run} on a thread of its own ({@code attacker}, a daemon). */
    public CampaignRun start(AttackContext context, CampaignListener listener) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(listener, "listener");
        CampaignRun r = new CampaignRun(this, context, listener);
        r.start();
        return r;
    }

    /**
     * The campaign of issue 5 against the simulated thermal power unit:
     *
     * <pre>
     *   at  id                        ATT&amp;CK        attacker             target     policy rule that acts            expected
     *  150  recon-unit-scan           T0846         unknown host         all three  foreign-reads (block)            DETECT
     *  190  recon-function-scan       T0846 T0888   unknown host         boiler     foreign-reads, device-identif.,
     *                                                                               unknown-functions, default alert DETECT
     *  230  unknown-host-write        T0855         unknown host         boiler     startup-unauthorised-writes      BLOCK
     *  395  spoofed-trip-report       T0856         safety PLC itself    safety     state model: trip → normal       DETECT
     *  445  breaker-open-wrong-state  T0855 T0831   engineering station  turbine    normal-unauthorised-writes       BLOCK
     *  475  setpoint-tamper           T0836         operator desk        boiler     boiler-setpoint-range            BLOCK
     *  505  command-retimed           T0831         operator desk        turbine    hmi-write-burst (beyond 5/0.5s)  DETECT
     *  545  periodic-write-modified   T0831 T0836   operator desk        turbine    load-setpoint-range              BLOCK
     *  605  request-flood             T0814         unknown host         turbine    foreign-reads                    BLOCK
     *  650  listen-only-mode          T0816 T0858   unknown host         boiler     listen-only-mode                 BLOCK
     * </pre>
     */
    public static Campaign standard() {
        List<Controller> all = List.of(Controller.BOILER, Controller.TURBINE, Controller.SAFETY);
        return new Campaign(List.of(
                new AttackScenario("recon-unit-scan", "Unit identifier scan", List.of("T0846"), 150, 0, "start-up",
                        Attacker.UNKNOWN_HOST, all, Expectation.DETECT,
                        "A laptop on the operator LAN reads holding register 0 at unit ids 0 to 20 of every controller,"
                                + " looking for devices behind them",
                        RequestSequence.unitScan(all, 0, 20, RequestPdu.read(READ_HOLDING_REGISTERS, 0, 1))),
                new AttackScenario("recon-function-scan", "Function code scan", List.of("T0846", "T0888"), 190, 0,
                        "start-up", Attacker.UNKNOWN_HOST, List.of(Controller.BOILER), Expectation.DETECT,
                        "The laptop probes which function codes the boiler PLC serves: reads, serial-line diagnostics,"
                                + " server id, file and FIFO reads, device identification, and unassigned and"
                                + " user-defined codes",
                        RequestSequence.to(Controller.BOILER, functionProbes())),
                new AttackScenario("unknown-host-write", "Write from an unknown host", List.of("T0855"), 230, 0,
                        "start-up", Attacker.UNKNOWN_HOST, List.of(Controller.BOILER), Expectation.BLOCK,
                        "The laptop writes the boiler's fuel setpoint (HR 201) to 0 kg/s, which puts the burners out"
                                + " once the boiler master is in MANUAL",
                        RequestSequence.to(Controller.BOILER,
                                List.of(RequestPdu.writeSingleRegister(Points.BOILER_HR_FUEL_SETPOINT, 0)))),
                new AttackScenario("breaker-open-wrong-state", "Generator breaker opened in normal operation",
                        List.of("T0855", "T0831"), 445, 0, "normal", Attacker.ENGINEERING_STATION,
                        List.of(Controller.TURBINE), Expectation.BLOCK,
                        "Malware on the engineering workstation opens the generator breaker (FC 5, coil 5 OFF) at"
                                + " full load: a load rejection",
                        RequestSequence.to(Controller.TURBINE,
                                List.of(RequestPdu.writeSingleCoil(Points.TURBINE_COIL_BREAKER, false)))),
                new AttackScenario("setpoint-tamper", "Drum pressure setpoint out of range", List.of("T0836"), 475, 0,
                        "normal", Attacker.OPERATOR_DESK, List.of(Controller.BOILER), Expectation.BLOCK,
                        "Malware on the operator desk writes the drum pressure setpoint (HR 200) to 190 bar, above the"
                                + " 185 bar trip limit",
                        RequestSequence.to(Controller.BOILER,
                                List.of(RequestPdu.writeSingleRegister(Points.BOILER_HR_PRESSURE_SETPOINT, 1900)))),
                new AttackScenario("command-retimed", "Load setpoint write replayed", List.of("T0831"), 505, 10,
                        "normal", Attacker.OPERATOR_DESK, List.of(Controller.TURBINE), Expectation.DETECT,
                        "Malware on the operator desk replays the desk's last load setpoint write (FC 6, HR 320, same"
                                + " value) 30 times within a second; the first ones pass as the legitimate writes"
                                + " they are",
                        new ReplayBurst(Controller.TURBINE, Points.TURBINE_HR_LOAD_SETPOINT, 30)),
                new AttackScenario("periodic-write-modified", "Periodic load setpoint write modified",
                        List.of("T0831", "T0836"), 545, 30, "normal", Attacker.OPERATOR_DESK,
                        List.of(Controller.TURBINE), Expectation.BLOCK,
                        "Malware on the operator desk takes over three of the desk's periodic load setpoint writes"
                                + " and sends them in their cadence with 230 MW (HR 320 = 2300), above the unit's"
                                + " 185 MW rating",
                        new RefreshTakeover(Controller.TURBINE, Points.TURBINE_HR_LOAD_SETPOINT, 2300, 3)),
                new AttackScenario("spoofed-trip-report", "Spoofed trip report", List.of("T0856"), 395, 20, "normal",
                        Attacker.CONTROLLER, List.of(Controller.SAFETY), Expectation.DETECT,
                        "The compromised safety PLC reports its status word with TRIPPED and cause manual set for"
                                + " 20 s while the unit runs on: the NMA follows the report into trip, and back to"
                                + " normal, a transition the model forbids",
                        new TripReportSpoof(Points.SAFETY_TRIPPED | Points.SAFETY_CAUSE_MANUAL, 20)),
                new AttackScenario("request-flood", "Read request flood", List.of("T0814"), 605, 15, "normal",
                        Attacker.UNKNOWN_HOST, List.of(Controller.TURBINE), Expectation.BLOCK,
                        "The laptop floods the turbine PLC with reads (FC 3, HR 300..320) on 4 connections as fast"
                                + " as answers come, for 1.5 s",
                        new ReadFlood(Controller.TURBINE, RequestPdu.read(READ_HOLDING_REGISTERS,
                                Points.TURBINE_HR_GOVERNOR_VALVE,
                                Points.TURBINE_HR_LOAD_SETPOINT - Points.TURBINE_HR_GOVERNOR_VALVE + 1), 4, 1.5, 250)),
                new AttackScenario("listen-only-mode", "Controller silenced by diagnostics", List.of("T0816", "T0858"),
                        650, 0, "normal", Attacker.UNKNOWN_HOST, List.of(Controller.BOILER), Expectation.BLOCK,
                        "The laptop sends diagnostics 'force listen only mode' (FC 8/04) and 'restart communications'"
                                + " (FC 8/01) to the boiler PLC",
                        RequestSequence.to(Controller.BOILER, List.of(
                                RequestPdu.diagnostics(RequestPdu.FORCE_LISTEN_ONLY_MODE, 0),
                                RequestPdu.diagnostics(RequestPdu.RESTART_COMMUNICATIONS_OPTION, 0))))));
    }

    /**
     * One minimal well-formed request per public function code a scanner tries (MB-AP §6), then
     * codes with no public meaning (§5: 65 and 100 user-defined, 50 public but unassigned).
     */
    private static List<byte[]> functionProbes() {
        return List.of(
                RequestPdu.read(READ_COILS, 0, 1),
                RequestPdu.read(READ_DISCRETE_INPUTS, 0, 1),
                RequestPdu.read(READ_HOLDING_REGISTERS, 0, 1),
                RequestPdu.read(READ_INPUT_REGISTERS, 0, 1),
                RequestPdu.bare(RequestPdu.READ_EXCEPTION_STATUS),
                RequestPdu.bare(RequestPdu.GET_COMM_EVENT_COUNTER),
                RequestPdu.bare(RequestPdu.GET_COMM_EVENT_LOG),
                RequestPdu.bare(RequestPdu.REPORT_SERVER_ID),
                RequestPdu.readFileRecord(1, 0, 1),
                RequestPdu.readFifoQueue(0),
                RequestPdu.readDeviceIdentification(RequestPdu.READ_DEVICE_ID_BASIC),
                RequestPdu.bare(65),
                RequestPdu.bare(100),
                RequestPdu.bare(50));
    }
}
