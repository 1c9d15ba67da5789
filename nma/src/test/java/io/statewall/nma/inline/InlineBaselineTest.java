package io.statewall.nma.inline;

import static io.statewall.nma.inline.J2modController.UNIT;
import static io.statewall.nma.inline.RawModbusClient.readHoldingRegisters;
import static io.statewall.nma.inline.RawModbusClient.writeSingleRegister;
import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.baseline.Baseline;
import io.statewall.engine.baseline.BaselineFile;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.policy.Policy;
import io.statewall.nma.inline.RawModbusClient.Adu;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The learned baseline inline, between j2mod's controller and a raw client over loopback: the
 * NMA learns the HMI's polls live, turns to detection when learning ends, and then refuses, in
 * a state the baseline marks {@code block}, requests that depart from what it learned — before
 * they reach the controller — unless the policy declares them protected.
 */
class InlineBaselineTest {
    private static final long FUTURE_SECONDS = 10;
    private static final int ILLEGAL_FUNCTION = 0x01;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final ByteArrayOutputStream eveBytes = new ByteArrayOutputStream();
    private J2modController plc;
    private int plcPort;

    @AfterEach
    void closeEverything() {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception ignored) {
                // the test's outcome is decided; leave nothing running
            }
        }
    }

    /** The HMI's scan: the mode register, then ten process values. */
    private static void scan(RawModbusClient hmi, int[] tid) throws Exception {
        assertThat(hmi.exchange(readHoldingRegisters(++tid[0], UNIT, 0, 1)).function()).isEqualTo(3);
        assertThat(hmi.exchange(readHoldingRegisters(++tid[0], UNIT, 10, 10)).function()).isEqualTo(3);
    }

    @Test
    void learnsLiveThenBlocksWhatDepartsInABlockStateBeforeItReachesTheController() throws Exception {
        InlineProxy proxy = proxy(InlinePolicies.everythingAllowed(plcPort()));
        CompletableFuture<LearnedBaseline> learned = new CompletableFuture<>();
        proxy.learnBaseline(new Baseline(""), Duration.ofHours(8), Set.of(InlinePolicies.LOCKED, InlinePolicies.OPEN),
                learned::complete).get(FUTURE_SECONDS, TimeUnit.SECONDS);
        assertThat(proxy.baselineMode()).isEqualTo("learning");

        int[] tid = {0};
        try (RawModbusClient hmi = new RawModbusClient(proxy.listenAddresses().getFirst())) {
            for (int i = 0; i < 20; i++) {
                scan(hmi, tid);
            }
            // While learning nothing is refused by the baseline: a write goes through.
            assertThat(hmi.exchange(writeSingleRegister(++tid[0], UNIT, 5, 77)).function()).isEqualTo(6);
            assertThat(plc.holdingRegister(5)).isEqualTo(77);

            proxy.finishLearning().get(FUTURE_SECONDS, TimeUnit.SECONDS);
            LearnedBaseline l = learned.get(FUTURE_SECONDS, TimeUnit.SECONDS);
            assertThat(l.transactions()).isEqualTo(41);
            // the unit stayed locked: nothing learned in open, which therefore cannot block
            assertThat(l.notLearned()).containsExactly(InlinePolicies.OPEN);
            assertThat(l.baseline().blocks(InlinePolicies.LOCKED)).isTrue();
            // the file form is the baseline as `statewall learn` writes it, and reads back the same
            assertThat(BaselineFile.format(BaselineFile.parse(l.fileText(), "learned"))).isEqualTo(l.fileText());
            assertThat(l.fileText()).contains(InlinePolicies.LOCKED);
            proxy.sync().get(FUTURE_SECONDS, TimeUnit.SECONDS);
            assertThat(proxy.baselineMode()).isEqualTo("detecting");

            // The learned scan passes.
            scan(hmi, tid);
            long served = plc.pointsServed();
            // A read of registers the HMI never read: refused by the NMA, never served.
            Adu refused = hmi.exchange(readHoldingRegisters(++tid[0], UNIT, 150, 4));
            assertThat(refused.function()).isEqualTo(0x83);
            assertThat(refused.exceptionCode()).isEqualTo(ILLEGAL_FUNCTION);
            assertThat(plc.pointsServed()).isEqualTo(served);
            // The learned setpoint, written with a function the HMI never used (FC 16, one
            // register): refused, not carried out.
            Adu write = hmi.exchange(RawModbusClient.adu(++tid[0], UNIT, 0x10, 0, 5, 0, 1, 2, 0x12, 0x34));
            assertThat(write.function()).isEqualTo(0x90);
            assertThat(plc.holdingRegister(5)).isEqualTo(77);
            // and the connection is still good
            // (its polls now come late after the pauses above: alerted, never blocked, being reads)
            scan(hmi, tid);
        }
        proxy.sync().get(FUTURE_SECONDS, TimeUnit.SECONDS);
        List<JsonNode> blocks = alerts().stream().filter(a -> a.path("alert").path("action").asString().equals("blocked")).toList();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);
        JsonNode first = blocks.getFirst();
        assertThat(first.path("alert").path("category").asString()).isEqualTo("ICS baseline deviation");
        assertThat(first.path("statewall").path("state").asString()).isEqualTo(InlinePolicies.LOCKED);
        assertThat(first.path("statewall").path("detector").asString()).isNotEmpty();
        assertThat(first.path("statewall").path("expected").asString()).isNotEmpty();
        assertThat(first.path("statewall").path("seen").asString()).isNotEmpty();
        assertThat(first.path("statewall").path("attack").isArray()).isTrue();
        assertThat(proxy.stats().getFirst().blocked()).isEqualTo(2);
        assertThat(proxy.prometheusText()).contains("statewall_baseline_mode{mode=\"detecting\"} 1")
                .contains("statewall_baseline_blocked_total 2");
    }

    @Test
    void aProtectedRequestThatDepartsIsForwardedAndAlerted() throws Exception {
        InlineProxy proxy = proxy(InlinePolicies.setpointWritesProtected(plcPort()));
        Baseline b = learnedScanBaseline(proxy);
        assertThat(b.blocks(InlinePolicies.LOCKED)).isTrue();
        int[] tid = {100};
        try (RawModbusClient hmi = new RawModbusClient(proxy.listenAddresses().getFirst())) {
            scan(hmi, tid);
            // never seen, but protected: it reaches the controller
            assertThat(hmi.exchange(writeSingleRegister(++tid[0], UNIT, 5, 4321)).function()).isEqualTo(6);
            assertThat(plc.holdingRegister(5)).isEqualTo(4321);
            // not protected: refused
            assertThat(hmi.exchange(writeSingleRegister(++tid[0], UNIT, 6, 4321)).function()).isEqualTo(0x86);
            assertThat(plc.holdingRegister(6)).isNotEqualTo(4321);
        }
        proxy.sync().get(FUTURE_SECONDS, TimeUnit.SECONDS);
        List<JsonNode> alerts = alerts();
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.path("alert").path("action").asString()).isEqualTo("allowed");
            assertThat(a.path("statewall").path("note").asString())
                    .contains("protected traffic ('setpoint-writes'): alerted instead of blocked");
        });
        assertThat(proxy.stats().getFirst().blocked()).isEqualTo(1);
    }

    @Test
    void aBaselineLearnedInStatesThePolicyDoesNotHaveIsRefusedAndNothingChanges() throws Exception {
        InlineProxy proxy = proxy(InlinePolicies.everythingAllowed(plcPort()));
        Baseline learned = learnedScanBaseline(proxy);
        Baseline other = BaselineFile.parse(BaselineFile.format(learned).replace(InlinePolicies.LOCKED, "tripped"), "other");
        assertThat(proxy.detectWith(other)).failsWithin(FUTURE_SECONDS, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class)
                .withMessageContaining("learned in state tripped, which the policy in force does not have (states: locked, open)");
        assertThat(proxy.baselineMode()).isEqualTo("detecting");
        // the baseline in force is still the one learned: a never-seen read is refused
        try (RawModbusClient hmi = new RawModbusClient(proxy.listenAddresses().getFirst())) {
            assertThat(hmi.exchange(readHoldingRegisters(1, UNIT, 150, 4)).function()).isEqualTo(0x83);
        }
    }

    /** Learns ten scans inline, ends learning, and reads the learned file back. */
    private Baseline learnedScanBaseline(InlineProxy proxy) throws Exception {
        CompletableFuture<LearnedBaseline> learned = new CompletableFuture<>();
        proxy.learnBaseline(new Baseline(""), Duration.ofHours(8), Set.of(InlinePolicies.LOCKED), learned::complete)
                .get(FUTURE_SECONDS, TimeUnit.SECONDS);
        int[] tid = {0};
        try (RawModbusClient hmi = new RawModbusClient(proxy.listenAddresses().getFirst())) {
            for (int i = 0; i < 10; i++) {
                scan(hmi, tid);
            }
        }
        proxy.finishLearning().get(FUTURE_SECONDS, TimeUnit.SECONDS);
        return BaselineFile.parse(learned.get(FUTURE_SECONDS, TimeUnit.SECONDS).fileText(), "learned");
    }

    private List<JsonNode> alerts() {
        synchronized (eveBytes) {
            return eveBytes.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree)
                    .filter(n -> n.path("event_type").asString().equals("alert")).toList();
        }
    }

    private int plcPort() throws Exception {
        int port = Loopback.freePort();
        plc = J2modController.start(port);
        plcPort = port;
        toClose.push(plc);
        return port;
    }

    private InlineProxy proxy(Policy policy) throws Exception {
        EveWriter eve = EveWriter.allTypes(eveBytes);
        InlineProxy p = new InlineProxy(List.of(new InlineRoute("plc", Loopback.at(0), Loopback.at(plcPort))), policy,
                InlineOptions.DEFAULT, eve);
        p.start();
        toClose.push(p);
        return p;
    }
}
