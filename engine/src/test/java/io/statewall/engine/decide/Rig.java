package io.statewall.engine.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.policy.Action;
import io.statewall.engine.policy.Network;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusLimits;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * Test plumbing: policies from YAML through the real loader, transactions from real ADU bytes
 * through a real {@link ModbusSession}, verdicts copied out while the flyweight is valid.
 */
final class Rig {
    /** Assets every snippet may name. */
    static final String ASSETS = """
            statewall: 1
            name: test
            assets:
              hmi:     { ip: 10.0.0.1 }
              eng:     { ip: 10.0.0.9 }
              plc:     { ip: 10.0.0.2 }
              plc-alt: { ip: 10.0.0.2, port: 5020 }
              scada:   { network: 10.0.0.0/28 }
              plc6:    { ip: "fd00::2" }
              net6:    { network: "fd00::/64" }
            """;

    private Rig() {}

    static Policy parse(String yaml) {
        try {
            return PolicyLoader.parse(yaml, "test.yaml");
        } catch (PolicyException e) {
            throw new AssertionError("test policy does not load: " + e.getMessage() + "\n" + yaml, e);
        }
    }

    static CompiledPolicy compile(String yaml) {
        return CompiledPolicy.compile(parse(yaml));
    }

    /** {@code client>server:port}; IPv6 literals in brackets: {@code [fd00::1]>[fd00::2]:502}. */
    static FlowContext flow(String spec) {
        String[] sides = spec.split(">");
        String server = sides[1];
        int colon = server.lastIndexOf(':');
        Network c = Network.parse(strip(sides[0]));
        Network s = Network.parse(strip(server.substring(0, colon)));
        int port = Integer.parseInt(server.substring(colon + 1));
        if (c.version() != s.version()) {
            throw new IllegalArgumentException("mixed IP versions: " + spec);
        }
        return new FlowContext().set(1, c.version(), c.hi(), c.lo(), 40_000, s.hi(), s.lo(), port, 6, "modbus");
    }

    private static String strip(String host) {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** One ADU: MBAP (transaction id, protocol 0, length, unit) + PDU in hex (spaces ignored). */
    static byte[] adu(int transactionId, int unit, String pduHex) {
        byte[] pdu = HexFormat.of().parseHex(pduHex.replace(" ", ""));
        byte[] adu = new byte[7 + pdu.length];
        adu[0] = (byte) (transactionId >>> 8);
        adu[1] = (byte) transactionId;
        adu[4] = (byte) ((pdu.length + 1) >>> 8);
        adu[5] = (byte) (pdu.length + 1);
        adu[6] = (byte) unit;
        System.arraycopy(pdu, 0, adu, 7, pdu.length);
        return adu;
    }

    /**
     * Runs one exchange through a fresh session and hands the transaction to {@code use} while
     * it is valid. "-" (or blank) for an absent side; a lone request is closed by the end of flow.
     */
    static void exchange(int unit, String requestPdu, String responsePdu, Consumer<ModbusTransaction> use) {
        int[] seen = {0};
        ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, new ModbusListener() {
            @Override
            public void onTransaction(ModbusSession s, ModbusTransaction tx) {
                seen[0]++;
                use.accept(tx);
            }

            @Override
            public void onAnomaly(ModbusSession s, ModbusAnomaly a, boolean toServer, long ts, int id, long detail) {
            }
        }, null);
        if (present(requestPdu)) {
            feed(session, true, adu(7, unit, requestPdu));
        }
        if (present(responsePdu)) {
            feed(session, false, adu(7, unit, responsePdu));
        }
        session.onEnd(3_000);
        assertThat(seen[0]).as("transactions from %s / %s", requestPdu, responsePdu).isEqualTo(1);
    }

    private static boolean present(String pdu) {
        return pdu != null && !pdu.isBlank() && !pdu.strip().equals("-");
    }

    private static void feed(ModbusSession session, boolean toServer, byte[] adu) {
        int consumed = session.onData(toServer, MemorySegment.ofArray(adu), 0, adu.length, 1_000);
        assertThat(consumed).isEqualTo(adu.length);
    }

    /** A verdict copied out of the reused view. */
    record Outcome(Action action, String rule, List<String> alerts, int dropped, String protectedBy, long generation) {
        static Outcome of(Verdict v) {
            List<String> alerts = new ArrayList<>();
            for (int i = 0; i < v.alertCount(); i++) {
                alerts.add(v.alert(i).id());
            }
            return new Outcome(v.action(), v.decidingRuleId(), List.copyOf(alerts), v.alertsDropped(), v.protectedId(),
                    v.generation());
        }

        @Override
        public String toString() {
            return action + " by " + rule + " alerts " + alerts + (protectedBy == null ? "" : " protected " + protectedBy);
        }
    }

    /** Request and response verdicts of one transaction. */
    record Both(Outcome request, Outcome response) {}

    /** A decider over one policy, for tables. */
    static final class Judge {
        final PolicyHolder holder;
        final Decider decider;

        Judge(CompiledPolicy policy) {
            holder = new PolicyHolder(policy);
            decider = new Decider(holder);
        }

        Judge(String yaml) {
            this(compile(yaml));
        }

        int state(String name) {
            int id = holder.policy().stateId(name);
            assertThat(id).as("state %s", name).isNotNegative();
            return id;
        }

        Both judge(String flow, int unit, String requestPdu, String responsePdu, String state, long now) {
            FlowContext f = flow(flow);
            int stateId = state(state);
            Both[] out = new Both[1];
            exchange(unit, requestPdu, responsePdu, tx -> out[0] = new Both(
                    Outcome.of(decider.decide(f, tx, stateId, now)),
                    Outcome.of(decider.decideResponse(f, tx, stateId, now))));
            return out[0];
        }

        Outcome request(String flow, String requestPdu) {
            return judge(flow, 1, requestPdu, "-", "unknown", 0).request();
        }
    }
}
