package io.statewall.engine.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyLoader;
import io.statewall.engine.state.StateChange;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusLimits;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transactions on the wire drive the operating state through the image and the tracker. */
class PlantMonitorTest {
    private static final String POLICY = """
            statewall: 1
            assets:
              plc: { ip: 10.0.0.2 }
            plant:
              variables:
                speed:   { asset: plc, unit: 1, area: holding_registers, address: 10, type: uint16 }
                breaker: { asset: plc, unit: 1, area: coils, address: 5 }
              states:
                stopped: { when: "speed < 50 and not breaker", priority: 10 }
                startup: { when: "speed >= 50 and not breaker", priority: 20 }
                normal:  { when: "breaker", priority: 30 }
              transitions:
                unknown: [stopped, startup, normal]
                stopped: [startup]
                startup: [normal, stopped]
                normal:  [startup]
            """;

    private final List<StateChange> changes = new ArrayList<>();
    private final FlowContext flow = new FlowContext().set(1, 4, 0, 0x0A00_0001L, 40_000, 0, 0x0A00_0002L, 502, 6, "modbus");
    private PlantMonitor monitor;
    private ModbusSession session;
    private int tid;
    private long now = 1_000_000_000L;
    private final List<String> stateAfterEachTransaction = new ArrayList<>();

    private void start() throws Exception {
        Policy policy = PolicyLoader.parse(POLICY, "test.yaml");
        monitor = new PlantMonitor(policy.plant(), changes::add, now);
        session = new ModbusSession(ModbusLimits.DEFAULT, new ModbusListener() {
            @Override
            public void onTransaction(ModbusSession s, ModbusTransaction tx) {
                monitor.apply(flow, tx, now);
                stateAfterEachTransaction.add(monitor.current().name());
            }

            @Override
            public void onAnomaly(ModbusSession s, ModbusAnomaly a, boolean toServer, long ts, int id, long detail) {
            }
        }, null);
    }

    private void exchange(String requestPdu, String responsePdu) {
        tid++;
        now += 100_000_000L;
        feed(true, requestPdu);
        feed(false, responsePdu);
    }

    private void feed(boolean toServer, String pduHex) {
        byte[] pdu = HexFormat.of().parseHex(pduHex.replace(" ", ""));
        byte[] adu = new byte[7 + pdu.length];
        adu[0] = (byte) (tid >>> 8);
        adu[1] = (byte) tid;
        adu[5] = (byte) (pdu.length + 1);
        adu[6] = 1;
        System.arraycopy(pdu, 0, adu, 7, pdu.length);
        assertThat(session.onData(toServer, MemorySegment.ofArray(adu), 0, adu.length, now)).isEqualTo(adu.length);
    }

    private void speed(int value) {
        exchange("03 000A 0001", String.format("03 02 %04X", value));
    }

    private void breaker(boolean closed) {
        exchange("01 0005 0001", closed ? "01 01 01" : "01 01 00");
    }

    @Test
    void theStateFollowsTheValuesReadOnTheWireWithNoLag() throws Exception {
        start();
        breaker(false);
        assertThat(monitor.current().name()).as("one variable still unknown").isEqualTo("unknown");
        speed(0);
        assertThat(monitor.current().name()).isEqualTo("stopped");
        speed(1500);
        assertThat(monitor.current().name()).isEqualTo("startup");
        breaker(true);
        assertThat(monitor.current().name()).isEqualTo("normal");
        assertThat(stateAfterEachTransaction).containsExactly("unknown", "stopped", "startup", "normal");
        assertThat(changes).extracting(c -> c.from().name() + ">" + c.to().name())
                .containsExactly("unknown>stopped", "stopped>startup", "startup>normal");
        assertThat(changes).allMatch(StateChange::allowed);
        assertThat(changes.get(1).condition()).isEqualTo("speed >= 50 and not breaker");
    }

    @Test
    void aTransitionTheModelForbidsIsTakenAndReported() throws Exception {
        start();
        breaker(false);
        speed(0);
        breaker(true);
        assertThat(monitor.current().name()).isEqualTo("normal");
        StateChange last = changes.get(changes.size() - 1);
        assertThat(last.from().name()).isEqualTo("stopped");
        assertThat(last.allowed()).isFalse();
    }

    @Test
    void writesThatWereRejectedDoNotMoveTheState() throws Exception {
        start();
        breaker(false);
        speed(0);
        // FC 6 write of speed 3000 answered with exception 02: the register did not change.
        exchange("06 000A 0BB8", "86 02");
        assertThat(monitor.current().name()).isEqualTo("stopped");
        // The same write echoed: the process image takes it, the state follows.
        exchange("06 000A 0BB8", "06 000A 0BB8");
        assertThat(monitor.current().name()).isEqualTo("startup");
    }

    @Test
    void pointsOfOtherUnitsOrAddressesAreNotVariables() throws Exception {
        start();
        breaker(false);
        speed(0);
        exchange("03 000B 0001", "03 02 0BB8");
        assertThat(monitor.current().name()).isEqualTo("stopped");
        assertThat(changes).hasSize(1);
    }
}
