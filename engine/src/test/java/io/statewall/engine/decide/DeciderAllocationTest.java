package io.statewall.engine.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.policy.Action;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusLimits;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Warm decisions allocate nothing: 100,000 paired transactions (reads, FC 16 and FC 15 writes
 * whose values are inspected, exception answers) through session, {@link Decider#decide} and
 * {@link Decider#decideResponse}, over a policy using every kind of matcher, a rate rule and a
 * protected entry; best of five rounds.
 */
class DeciderAllocationTest {
    private static final int TRANSACTIONS = 100_000;

    private static final String POLICY = Rig.ASSETS + """
            protected:
              - { id: esd, to: plc, function: [5, 15] }
            common:
              - { id: v6-hosts, from: net6, action: alert }
              - { id: setpoint, to: [plc6, plc], address: 200-210, value: '>900', action: alert }
              - { id: coils-on, area: coils, address: 100-109, value: 1, action: alert, attack: [T0855] }
              - { id: flood, operation: [write, read_write], rate: 10/1ms, action: alert }
              - { id: reserved, category: [reserved, user_defined], unit: 1-5, action: block }
              - { id: exc, response: { exception_code: [2, 3] }, action: alert }
              - { id: exc-block, response: { exception: true }, function: 4, action: block }
              - { id: reads, from: scada, operation: read, action: allow }
              - { id: coil-writes, function: 15, action: block }
              - { id: writes, operation: write, action: alert }
            default_ruleset: { default: alert, rules: [] }
            """;

    private static final class Judging implements ModbusListener {
        final Decider decider = new Decider(new PolicyHolder(Rig.compile(POLICY)));
        final FlowContext flow = Rig.flow("10.0.0.1>10.0.0.2:502");
        long blocked;
        long alerts;
        long downgraded;

        @Override
        public void onTransaction(ModbusSession session, ModbusTransaction tx) {
            long now = tx.requestTimestampNanos();
            Verdict v = decider.decide(flow, tx, 0, now);
            blocked += v.action() == Action.BLOCK ? 1 : 0;
            alerts += v.alertCount();
            downgraded += v.protectedDowngrade() ? 1 : 0;
            Verdict r = decider.decideResponse(flow, tx, 0, now);
            alerts += r.alertCount();
            blocked += r.action() == Action.BLOCK ? 1 : 0;
        }

        @Override
        public void onAnomaly(ModbusSession s, ModbusAnomaly a, boolean toServer, long ts, int id, long detail) {
        }
    }

    @Test
    void warmDecisionsAllocateNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counter absent: skipped");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counter unsupported: skipped");
        threads.setThreadAllocatedMemoryEnabled(true);

        Judging judging = new Judging();
        ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, judging, null);
        MemorySegment[] requests = {
            segment(Rig.adu(1, 1, "03 0064 000A")),
            segment(Rig.adu(2, 1, "10 00C8 0003 06 0064 03B6 0005")),
            segment(Rig.adu(3, 1, "0F 0064 000A 02 CD 01")),
            segment(Rig.adu(4, 1, "04 0008 0001")),
        };
        MemorySegment[] responses = {
            segment(Rig.adu(1, 1, "03 14 0001 0002 0003 0004 0005 0006 0007 0008 0009 000A")),
            segment(Rig.adu(2, 1, "10 00C8 0003")),
            segment(Rig.adu(3, 1, "0F 0064 000A")),
            segment(Rig.adu(4, 1, "84 02")),
        };

        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            run(session, requests, responses, round);
            best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(judging.decider.decisions()).isEqualTo(10L * TRANSACTIONS);
        assertThat(judging.blocked).as("FC 4 answered with an exception is blocked").isPositive();
        assertThat(judging.downgraded).as("FC 15 coil writes are protected").isPositive();
        assertThat(judging.alerts).as("the loop really fires rules").isGreaterThan(TRANSACTIONS);
        assertThat(best).as("bytes allocated by %d warm transactions", TRANSACTIONS).isLessThan(1024);
    }

    private static void run(ModbusSession session, MemorySegment[] requests, MemorySegment[] responses, int round) {
        long ts = round * 1_000L * TRANSACTIONS;
        for (int i = 0; i < TRANSACTIONS; i++) {
            int kind = i & 3;
            session.onData(true, requests[kind], 0, (int) requests[kind].byteSize(), ts);
            session.onData(false, responses[kind], 0, (int) responses[kind].byteSize(), ts + 500);
            ts += 1_000;
        }
    }

    private static MemorySegment segment(byte[] bytes) {
        return MemorySegment.ofArray(bytes);
    }
}
