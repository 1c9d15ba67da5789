package io.statewall.nma.inline;

import static io.statewall.nma.inline.InlinePolicies.LOCKED;
import static io.statewall.nma.inline.InlinePolicies.MODE;
import static io.statewall.nma.inline.InlinePolicies.OPEN;
import static io.statewall.nma.inline.InlinePolicies.SETPOINT;
import static io.statewall.nma.inline.J2modController.UNIT;
import static io.statewall.nma.inline.J2modController.initialHoldingRegister;
import static io.statewall.nma.inline.RawModbusClient.adu;
import static io.statewall.nma.inline.RawModbusClient.readHoldingRegisters;
import static io.statewall.nma.inline.RawModbusClient.writeSingleRegister;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.policy.Policy;
import io.statewall.nma.inline.RawModbusClient.Adu;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The inline proxy between real third-party Modbus/TCP stacks over loopback sockets: j2mod's
 * server stands for the controller, j2mod's TCP master for the HMI; raw sockets write what no
 * library will (pipelined requests, garbage) and watch the connection itself. Nothing is mocked:
 * every byte crosses the kernel's TCP stack twice, and the controller's process image is read
 * directly to see what really reached it.
 *
 * <p>The policy ({@link InlinePolicies}): while the unit is {@code locked} (mode register 0 is
 * 0), writing the setpoint (holding register 5) is blocked; {@code open} (mode 1) allows it.
 */
class InlineProxyJ2modTest {
    /** MB-AP §7 exception codes. */
    private static final int ILLEGAL_FUNCTION = 0x01;
    private static final int GATEWAY_TARGET_FAILED = 0x0B;
    private static final long FUTURE_SECONDS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reconnection to an unreachable controller retried after 20 ms, then up to every 200 ms. */
    private static final InlineOptions FAST_RETRY = new InlineOptions(BlockAction.EXCEPTION,
            InlineOptions.ILLEGAL_FUNCTION, MalformedAction.DROP, InlineOptions.DEFAULT.maxConnections(),
            InlineOptions.DEFAULT.maxConnectionsPerClient(), InlineOptions.DEFAULT.maxQueuedBytes(),
            Duration.ofMillis(20), Duration.ofMillis(200));

    @TempDir
    Path dir;

    /** Closed most recent first: clients, then the proxy, then the controller. */
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private int plcPort;
    private J2modController plc;

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

    // -------------------------------------------------------------------------------------------
    // 1. Reads
    // -------------------------------------------------------------------------------------------

    /** One read the HMI makes: a function code, a starting address and a quantity. */
    private record Read(String name, int function, int address, int quantity) {}

    private static final List<Read> READS = List.of(
            new Read("FC 3, the mode register alone", 3, MODE, 1),
            new Read("FC 3, ten registers from 10", 3, 10, 10),
            new Read("FC 3, the largest read MB-AP §6.3 allows: 125 registers", 3, 60, 125),
            new Read("FC 3, the last register of the controller", 3, J2modController.HOLDING_REGISTERS - 1, 1),
            new Read("FC 1, coil 0 alone", 1, 0, 1),
            new Read("FC 1, 19 coils from 3: a partial last byte", 1, 3, 19),
            new Read("FC 1, all 64 coils", 1, 0, J2modController.COILS),
            new Read("FC 2, 11 discrete inputs from 5", 2, 5, 11),
            new Read("FC 4, 16 input registers", 4, 0, 16));

    @Test
    void readsPassThroughWithTheControllersValues() throws Exception {
        InlineProxy proxy = plcAndProxy(DEFAULT_POLICY, InlineOptions.DEFAULT);
        ModbusTCPMaster hmi = hmi(proxy);

        for (Read r : READS) {
            assertThat(viaProxy(hmi, r)).as(r.name()).isEqualTo(inController(r));
        }
        RouteStats s = stats(proxy);
        assertThat(s.requests()).isEqualTo(READS.size());
        assertThat(s.allowed()).isEqualTo(READS.size());
        assertThat(s.responses()).isEqualTo(READS.size());
        assertThat(s.blocked()).isZero();
        assertThat(plc.pointsServed()).as("each read reached the controller once")
                .isEqualTo(READS.stream().mapToInt(Read::quantity).sum());
    }

    // -------------------------------------------------------------------------------------------
    // 2. A forbidden write
    // -------------------------------------------------------------------------------------------

    @Test
    void aForbiddenWriteIsAnsweredWithIllegalFunctionAndNeverReachesTheController() throws Exception {
        InlineProxy proxy = plcAndProxy(DEFAULT_POLICY, InlineOptions.DEFAULT);
        ModbusTCPMaster hmi = hmi(proxy);
        long before = plc.pointsServed();

        assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, register(4242)));
        assertAnsweredWith(ILLEGAL_FUNCTION,
                () -> hmi.writeMultipleRegisters(UNIT, SETPOINT - 1, registers(1, 2, 3)));

        assertThat(plc.pointsServed()).as("points the controller served").isEqualTo(before);
        for (int a = SETPOINT - 1; a <= SETPOINT + 1; a++) {
            assertThat(plc.holdingRegister(a)).as("register %d", a).isEqualTo(initialHoldingRegister(a));
        }
        // The block is for the setpoint alone, and the HMI's connection is still good.
        hmi.writeSingleRegister(UNIT, SETPOINT + 1, register(4242));
        assertThat(plc.holdingRegister(SETPOINT + 1)).isEqualTo(4242);
        assertThat(hmi.readMultipleRegisters(UNIT, SETPOINT, 1)[0].getValue()).isEqualTo(initialHoldingRegister(SETPOINT));
        RouteStats s = stats(proxy);
        assertThat(s.blocked()).isEqualTo(2);
        assertThat(s.allowed()).isEqualTo(2);
        assertThat(s.connectionsAccepted()).isEqualTo(1);
    }

    // -------------------------------------------------------------------------------------------
    // 3. The same write after the state changes
    // -------------------------------------------------------------------------------------------

    @Test
    void theSameWritePassesOnceTheClientHasReadThatTheUnitIsOpen() throws Exception {
        InlineProxy proxy = plcAndProxy(DEFAULT_POLICY, InlineOptions.DEFAULT);
        ModbusTCPMaster hmi = hmi(proxy);
        assertThat(hmi.readMultipleRegisters(UNIT, MODE, 1)[0].getValue()).isZero();
        assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, register(321)));

        // The unit is opened at the controller; the proxy learns it only from traffic it carries.
        plc.setHoldingRegister(MODE, 1);
        assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, register(321)));
        assertThat(hmi.readMultipleRegisters(UNIT, MODE, 1)[0].getValue()).isEqualTo(1);

        hmi.writeSingleRegister(UNIT, SETPOINT, register(321));
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(321);
        Loopback.await("the proxy reporting state open", () -> proxy.state().equals(OPEN));

        // And locked again, the same way.
        plc.setHoldingRegister(MODE, 0);
        assertThat(hmi.readMultipleRegisters(UNIT, MODE, 1)[0].getValue()).isZero();
        assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, register(999)));
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(321);
        Loopback.await("the proxy reporting state locked", () -> proxy.state().equals(LOCKED));
    }

    @Test
    void theSameWritePassesWhileAnOperatorDeclaresTheUnitOpen() throws Exception {
        InlineProxy proxy = plcAndProxy(DEFAULT_POLICY, InlineOptions.DEFAULT);
        ModbusTCPMaster hmi = hmi(proxy);
        assertThat(hmi.readMultipleRegisters(UNIT, MODE, 1)[0].getValue()).isZero();
        assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, register(654)));

        proxy.declare(OPEN, "test").get(FUTURE_SECONDS, TimeUnit.SECONDS);
        hmi.writeSingleRegister(UNIT, SETPOINT, register(654));
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(654);
        // The readings still say locked; a declared state wins over them until released.
        assertThat(hmi.readMultipleRegisters(UNIT, MODE, 1)[0].getValue()).isZero();
        hmi.writeSingleRegister(UNIT, SETPOINT, register(655));
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(655);

        proxy.release().get(FUTURE_SECONDS, TimeUnit.SECONDS);
        assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, register(656)));
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(655);

        // A state the plant model does not have is refused, and changes nothing.
        assertThat(proxy.declare("molten", "test")).failsWithin(Duration.ofSeconds(FUTURE_SECONDS))
                .withThrowableThat().havingCause().isInstanceOf(IllegalArgumentException.class).withMessageContaining("molten");
        assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, register(657)));
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(655);
        assertThat(stats(proxy).connectionsAccepted()).isEqualTo(1);
    }

    // -------------------------------------------------------------------------------------------
    // 4. Pipelining
    // -------------------------------------------------------------------------------------------

    @Test
    void pipelinedRequestsAreAnsweredInOrderWithTheBlockedOneAsAnException() throws Exception {
        InlineProxy proxy = plcAndProxy(DEFAULT_POLICY, InlineOptions.DEFAULT);
        byte[] blockedWrite = writeSingleRegister(0x0103, UNIT, SETPOINT, 9999);
        byte[] allowedWrite = writeSingleRegister(0x0105, UNIT, SETPOINT + 1, 777);
        try (RawModbusClient client = raw(proxy)) {
            client.send(
                    readHoldingRegisters(0x0101, UNIT, 10, 3),
                    readHoldingRegisters(0x0102, UNIT, MODE, 1),
                    blockedWrite,
                    readHoldingRegisters(0x0104, UNIT, SETPOINT, 1),
                    allowedWrite,
                    readHoldingRegisters(0x0106, UNIT, SETPOINT + 1, 1));
            List<Adu> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(client.readAdu());
            }

            assertThat(answers).extracting(Adu::transactionId).containsExactly(0x0101, 0x0102, 0x0103, 0x0104, 0x0105, 0x0106);
            assertThat(answers.get(0).registers()).containsExactly(initialHoldingRegister(10), initialHoldingRegister(11),
                    initialHoldingRegister(12));
            assertThat(answers.get(1).registers()).containsExactly(0);
            assertThat(answers.get(2).function()).isEqualTo(0x86);
            assertThat(answers.get(2).exceptionCode()).isEqualTo(ILLEGAL_FUNCTION);
            assertThat(answers.get(2).unitId()).isEqualTo(UNIT);
            assertThat(answers.get(3).registers()).as("the setpoint, read after the blocked write")
                    .containsExactly(initialHoldingRegister(SETPOINT));
            assertThat(answers.get(4).bytes()).as("FC 6 echoes the request (MB-AP §6.6)").isEqualTo(allowedWrite);
            assertThat(answers.get(5).registers()).containsExactly(777);
        }
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(initialHoldingRegister(SETPOINT));
    }

    // -------------------------------------------------------------------------------------------
    // 5. Disconnects
    // -------------------------------------------------------------------------------------------

    @Test
    void aClientThatLeavesFreesItsConnectionAndOthersAreStillServed() throws Exception {
        InlineProxy proxy = plcAndProxy(DEFAULT_POLICY, InlineOptions.DEFAULT);
        ModbusTCPMaster first = hmi(proxy);
        ModbusTCPMaster second = hmi(proxy);
        Read r = READS.get(1);
        assertThat(viaProxy(first, r)).isEqualTo(inController(r));
        assertThat(viaProxy(second, r)).isEqualTo(inController(r));
        Loopback.await("two connections active", () -> stats(proxy).connectionsActive() == 2);

        first.disconnect();
        Loopback.await("one connection active", () -> stats(proxy).connectionsActive() == 1);
        for (Read each : READS) {
            assertThat(viaProxy(second, each)).as(each.name()).isEqualTo(inController(each));
        }

        second.disconnect();
        Loopback.await("no connection active", () -> stats(proxy).connectionsActive() == 0);
        assertThat(stats(proxy).connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void aControllerThatGoesAwayTakesItsClientsConnectionWithIt() throws Exception {
        int port = Loopback.freePort();
        Process controller = controllerProcess(port);
        InlineProxy proxy = proxy(port, InlinePolicies.setpointLockedByMode(port), InlineOptions.DEFAULT, null);
        try (RawModbusClient client = raw(proxy)) {
            Adu before = client.exchange(readHoldingRegisters(1, UNIT, 10, 2));
            assertThat(before.registers()).containsExactly(initialHoldingRegister(10), initialHoldingRegister(11));

            controller.destroyForcibly();
            assertThat(controller.waitFor(Loopback.DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();

            assertThat(client.closedByPeer()).as("the proxy closed the client's connection").isTrue();
        }
        Loopback.await("no connection active", () -> stats(proxy).connectionsActive() == 0);
        // The proxy itself goes on: a new client is told the controller does not answer.
        try (RawModbusClient late = raw(proxy)) {
            Adu answer = late.exchange(readHoldingRegisters(2, UNIT, 10, 2));
            assertThat(answer.transactionId()).isEqualTo(2);
            assertThat(answer.function()).isEqualTo(0x83);
            assertThat(answer.exceptionCode()).isEqualTo(GATEWAY_TARGET_FAILED);
        }
    }

    /**
     * A client may half-close after its last request (FIN: "I send no more") and still wait for
     * the answer, as it gets it straight from j2mod: the proxy keeps the link until every request
     * it forwarded is answered and written, then closes (else an allowed write could be carried
     * out by the controller without the client ever learning it).
     */
    @Test
    void aClientThatHalfClosesAfterItsRequestStillGetsTheAnswer() throws Exception {
        InlineProxy proxy = plcAndProxy(DEFAULT_POLICY, InlineOptions.DEFAULT);
        try (RawModbusClient client = raw(proxy)) {
            client.send(readHoldingRegisters(1, UNIT, 10, 2));
            client.shutdownOutput();
            Adu answer = client.readAdu();
            assertThat(answer.registers()).containsExactly(initialHoldingRegister(10), initialHoldingRegister(11));
            assertThat(client.closedByPeer()).as("closed once nothing is due").isTrue();
        }
    }

    // -------------------------------------------------------------------------------------------
    // 6. The controller down, then up
    // -------------------------------------------------------------------------------------------

    @Test
    void whileTheControllerIsDownRequestsGetGatewayTargetFailedThenPassOnTheSameConnection() throws Exception {
        int port = Loopback.freePort();
        InlineProxy proxy = proxy(port, InlinePolicies.setpointLockedByMode(port), FAST_RETRY, null);
        ModbusTCPMaster hmi = hmi(proxy);
        Read r = READS.get(1);

        assertAnsweredWith(GATEWAY_TARGET_FAILED, () -> viaProxy(hmi, r));
        assertAnsweredWith(GATEWAY_TARGET_FAILED, () -> viaProxy(hmi, r));

        plc = controller(port);
        Loopback.await("a read through the same connection to succeed", () -> readsOrIsToldUnavailable(hmi, r));
        assertThat(viaProxy(hmi, r)).isEqualTo(inController(r));
        RouteStats s = stats(proxy);
        assertThat(s.connectionsAccepted()).as("one client connection throughout").isEqualTo(1);
        assertThat(s.upstreamConnectFailures()).isPositive();
        assertThat(s.upstreamUnavailableAnswers()).isGreaterThanOrEqualTo(2);
    }

    /** True when the read came back with the controller's values; false when answered 0x0B. */
    private boolean readsOrIsToldUnavailable(ModbusTCPMaster hmi, Read r) {
        try {
            assertThat(viaProxy(hmi, r)).isEqualTo(inController(r));
            return true;
        } catch (ModbusSlaveException e) {
            assertThat(e.getType()).isEqualTo(GATEWAY_TARGET_FAILED);
            return false;
        } catch (ModbusException e) {
            throw new AssertionError("the HMI's read failed otherwise than with 0x0B", e);
        }
    }

    // -------------------------------------------------------------------------------------------
    // 7. Garbage
    // -------------------------------------------------------------------------------------------

    /** Bytes that are not a Modbus request, with why. */
    private record Garbage(String why, byte[] bytes) {}

    private static final List<Garbage> GARBAGE = List.of(
            new Garbage("an HTTP request sent to the Modbus port: text without a zero byte, so never a protocol id 0",
                    "GET / HTTP/1.1\r\nHost: plc\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
            new Garbage("the bytes 1 to 255: no zero byte, never an MBAP header", counting()),
            new Garbage("MBAP framed, function 0: not a function code (MB-AP §5)", adu(0x6601, UNIT, 0x00, 0, 10, 0, 1)),
            new Garbage("MBAP framed, FC 3 for 0 registers (MB-AP §6.3: 1 to 125)", adu(0x6602, UNIT, 0x03, 0, 10, 0, 0)),
            new Garbage("MBAP framed, FC 3 for 126 registers", adu(0x6603, UNIT, 0x03, 0, 10, 0, 126)),
            new Garbage("MBAP framed, FC 3 cut after the address (3 PDU bytes of 5)", adu(0x6604, UNIT, 0x03, 0, 10)),
            new Garbage("MBAP framed, FC 6 with a byte too many", adu(0x6605, UNIT, 0x06, 0, 7, 0x12, 0x34, 0x56)),
            new Garbage("MBAP framed, FC 5 with a coil value neither 0xFF00 nor 0x0000 (MB-AP §6.5)",
                    adu(0x6606, UNIT, 0x05, 0, 3, 0x12, 0x34)),
            new Garbage("protocol id 1 (MB-TCP §3.1.3: Modbus is 0)",
                    new byte[] {0x66, 0x07, 0x00, 0x01, 0x00, 0x06, UNIT, 0x03, 0x00, 0x0A, 0x00, 0x01}),
            new Garbage("length field 0 (at least unit id and function: 2)",
                    new byte[] {0x66, 0x08, 0x00, 0x00, 0x00, 0x00, UNIT, 0x03}),
            new Garbage("length field 300 (the largest ADU is 260 bytes)",
                    new byte[] {0x66, 0x09, 0x00, 0x00, 0x01, 0x2C, UNIT, 0x03, 0x00, 0x0A, 0x00, 0x01}));

    private static byte[] counting() {
        byte[] b = new byte[255];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i + 1);
        }
        return b;
    }

    @Test
    void aFloodOfGarbageFromOneClientNeitherReachesTheControllerNorStopsAnotherClient() throws Exception {
        InlineProxy proxy = plcAndProxy(DEFAULT_POLICY, InlineOptions.DEFAULT);
        ModbusTCPMaster hmi = hmi(proxy);
        long garbageBytes = 0;
        int reads = 0;
        long pointsRead = 0;
        try (RawModbusClient attacker = raw(proxy)) {
            // Garbage and good reads interleaved: every read is made with garbage arriving before it.
            for (int round = 0; round < 300; round++) {
                Garbage g = GARBAGE.get(round % GARBAGE.size());
                attacker.send(g.bytes());
                garbageBytes += g.bytes().length;
                Read r = READS.get(round % READS.size());
                assertThat(viaProxy(hmi, r)).as("%s, after %s", r.name(), g.why()).isEqualTo(inController(r));
                reads++;
                pointsRead += r.quantity();
            }
            // Then every kind at once, a megabyte of it in one write, and a read behind it.
            byte[] burst = burst(1 << 20);
            attacker.send(burst);
            garbageBytes += burst.length;
            assertThat(viaProxy(hmi, READS.get(2))).isEqualTo(inController(READS.get(2)));
            reads++;
            pointsRead += READS.get(2).quantity();

            // The attacker's first answer is to its first valid request: nothing before it was answered,
            // so nothing before it reached the controller.
            Adu answer = attacker.exchange(readHoldingRegisters(0x7777, UNIT, 10, 1));
            assertThat(answer.transactionId()).isEqualTo(0x7777);
            assertThat(answer.registers()).containsExactly(initialHoldingRegister(10));
        }
        assertThat(plc.pointsServed()).as("points the controller served: the good reads' and one more")
                .isEqualTo(pointsRead + 1);
        RouteStats s = stats(proxy);
        assertThat(s.allowed()).isEqualTo(reads + 1);
        assertThat(s.responses()).isEqualTo(reads + 1);
        assertThat(s.malformed()).isPositive();
        assertThat(s.anomalies()).isPositive();
        assertThat(s.bytesFromClients()).isGreaterThan(garbageBytes);
    }

    private static byte[] burst(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 512);
        for (int i = 0; out.size() < size; i++) {
            out.writeBytes(GARBAGE.get(i % GARBAGE.size()).bytes());
        }
        return out.toByteArray();
    }

    // -------------------------------------------------------------------------------------------
    // 8. Connection limits
    // -------------------------------------------------------------------------------------------

    @Test
    void aThirdConnectionFromTheSameAddressIsClosedAtOnceWithAPerClientLimitOfTwo() throws Exception {
        InlineProxy proxy = plcAndProxy(DEFAULT_POLICY, InlineOptions.DEFAULT.withLimits(1024, 2));
        byte[] read = readHoldingRegisters(1, UNIT, 10, 1);
        try (RawModbusClient first = raw(proxy); RawModbusClient second = raw(proxy)) {
            assertThat(first.exchange(read).registers()).containsExactly(initialHoldingRegister(10));
            assertThat(second.exchange(read).registers()).containsExactly(initialHoldingRegister(10));

            try (RawModbusClient third = raw(proxy)) {
                assertThat(third.closedByPeer()).as("the third connection closed by the proxy").isTrue();
            }
            Loopback.await("the refusal counted", () -> stats(proxy).connectionsRejected() == 1);
            // Refusing a newcomer never cuts those already carried.
            assertThat(first.exchange(read).registers()).containsExactly(initialHoldingRegister(10));
            assertThat(second.exchange(read).registers()).containsExactly(initialHoldingRegister(10));

            first.close();
            Loopback.await("one connection active", () -> stats(proxy).connectionsActive() == 1);
            try (RawModbusClient again = raw(proxy)) {
                assertThat(again.exchange(read).registers()).as("a freed place is taken again")
                        .containsExactly(initialHoldingRegister(10));
            }
        }
        assertThat(stats(proxy).connectionsAccepted()).isEqualTo(3);
        assertThat(stats(proxy).connectionsRejected()).isEqualTo(1);
    }

    // -------------------------------------------------------------------------------------------
    // 9. Policy reload
    // -------------------------------------------------------------------------------------------

    @Test
    void aReloadedPolicyAppliesToTheNextRequestOnTheSameConnection() throws Exception {
        InlineProxy proxy = plcAndProxy(DEFAULT_POLICY, InlineOptions.DEFAULT);
        ModbusTCPMaster hmi = hmi(proxy);
        assertThat(hmi.readMultipleRegisters(UNIT, MODE, 1)[0].getValue()).isZero();
        assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, register(111)));
        assertThat(proxy.policyGeneration()).isEqualTo(1);

        proxy.reload(InlinePolicies.everythingAllowed(plcPort)).get(FUTURE_SECONDS, TimeUnit.SECONDS);
        hmi.writeSingleRegister(UNIT, SETPOINT, register(111));
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(111);
        assertThat(proxy.policyGeneration()).isEqualTo(2);
        assertThat(proxy.state()).as("the same plant model keeps its state").isEqualTo(LOCKED);

        proxy.reload(InlinePolicies.setpointLockedByMode(plcPort)).get(FUTURE_SECONDS, TimeUnit.SECONDS);
        assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, register(112)));
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(111);
        assertThat(stats(proxy).connectionsAccepted()).as("no reconnection").isEqualTo(1);
    }

    // -------------------------------------------------------------------------------------------
    // Block actions other than an exception
    // -------------------------------------------------------------------------------------------

    @Test
    void withBlockActionDropABlockedRequestIsNeverAnsweredAndTheConnectionGoesOn() throws Exception {
        InlineProxy proxy = plcAndProxy(DEFAULT_POLICY,
                InlineOptions.DEFAULT.withBlockAction(BlockAction.DROP, InlineOptions.ILLEGAL_FUNCTION));
        try (RawModbusClient client = raw(proxy)) {
            client.send(writeSingleRegister(1, UNIT, SETPOINT, 4242), readHoldingRegisters(2, UNIT, SETPOINT, 1));
            Adu first = client.readAdu();
            assertThat(first.transactionId()).as("the first answer is the read's").isEqualTo(2);
            assertThat(first.registers()).containsExactly(initialHoldingRegister(SETPOINT));
        }
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(initialHoldingRegister(SETPOINT));
        assertThat(stats(proxy).blocked()).isEqualTo(1);
    }

    @Test
    void withBlockActionResetABlockedRequestClosesTheClientsConnection() throws Exception {
        InlineProxy proxy = plcAndProxy(DEFAULT_POLICY,
                InlineOptions.DEFAULT.withBlockAction(BlockAction.RESET, InlineOptions.ILLEGAL_FUNCTION));
        try (RawModbusClient client = raw(proxy)) {
            assertThat(client.exchange(readHoldingRegisters(1, UNIT, MODE, 1)).registers()).containsExactly(0);
            client.send(writeSingleRegister(2, UNIT, SETPOINT, 4242));
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(initialHoldingRegister(SETPOINT));
        Loopback.await("no connection active", () -> stats(proxy).connectionsActive() == 0);
    }

    // -------------------------------------------------------------------------------------------
    // EVE
    // -------------------------------------------------------------------------------------------

    @Test
    void aBlockedWriteIsWrittenAsABlockedAlertWithItsRuleAndAttackIds() throws Exception {
        ByteArrayOutputStream eveBytes = new ByteArrayOutputStream();
        InlineProxy proxy = plcAndProxy(DEFAULT_POLICY, InlineOptions.DEFAULT, EveWriter.allTypes(eveBytes));
        ModbusTCPMaster hmi = hmi(proxy);
        assertThat(hmi.readMultipleRegisters(UNIT, MODE, 1)[0].getValue()).isZero();
        assertAnsweredWith(ILLEGAL_FUNCTION, () -> hmi.writeSingleRegister(UNIT, SETPOINT, register(4242)));
        hmi.disconnect();
        proxy.close();

        List<JsonNode> blocked = new ArrayList<>();
        for (String line : eveBytes.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode record = JSON.readTree(line);
            if (record.path("event_type").asString().equals("alert")
                    && record.path("alert").path("action").asString().equals("blocked")) {
                blocked.add(record);
            }
        }
        assertThat(blocked).hasSize(1);
        JsonNode alert = blocked.getFirst();
        assertThat(alert.path("alert").path("signature").asString()).isEqualTo("Setpoint written while the unit is locked");
        assertThat(alert.path("alert").path("severity").asInt()).isEqualTo(1);
        assertThat(alert.path("statewall").path("rule").asString()).isEqualTo(InlinePolicies.SETPOINT_RULE);
        assertThat(alert.path("statewall").path("state").asString()).isEqualTo(LOCKED);
        assertThat(alert.path("statewall").path("attack").valueStream().map(JsonNode::asString))
                .containsExactly(InlinePolicies.SETPOINT_ATTACK);
        assertThat(alert.path("src_ip").asString()).isEqualTo("127.0.0.1");
        assertThat(alert.path("dest_port").asInt()).isEqualTo(plcPort);
    }

    // -------------------------------------------------------------------------------------------
    // Peers and the proxy
    // -------------------------------------------------------------------------------------------

    /** The default policy of a test: built once the controller's port is known. */
    // -------------------------------------------------------------------------------------------
    // Tapping conversations (statewall demo --pcap)
    // -------------------------------------------------------------------------------------------

    /** What a tap saw of one conversation: its addresses, both byte streams, whether it ended. */
    private static final class Tapped implements ConversationTap.Conversation {
        final java.net.InetSocketAddress client;
        final java.net.InetSocketAddress server;
        final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
        final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

        Tapped(java.net.InetSocketAddress client, java.net.InetSocketAddress server) {
            this.client = client;
            this.server = server;
        }

        @Override
        public synchronized void fromClient(long epochNanos, java.lang.foreign.MemorySegment data, long offset, int length) {
            fromClient.writeBytes(data.asSlice(offset, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }

        @Override
        public synchronized void toClient(long epochNanos, java.lang.foreign.MemorySegment data, long offset, int length) {
            toClient.writeBytes(data.asSlice(offset, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }

        @Override
        public void closed(long epochNanos) {
            closed.countDown();
        }
    }

    @Test
    void aTapSeesTheClientsSideOfTheWireBlockedRequestsAndTheProxysOwnAnswersIncluded() throws Exception {
        List<Tapped> conversations = new java.util.concurrent.CopyOnWriteArrayList<>();
        plcPort = Loopback.freePort();
        plc = controller(plcPort);
        InlineProxy p = new InlineProxy(List.of(new InlineRoute("plc", Loopback.at(0), Loopback.at(plcPort))),
                DEFAULT_POLICY.at(plcPort), InlineOptions.DEFAULT, null);
        p.tap((client, server, at) -> {
            Tapped t = new Tapped(client, server);
            conversations.add(t);
            return t;
        });
        p.start();
        toClose.push(p);

        byte[] read = readHoldingRegisters(0x0201, UNIT, MODE, 1);
        byte[] blockedWrite = writeSingleRegister(0x0202, UNIT, SETPOINT, 9999);
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        java.net.InetSocketAddress local;
        try (RawModbusClient client = raw(p)) {
            client.send(read, blockedWrite);
            answers.writeBytes(client.readAdu().bytes());
            Adu refused = client.readAdu();
            assertThat(refused.exceptionCode()).isEqualTo(ILLEGAL_FUNCTION);
            answers.writeBytes(refused.bytes());
            local = client.localAddress();
        }
        assertThat(conversations).hasSize(1);
        Tapped t = conversations.getFirst();
        assertThat(t.closed.await(FUTURE_SECONDS, TimeUnit.SECONDS)).as("the tap is told the connection ended").isTrue();
        assertThat(t.client).isEqualTo(local);
        assertThat(t.server).as("recorded as the client and the controller would see it")
                .isEqualTo(Loopback.at(plcPort));
        byte[] sent = new byte[read.length + blockedWrite.length];
        System.arraycopy(read, 0, sent, 0, read.length);
        System.arraycopy(blockedWrite, 0, sent, read.length, blockedWrite.length);
        synchronized (t) {
            assertThat(t.fromClient.toByteArray()).as("both requests, the blocked one included").isEqualTo(sent);
            assertThat(t.toClient.toByteArray()).as("the controller's answer, then the proxy's exception")
                    .isEqualTo(answers.toByteArray());
        }
        assertThat(plc.holdingRegister(SETPOINT)).isEqualTo(initialHoldingRegister(SETPOINT));
    }

    private static final PolicyFor DEFAULT_POLICY = InlinePolicies::setpointLockedByMode;

    private interface PolicyFor {
        Policy at(int controllerPort);
    }

    private InlineProxy plcAndProxy(PolicyFor policy, InlineOptions options) throws Exception {
        return plcAndProxy(policy, options, null);
    }

    private InlineProxy plcAndProxy(PolicyFor policy, InlineOptions options, EveWriter eve) throws Exception {
        plcPort = Loopback.freePort();
        plc = controller(plcPort);
        return proxy(plcPort, policy.at(plcPort), options, eve);
    }

    private J2modController controller(int port) throws ModbusException {
        plcPort = port;
        J2modController c = J2modController.start(port);
        toClose.push(c);
        return c;
    }

    /** j2mod's controller in a JVM of its own, so that it can be made to go away for real. */
    private Process controllerProcess(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                J2modController.InChildProcess.class.getName(), Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("controller.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        toClose.push(p::destroyForcibly);
        Loopback.awaitListening("j2mod controller process", port);
        return p;
    }

    private InlineProxy proxy(int controllerPort, Policy policy, InlineOptions options, EveWriter eve) throws Exception {
        InlineProxy p = new InlineProxy(List.of(new InlineRoute("plc", Loopback.at(0), Loopback.at(controllerPort))),
                policy, options, eve);
        p.start();
        toClose.push(p);
        return p;
    }

    private ModbusTCPMaster hmi(InlineProxy proxy) throws Exception {
        ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", proxy.listenAddresses().getFirst().getPort(),
                RawModbusClient.READ_TIMEOUT_MILLIS, false);
        m.connect();
        toClose.push(m::disconnect);
        return m;
    }

    private RawModbusClient raw(InlineProxy proxy) throws IOException {
        return new RawModbusClient(proxy.listenAddresses().getFirst());
    }

    private static RouteStats stats(InlineProxy proxy) {
        return proxy.stats().getFirst();
    }

    private static List<Integer> viaProxy(ModbusTCPMaster hmi, Read r) throws ModbusException {
        return switch (r.function()) {
            case 1 -> bits(hmi.readCoils(UNIT, r.address(), r.quantity()), r.quantity());
            case 2 -> bits(hmi.readInputDiscretes(UNIT, r.address(), r.quantity()), r.quantity());
            case 3 -> Arrays.stream(hmi.readMultipleRegisters(UNIT, r.address(), r.quantity()))
                    .map(Register::getValue).toList();
            case 4 -> Arrays.stream(hmi.readInputRegisters(UNIT, r.address(), r.quantity()))
                    .map(InputRegister::getValue).toList();
            default -> throw new IllegalArgumentException("function " + r.function());
        };
    }

    private List<Integer> inController(Read r) {
        List<Integer> out = new ArrayList<>();
        for (int a = r.address(); a < r.address() + r.quantity(); a++) {
            out.add(switch (r.function()) {
                case 1 -> plc.coil(a) ? 1 : 0;
                case 2 -> plc.discreteInput(a) ? 1 : 0;
                case 3 -> plc.holdingRegister(a);
                case 4 -> plc.inputRegister(a);
                default -> throw new IllegalArgumentException("function " + r.function());
            });
        }
        return out;
    }

    private static List<Integer> bits(BitVector v, int count) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(v.getBit(i) ? 1 : 0);
        }
        return out;
    }

    private static SimpleRegister register(int value) {
        return new SimpleRegister(value);
    }

    private static Register[] registers(int... values) {
        return Arrays.stream(values).mapToObj(SimpleRegister::new).toArray(Register[]::new);
    }

    /** The HMI's request comes back as a Modbus exception response with this code. */
    private static void assertAnsweredWith(int exceptionCode, ThrowingCallable request) {
        assertThatThrownBy(request).isInstanceOfSatisfying(ModbusSlaveException.class,
                e -> assertThat(e.getType()).as("exception code").isEqualTo(exceptionCode));
    }
}
