package io.statewall.nma.inline;

import static io.statewall.nma.inline.InlinePolicies.MODE;
import static io.statewall.nma.inline.InlinePolicies.SETPOINT;
import static io.statewall.nma.inline.J2modController.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.policy.PolicyLoader;
import io.statewall.link.Command;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkRecord;
import io.statewall.link.LinkServer;
import io.statewall.link.LinkServerConfig;
import io.statewall.link.LinkSink;
import io.statewall.nma.link.AsmaLinkSettings;
import io.statewall.nma.link.NmaLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The NMA inline with its ASMA link, end to end over loopback: a j2mod controller behind the
 * real proxy, a j2mod HMI in front, the proxy's EVE output teed into a {@code LinkClient}, and a
 * {@code LinkServer} with an in-memory store standing for the ASMA. An alert the proxy raises
 * arrives at the ASMA; a state the ASMA declares is the state the very next request is judged in.
 */
class InlineProxyAsmaLinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SECONDS = 30;
    private static final int ILLEGAL_FUNCTION = 0x01;

    @TempDir
    Path dir;

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final Store store = new Store();

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
    void alertsReachTheAsmaAndTheStateItDeclaresJudgesTheNextRequest() throws Exception {
        int plcPort = Loopback.freePort();
        J2modController plc = J2modController.start(plcPort);
        toClose.push(plc);
        LinkServer asma = startAsma();
        String token = asma.tokens().issue("boiler-nma", Duration.ofHours(1));

        AsmaLinkSettings settings = new AsmaLinkSettings(asma.address(), token, dir.resolve("nma"),
                Duration.ofMillis(300), 1 << 20);
        NmaLink link = NmaLink.start(settings, null, l -> System.err.println("nma: " + l));
        toClose.push(link);
        EveWriter eve = new EveWriter(link.tee(null), EnumSet.of(EventType.ALERT, EventType.STATE, EventType.ANOMALY));
        InlineProxy proxy = new InlineProxy(List.of(new InlineRoute("plc", Loopback.at(0), Loopback.at(plcPort))),
                PolicyLoader.parse(policyYaml(plcPort, true), "test.yaml"), InlineOptions.DEFAULT, eve);
        proxy.start();
        toClose.push(proxy);
        link.attach(proxy);
        ModbusTCPMaster hmi = new ModbusTCPMaster("127.0.0.1", proxy.listenAddresses().getFirst().getPort(),
                RawModbusClient.READ_TIMEOUT_MILLIS, false);
        hmi.connect();
        toClose.push(hmi::disconnect);
        store.awaitConnected("boiler-nma");

        // Locked: the setpoint write is blocked, and the ASMA hears of it.
        assertThat(hmi.readMultipleRegisters(UNIT, MODE, 1)[0].getValue()).isZero();
        assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, new SimpleRegister(111)));
        JsonNode alert = store.awaitEvent(e -> e.path("event_type").asString().equals("alert"));
        assertThat(alert.path("alert").path("action").asString()).isEqualTo("blocked");
        assertThat(alert.path("statewall").path("rule").asString()).isEqualTo("setpoint-locked");
        assertThat(alert.path("statewall").path("state").asString()).isEqualTo("locked");
        JsonNode beat = store.awaitHeartbeat(h -> h.path("counters").path("blocked").asLong() == 1);
        assertThat(beat.path("state").asString()).isEqualTo("locked");
        assertThat(beat.path("declared_by").isNull()).isTrue();
        assertThat(store.awaitProcess(p -> p.path("points").has("mode")).path("points").path("mode").asDouble()).isZero();

        // The ASMA declares the unit open: the same write passes, nothing else changed.
        CommandResult declared = asma.send("boiler-nma", new Command.DeclareState(1, "open", "asma-operator"))
                .get(SECONDS, TimeUnit.SECONDS);
        assertThat(declared).isEqualTo(new CommandResult(1, true, "declared open by asma-operator"));
        hmi.writeSingleRegister(UNIT, SETPOINT, new SimpleRegister(222));
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(222);
        JsonNode state = store.awaitEvent(e -> e.path("event_type").asString().equals("state")
                && e.toString().contains("asma-operator"));
        assertThat(state.toString()).contains("open");
        JsonNode declaredBeat = store.awaitHeartbeat(h -> h.path("state").asString().equals("open"));
        assertThat(declaredBeat.path("declared_by").asString()).isEqualTo("asma-operator");
        assertThat(declaredBeat.path("observed_state").asString()).as("the process still says locked").isEqualTo("locked");

        // Released: inferred from the process again (mode 0: locked), and blocked again.
        assertThat(asma.send("boiler-nma", new Command.ReleaseState(2, "asma-operator")).get(SECONDS, TimeUnit.SECONDS)
                .ok()).isTrue();
        assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, new SimpleRegister(333)));
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(222);

        // A pushed policy that does not load is refused with the loader's words; the old one stays.
        long generation = proxy.policyGeneration();
        CommandResult bad = asma.send("boiler-nma", new Command.PushPolicy(3, "v2-broken", "statewall: 1\nrulesets: [")
        ).get(SECONDS, TimeUnit.SECONDS);
        assertThat(bad.ok()).isFalse();
        assertThat(bad.detail()).startsWith("policy v2-broken from the ASMA does not load:");
        assertThat(proxy.policyGeneration()).isEqualTo(generation);
        assertThat(dir.resolve("nma/policy/rejected.yaml")).exists();
        assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, new SimpleRegister(444)));

        // A good one is put in force between two messages: the write passes while still locked.
        CommandResult good = asma.send("boiler-nma", new Command.PushPolicy(4, "v3", policyYaml(plcPort, false)))
                .get(SECONDS, TimeUnit.SECONDS);
        assertThat(good.ok()).as(good.detail()).isTrue();
        assertThat(proxy.policyGeneration()).isGreaterThan(generation);
        assertThat(proxy.state()).isEqualTo("locked");
        hmi.writeSingleRegister(UNIT, SETPOINT, new SimpleRegister(555));
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(555);
        assertThat(Files.readString(dir.resolve("nma/policy/pushed.version")).strip()).isEqualTo("v3");
        assertThat(store.awaitHeartbeat(h -> h.path("policy_version").asString().equals("v3"))).isNotNull();

        CommandResult baseline = asma.send("boiler-nma", new Command.PushBaseline(5, "b1", "not: [a baseline"))
                .get(SECONDS, TimeUnit.SECONDS);
        assertThat(baseline.ok()).isFalse();
        assertThat(baseline.detail()).startsWith("baseline b1 from the ASMA does not read:");
        assertThat(proxy.baselineMode()).isEqualTo("off");
    }

    @Test
    void theProxyGoesOnEnforcingWhileTheAsmaIsUnreachable() throws Exception {
        int plcPort = Loopback.freePort();
        J2modController plc = J2modController.start(plcPort);
        toClose.push(plc);
        // An ASMA address where nothing listens, and a token that will never be redeemed.
        AsmaLinkSettings settings = new AsmaLinkSettings(Loopback.at(Loopback.freePort()),
                "boiler-nma.c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmU.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                dir.resolve("nma"), Duration.ofMillis(300), 1 << 20);
        NmaLink link = NmaLink.start(settings, null, l -> System.err.println("nma: " + l));
        toClose.push(link);
        EveWriter eve = new EveWriter(link.tee(null), EnumSet.of(EventType.ALERT, EventType.STATE));
        InlineProxy proxy = new InlineProxy(List.of(new InlineRoute("plc", Loopback.at(0), Loopback.at(plcPort))),
                PolicyLoader.parse(policyYaml(plcPort, true), "test.yaml"), InlineOptions.DEFAULT, eve);
        proxy.start();
        toClose.push(proxy);
        link.attach(proxy);
        ModbusTCPMaster hmi = new ModbusTCPMaster("127.0.0.1", proxy.listenAddresses().getFirst().getPort(),
                RawModbusClient.READ_TIMEOUT_MILLIS, false);
        hmi.connect();
        toClose.push(hmi::disconnect);
        for (int i = 0; i < 50; i++) {
            assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, new SimpleRegister(7)));
            hmi.writeSingleRegister(UNIT, SETPOINT + 1, new SimpleRegister(i));
        }
        assertThat(plc.holdingRegister(SETPOINT + 1)).isEqualTo(49);
        assertThat(proxy.stats().getFirst().blocked()).isEqualTo(50);
        proxy.sync().get(SECONDS, TimeUnit.SECONDS);
        assertThat(link.client().awaitSpooled(Duration.ofSeconds(SECONDS))).isTrue();
        // Every alert waits in the spool for the ASMA.
        assertThat(link.client().stats().offered()).isGreaterThanOrEqualTo(50);
        assertThat(link.client().stats().dropped()).isZero();
        assertThat(link.client().isConnected()).isFalse();
    }

    /**
     * A restart does not undo the ASMA's push: the NMA, started again on the policy file the push
     * replaced, enforces the pushed policy and reports its version; once that file is edited,
     * the file's policy is in force again.
     */
    @Test
    void aPushedPolicyOutlivesARestartUntilThePolicyFileChanges() throws Exception {
        int plcPort = Loopback.freePort();
        J2modController plc = J2modController.start(plcPort);
        toClose.push(plc);
        LinkServer asma = startAsma();
        Path policyFile = Files.writeString(dir.resolve("policy.yaml"), policyYaml(plcPort, true));
        List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();

        NmaLink first = NmaLink.start(new AsmaLinkSettings(asma.address(), asma.tokens().issue("boiler-nma",
                Duration.ofHours(1)), dir.resolve("nma"), Duration.ofMillis(300), 1 << 20), policyFile, said::add);
        assertThat(first.restorePushedPolicy(said::add)).as("nothing pushed yet").isEmpty();
        InlineProxy before = startProxy(plcPort, PolicyLoader.load(policyFile), first);
        store.awaitConnected("boiler-nma");
        CommandResult pushed = asma.send("boiler-nma", new Command.PushPolicy(1, "v7", policyYaml(plcPort, false)))
                .get(SECONDS, TimeUnit.SECONDS);
        assertThat(pushed.ok()).as(pushed.detail()).isTrue();
        before.close();
        first.close();

        // Enrolled already: no token the second time.
        AsmaLinkSettings enrolled = new AsmaLinkSettings(asma.address(), null, dir.resolve("nma"), Duration.ofMillis(300),
                1 << 20);
        NmaLink second = NmaLink.start(enrolled, policyFile, said::add);
        toClose.push(second);
        io.statewall.nma.link.PushedPolicy restored = second.restorePushedPolicy(said::add).orElseThrow(
                () -> new AssertionError("not restored: " + said));
        assertThat(restored.version()).isEqualTo("v7");
        InlineProxy after = startProxy(plcPort, restored.policy(), second);
        assertThat(second.versions().policy()).as("the version the heartbeats report").isEqualTo("v7");
        assertThat(after.state()).isEqualTo("locked");
        ModbusTCPMaster hmi = new ModbusTCPMaster("127.0.0.1", after.listenAddresses().getFirst().getPort(),
                RawModbusClient.READ_TIMEOUT_MILLIS, false);
        hmi.connect();
        toClose.push(hmi::disconnect);
        hmi.writeSingleRegister(UNIT, SETPOINT, new SimpleRegister(777));
        assertThat(plc.holdingRegister(SETPOINT)).as("the pushed policy lets the write through while locked").isEqualTo(777);
        hmi.disconnect();
        after.close();
        second.close();

        // The engineer saves the policy file (the same text, a new modification time): the file wins.
        Files.setLastModifiedTime(policyFile, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(policyFile).toMillis() + 2_000));
        NmaLink third = NmaLink.start(enrolled, policyFile, said::add);
        toClose.push(third);
        assertThat(third.restorePushedPolicy(said::add)).isEmpty();
        assertThat(said).anySatisfy(l -> assertThat(l).contains(policyFile + " changed since the ASMA pushed policy"
                + " version v7"));
        assertThat(third.versions().policy()).startsWith("file:");
    }

    /** The same for a pushed baseline: restored while the NMA's own baseline settings are those it replaced. */
    @Test
    void aPushedBaselineOutlivesARestartUntilTheBaselineSettingsChange() throws Exception {
        int plcPort = Loopback.freePort();
        J2modController plc = J2modController.start(plcPort);
        toClose.push(plc);
        LinkServer asma = startAsma();
        io.statewall.engine.policy.Policy policy = PolicyLoader.parse(policyYaml(plcPort, true), "test.yaml");
        String none = io.statewall.nma.link.PushedBaseline.configuration(null, null);
        List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();

        NmaLink first = NmaLink.start(new AsmaLinkSettings(asma.address(), asma.tokens().issue("boiler-nma",
                Duration.ofHours(1)), dir.resolve("nma"), Duration.ofMillis(300), 1 << 20), null, said::add);
        assertThat(first.restorePushedBaseline(none, said::add)).as("nothing pushed yet").isEmpty();
        InlineProxy before = startProxy(plcPort, policy, first);
        store.awaitConnected("boiler-nma");
        String yaml = io.statewall.engine.baseline.BaselineFile.format(new io.statewall.engine.baseline.Baseline(policy.name()));
        CommandResult pushed = asma.send("boiler-nma", new Command.PushBaseline(1, "b9", yaml)).get(SECONDS, TimeUnit.SECONDS);
        assertThat(pushed.ok()).as(pushed.detail()).isTrue();
        before.close();
        first.close();

        AsmaLinkSettings enrolled = new AsmaLinkSettings(asma.address(), null, dir.resolve("nma"), Duration.ofMillis(300),
                1 << 20);
        NmaLink second = NmaLink.start(enrolled, null, said::add);
        toClose.push(second);
        io.statewall.nma.link.PushedBaseline restored = second.restorePushedBaseline(none, said::add).orElseThrow(
                () -> new AssertionError("not restored: " + said));
        assertThat(restored.version()).isEqualTo("b9");
        EveWriter eve = new EveWriter(second.tee(null), EnumSet.of(EventType.ALERT));
        InlineProxy after = new InlineProxy(List.of(new InlineRoute("plc", Loopback.at(0), Loopback.at(plcPort))),
                policy, InlineOptions.DEFAULT, eve);
        toClose.push(after);
        after.detectWith(restored.baseline()).get(SECONDS, TimeUnit.SECONDS);
        second.restoredBaselineInForce(restored.version());
        after.start();
        second.attach(after);
        assertThat(second.versions().baseline()).as("the version the heartbeats report").isEqualTo("b9");
        after.close();
        second.close();

        // Configured to learn now: the settings changed, so they decide.
        NmaLink third = NmaLink.start(enrolled, null, said::add);
        toClose.push(third);
        assertThat(third.restorePushedBaseline(io.statewall.nma.link.PushedBaseline.configuration(null,
                Duration.ofHours(8)), said::add)).isEmpty();
        assertThat(said).anySatisfy(l -> assertThat(l).contains("the baseline settings changed since the ASMA pushed"
                + " baseline b9"));
    }

    /** The ASMA's side of the link, storing into {@link #store}; closed after the test. */
    private LinkServer startAsma() throws Exception {
        LinkServer asma = LinkServer.start(LinkServerConfig.of(Loopback.at(0), dir.resolve("asma"))
                .withServerNames(List.of("localhost", "127.0.0.1")).withLog(l -> System.err.println("asma: " + l)), store);
        toClose.push(asma);
        return asma;
    }

    private InlineProxy startProxy(int plcPort, io.statewall.engine.policy.Policy policy, NmaLink link) throws Exception {
        EveWriter eve = new EveWriter(link.tee(null), EnumSet.of(EventType.ALERT, EventType.STATE));
        InlineProxy proxy = new InlineProxy(List.of(new InlineRoute("plc", Loopback.at(0), Loopback.at(plcPort))),
                policy, InlineOptions.DEFAULT, eve);
        proxy.start();
        toClose.push(proxy);
        link.attach(proxy);
        return proxy;
    }

    /** The test plant (as {@link InlinePolicies}): locked blocks setpoint writes, or allows everything. */
    private static String policyYaml(int port, boolean lockedBlocksSetpoint) {
        String rules = lockedBlocksSetpoint ? """
                      - id: setpoint-locked
                        to: plc
                        operation: write
                        area: holding_registers
                        address: 5
                        action: block
                        severity: 1
                        message: Setpoint written while the unit is locked
                """ : "      []\n";
        return """
                statewall: 1
                name: link test
                assets:
                  plc: { ip: 127.0.0.1, port: %d }
                plant:
                  variables:
                    mode: { asset: plc, unit: 1, area: holding_registers, address: 0, type: uint16, max_age: 1h }
                  initial: locked
                  stale: locked
                  states:
                    locked: { when: "mode == 0", priority: 10 }
                    open:   { when: "mode == 1", priority: 20 }
                  transitions:
                    locked:  [open]
                    open:    [locked]
                rulesets:
                  locked:
                    default: allow
                    rules:
                %s  open:
                    default: allow
                    rules: []
                """.formatted(port, rules);
    }

    private static void assertAnsweredWith(int exceptionCode, ThrowingCallable request) {
        assertThatThrownBy(request).isInstanceOfSatisfying(ModbusSlaveException.class,
                e -> assertThat(e.getType()).as("exception code").isEqualTo(exceptionCode));
    }

    /** The ASMA's store, in memory: every record of every NMA, and waiting for one that matches. */
    private static final class Store implements LinkSink {
        private final List<LinkRecord> records = new ArrayList<>();
        private final List<String> connected = new ArrayList<>();

        @Override
        public synchronized long connected(String nmaId, String remoteAddress) {
            connected.add(nmaId);
            notifyAll();
            return records.isEmpty() ? 0 : records.getLast().seq();
        }

        @Override
        public synchronized void store(String nmaId, List<LinkRecord> batch) {
            long last = records.isEmpty() ? 0 : records.getLast().seq();
            batch.stream().filter(r -> r.seq() > last).forEach(records::add);
            notifyAll();
        }

        @Override
        public synchronized void disconnected(String nmaId) {
            connected.remove(nmaId);
        }

        synchronized void awaitConnected(String nmaId) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            while (!connected.contains(nmaId)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(nmaId + " did not connect");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        JsonNode awaitEvent(Predicate<JsonNode> match) throws InterruptedException {
            return await(LinkRecord.Kind.EVENT, match);
        }

        JsonNode awaitHeartbeat(Predicate<JsonNode> match) throws InterruptedException {
            return await(LinkRecord.Kind.HEARTBEAT, match);
        }

        JsonNode awaitProcess(Predicate<JsonNode> match) throws InterruptedException {
            return await(LinkRecord.Kind.PROCESS, match);
        }

        private synchronized JsonNode await(LinkRecord.Kind kind, Predicate<JsonNode> match) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            int seen = 0;
            while (true) {
                for (; seen < records.size(); seen++) {
                    LinkRecord r = records.get(seen);
                    if (r.kind() == kind) {
                        JsonNode n = JSON.readTree(r.json());
                        if (match.test(n)) {
                            return n;
                        }
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching " + kind + " record within " + SECONDS + " s; have " + records);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
