package io.statewall.nma.inline;

import static io.statewall.nma.inline.InlinePolicies.SETPOINT;
import static io.statewall.nma.inline.J2modController.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.statewall.asma.Asma;
import io.statewall.asma.AsmaConfig;
import io.statewall.asma.plant.PlantSupervisor;
import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkClient;
import io.statewall.link.LinkClientConfig;
import io.statewall.link.NmaStatus;
import io.statewall.nma.link.AsmaLinkSettings;
import io.statewall.nma.link.NmaLink;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ASMA's plant logic with real inline NMAs in front of j2mod controllers. First, the
 * plant-wide state at work on an NMA that cannot observe it: a real ASMA (its plant file, store, mutual
 * TLS link) fuses the state from two observing NMAs (link clients reporting what their networks
 * show) and pushes it to the inline proxy in front of a j2mod controller, whose own network says
 * nothing of that state (its controller stays in mode 0, "locked"). The setpoint write its
 * policy blocks while locked passes once the plant is "open", and is blocked again when the
 * observers report "locked". Second, a cross-check across two real NMAs catching a spoofed
 * trip bit.
 */
class InlineProxyPlantStateTest {
    private static final int ILLEGAL_FUNCTION = 0x01;
    private static final String PLANT = """
            statewall-plant: 1
            name: inline test unit
            states:
              open:   { votes: 2 }
              locked: { votes: 1 }
            nmas:
              observer-a: { observes: true }
              observer-b: { observes: true }
              inline-nma: { observes: false }
            disagreement_after: 10s
            """;

    @TempDir
    Path dir;

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    @AfterEach
    void closeEverything() {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception ignored) {
                // leave nothing running
            }
        }
    }

    @Test
    void theFusedPlantStateSwitchesTheRulesOfAnNmaThatCannotObserveIt() throws Exception {
        Path plantFile = dir.resolve("unit.plant.yaml");
        Files.writeString(plantFile, PLANT);
        AsmaConfig config = AsmaConfig.DEFAULT.withDataDir(dir.resolve("asma"))
                .withApi(new InetSocketAddress("127.0.0.1", 0), AsmaConfig.Tls.OFF)
                .withLink(new InetSocketAddress("127.0.0.1", 0)).withPlant(plantFile);
        Asma asma = Asma.start(config, new PrintStream(PrintStream.nullOutputStream()));
        toClose.push(asma);

        int plcPort = Loopback.freePort();
        J2modController plc = J2modController.start(plcPort);
        toClose.push(plc);
        AsmaLinkSettings settings = new AsmaLinkSettings(asma.linkAddress(),
                asma.link().tokens().issue("inline-nma", Duration.ofHours(1)), dir.resolve("nma"), Duration.ofMillis(200),
                1 << 20);
        NmaLink link = NmaLink.start(settings, null, l -> { });
        toClose.push(link);
        EveWriter eve = new EveWriter(link.tee(null), EnumSet.of(EventType.ALERT, EventType.STATE));
        InlineProxy proxy = new InlineProxy(List.of(new InlineRoute("plc", Loopback.at(0), Loopback.at(plcPort))),
                InlinePolicies.setpointLockedByMode(plcPort), InlineOptions.DEFAULT, eve);
        proxy.start();
        toClose.push(proxy);
        link.attach(proxy);
        ModbusTCPMaster hmi = new ModbusTCPMaster("127.0.0.1", proxy.listenAddresses().getFirst().getPort(),
                RawModbusClient.READ_TIMEOUT_MILLIS, false);
        hmi.connect();
        toClose.push(hmi::disconnect);

        // Before: the plant state is unknown (nothing pushed), the NMA infers 'locked' and blocks.
        hmi.readMultipleRegisters(UNIT, 0, 1);
        assertBlocked(hmi, 111);
        assertThat(proxy.state()).isEqualTo("locked");

        // Two observing networks say 'open' (votes: 2): the plant is open, and the inline NMA follows.
        Observer a = observer(asma, "observer-a", "open");
        Observer b = observer(asma, "observer-b", "locked");
        await(() -> asma.plant().snapshot().decision().state().equals("locked"), "one vote for locked: the plant is locked");
        b.observed = "open";
        await(() -> asma.plant().snapshot().decision().state().equals("open"), "two votes for open");
        await(() -> proxy.state().equals("open"), "the inline NMA enforces the pushed state");
        hmi.writeSingleRegister(UNIT, SETPOINT, new SimpleRegister(222));
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(222);
        await(() -> "open".equals(view(asma, "inline-nma").enforced())
                && PlantSupervisor.BY.equals(view(asma, "inline-nma").declaredBy()), "its heartbeat says it enforces open");
        assertThat(view(asma, "inline-nma").observed()).as("its own network still says").isEqualTo("locked");

        // An observer sees the unit locked again (one vote is enough): blocked again.
        a.observed = "locked";
        await(() -> proxy.state().equals("locked"), "the inline NMA back to locked");
        assertBlocked(hmi, 333);
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(222);
    }

    /**
     * Two real inline NMAs, each in front of its own j2mod controller and polled by its own HMI:
     * the safety PLC's trip bit is set (a spoofed trip report) while the turbine PLC still shows
     * 180 MW. Each NMA only reports what its own polls read; the ASMA's cross-check joins them,
     * stores the alert as its own event and exports it.
     */
    @Test
    void aSpoofedTripOnTheSafetyNetworkIsContradictedByTheTurbinesLoad() throws Exception {
        Path plantFile = dir.resolve("unit.plant.yaml");
        Files.writeString(plantFile, """
                statewall-plant: 1
                name: two networks
                states:
                  trip:    { votes: 1 }
                  running: { votes: 1 }
                nmas:
                  safety-nma:  { observes: true }
                  turbine-nma: { observes: false }
                variables:
                  tripped: { nma: safety-nma,  point: tripped, max_age: 1h }
                  load_mw: { nma: turbine-nma, point: load_mw, max_age: 1h }
                cross_checks:
                  - { id: trip-means-no-load, condition: "tripped == 0 or load_mw < 5", for: 0s, attack: [T0856] }
                """);
        Path eveOut = dir.resolve("asma-eve.json");
        AsmaConfig config = AsmaConfig.DEFAULT.withDataDir(dir.resolve("asma"))
                .withApi(new InetSocketAddress("127.0.0.1", 0), AsmaConfig.Tls.OFF)
                .withLink(new InetSocketAddress("127.0.0.1", 0)).withPlant(plantFile)
                .withExports(List.of(new AsmaConfig.EveFileSpec("archive",
                        new io.statewall.asma.export.ExportFilter(java.util.Set.of("alert"), 3), 1000, eveOut)));
        Asma asma = Asma.start(config, new PrintStream(PrintStream.nullOutputStream()));
        toClose.push(asma);
        Network safety = network(asma, "safety-nma", "tripped", 3, "running", "tripped == 0", "trip", "tripped == 1");
        Network turbine = network(asma, "turbine-nma", "load_mw", 7, "idle", "load_mw <= 5", "loaded", "load_mw > 5");
        safety.plc.setHoldingRegister(3, 0);
        turbine.plc.setHoldingRegister(7, 180);

        // Both networks polled: the values agree with physics, no alert.
        await(() -> poll(safety, turbine) && "running".equals(view(asma, "safety-nma").observed())
                && "loaded".equals(view(asma, "turbine-nma").observed()), "both NMAs report their values");
        assertThat(crossCheckAlerts(asma)).isEmpty();

        // The trip bit, spoofed on the safety network; the turbine network still carries load.
        safety.plc.setHoldingRegister(3, 1);
        await(() -> poll(safety, turbine) && !crossCheckAlerts(asma).isEmpty(), "the cross-check alert");
        String alert = crossCheckAlerts(asma).getFirst();
        assertThat(alert).contains("\"rule\":\"trip-means-no-load\"").contains("\"nmas\":[\"safety-nma\",\"turbine-nma\"]")
                .contains("tripped=1").contains("load_mw=180");
        await(() -> exported(eveOut).contains("trip-means-no-load"), "the alert exported");
    }

    /** One control network: a j2mod controller, the inline NMA in front of it, an HMI polling through it. */
    private record Network(J2modController plc, InlineProxy proxy, ModbusTCPMaster hmi, int address) {}

    private Network network(Asma asma, String name, String variable, int address, String s1, String w1, String s2,
                            String w2) throws Exception {
        int plcPort = Loopback.freePort();
        J2modController plc = J2modController.start(plcPort);
        toClose.push(plc);
        NmaLink link = NmaLink.start(new AsmaLinkSettings(asma.linkAddress(),
                asma.link().tokens().issue(name, Duration.ofHours(1)), dir.resolve(name), Duration.ofMillis(100), 1 << 20),
                null, l -> { });
        toClose.push(link);
        String policy = """
                statewall: 1
                name: %s
                assets:
                  plc: { ip: 127.0.0.1, port: %d }
                plant:
                  variables:
                    %s: { asset: plc, unit: 1, area: holding_registers, address: %d, type: uint16, max_age: 1h }
                  states:
                    %s: { when: "%s", priority: 10 }
                    %s: { when: "%s", priority: 20 }
                  transitions:
                    unknown: [%s, %s]
                    %s: [%s]
                    %s: [%s]
                rulesets:
                  %s: { default: allow, rules: [] }
                  %s: { default: allow, rules: [] }
                """.formatted(name, plcPort, variable, address, s1, w1, s2, w2, s1, s2, s1, s2, s2, s1, s1, s2);
        InlineProxy proxy = new InlineProxy(List.of(new InlineRoute("plc", Loopback.at(0), Loopback.at(plcPort))),
                io.statewall.engine.policy.PolicyLoader.parse(policy, name + ".yaml"), InlineOptions.DEFAULT,
                new EveWriter(link.tee(null), EnumSet.of(EventType.ALERT, EventType.STATE)));
        proxy.start();
        toClose.push(proxy);
        link.attach(proxy);
        ModbusTCPMaster hmi = new ModbusTCPMaster("127.0.0.1", proxy.listenAddresses().getFirst().getPort(),
                RawModbusClient.READ_TIMEOUT_MILLIS, false);
        hmi.connect();
        toClose.push(hmi::disconnect);
        return new Network(plc, proxy, hmi, address);
    }

    /** Each HMI polls its controller once (what keeps the NMAs' process images current). */
    private static boolean poll(Network... networks) {
        for (Network n : networks) {
            try {
                n.hmi().readMultipleRegisters(UNIT, n.address(), 1);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return true;
    }

    private static List<String> crossCheckAlerts(Asma asma) {
        return new io.statewall.asma.store.Events(asma.store()).page(io.statewall.asma.store.EventFilter.all(100)
                        .withTypes(List.of("alert"))).items().stream()
                .filter(e -> e.nma().equals(PlantSupervisor.SELF) && e.json().contains("\"detector\":\"cross-check\""))
                .map(io.statewall.asma.store.StoredEvent::json).toList();
    }

    private static String exported(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** A stand-in NMA on the real link reporting what its network shows. */
    private static final class Observer {
        volatile String observed;
    }

    private Observer observer(Asma asma, String name, String observed) throws Exception {
        Observer o = new Observer();
        o.observed = observed;
        LinkClientConfig c = LinkClientConfig.of(asma.linkAddress(), dir.resolve(name))
                .withEnrolToken(asma.link().tokens().issue(name, Duration.ofHours(1)))
                .withHeartbeat(Duration.ofMillis(100)).withReconnect(Duration.ofMillis(50), Duration.ofMillis(500))
                .withLog(l -> { });
        LinkClient client = LinkClient.start(c, cmd -> CommandResult.ok(cmd.id(), "noted"),
                () -> new NmaStatus(o.observed, null, o.observed, "1", null, Map.of(), Map.of()));
        toClose.push(client);
        return o;
    }

    private static PlantSupervisor.NmaView view(Asma asma, String nma) {
        PlantSupervisor.NmaView v = asma.plant().snapshot().nmas().get(nma);
        return v == null ? new PlantSupervisor.NmaView(nma, null, null, null, null, null, 0) : v;
    }

    private static void assertBlocked(ModbusTCPMaster hmi, int value) {
        assertThatThrownBy(() -> hmi.writeSingleRegister(UNIT, SETPOINT, new SimpleRegister(value)))
                .isInstanceOfSatisfying(ModbusSlaveException.class,
                        e -> assertThat(e.getType()).as("exception code").isEqualTo(ILLEGAL_FUNCTION));
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
