package io.statewall.engine.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusLimits;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Test plumbing: turns {@link Exchange}s into real Modbus/TCP ADUs fed through one real
 * {@link ModbusSession} per client/server pair, and hands each paired transaction, while its
 * flyweight is valid, to a consumer, as the passive sensor does.
 */
final class Traffic {
    /** Receives every transaction with its flow (src = client, dest = server). */
    @FunctionalInterface
    interface Consumer {
        void accept(FlowContext flow, ModbusTransaction tx);
    }

    /**
     * One exchange: {@code request} and {@code response} are PDUs (function code first), either
     * may be null for an absent side; times in nanoseconds of capture time.
     */
    record Exchange(int client, int server, int port, int unit, byte[] request, byte[] response, long requestAt,
                    long responseAt) {
        Exchange withResponse(byte[] pdu) {
            return new Exchange(client, server, port, unit, request, pdu, requestAt, responseAt);
        }

        Exchange withRequest(byte[] pdu) {
            return new Exchange(client, server, port, unit, pdu, response, requestAt, responseAt);
        }

        Exchange at(long requestNanos, long responseNanos) {
            return new Exchange(client, server, port, unit, request, response, requestNanos, responseNanos);
        }

        Exchange from(int otherClient) {
            return new Exchange(otherClient, server, port, unit, request, response, requestAt, responseAt);
        }

        /** The request's function code. */
        int function() {
            return (request != null ? request : response)[0] & 0x7F;
        }
    }

    private final Consumer consumer;
    private final Map<Long, Link> links = new HashMap<>();
    private long transactions;

    private final class Link implements ModbusListener {
        final FlowContext flow = new FlowContext();
        final ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, this, null);
        int transactionId;

        Link(int client, int server, int port, long flowId) {
            flow.set(flowId, 4, 0, client & 0xFFFF_FFFFL, 40_000, 0, server & 0xFFFF_FFFFL, port, 6, "modbus");
        }

        @Override
        public void onTransaction(ModbusSession s, ModbusTransaction tx) {
            transactions++;
            consumer.accept(flow, tx);
        }

        @Override
        public void onAnomaly(ModbusSession s, ModbusAnomaly anomaly, boolean toServer, long ts, int id, long detail) {
        }
    }

    Traffic(Consumer consumer) {
        this.consumer = consumer;
    }

    long transactions() {
        return transactions;
    }

    void feed(List<Exchange> exchanges) {
        for (Exchange e : exchanges) {
            feed(e);
        }
    }

    void feed(Exchange e) {
        long key = (e.client() & 0xFFFF_FFFFL) << 32 | (e.server() & 0xFFFF_FFFFL) ^ (long) e.port() << 48;
        Link link = links.computeIfAbsent(key, k -> new Link(e.client(), e.server(), e.port(), links.size() + 1));
        link.transactionId = (link.transactionId + 1) & 0xFFFF;
        if (e.request() != null) {
            send(link.session, true, adu(link.transactionId, e.unit(), e.request()), e.requestAt());
        }
        if (e.response() != null) {
            send(link.session, false, adu(link.transactionId, e.unit(), e.response()), e.responseAt());
        } else {
            // A request left unanswered: the end of the flow reports it.
            link.session.onEnd(e.requestAt() + 1);
        }
    }

    private static void send(ModbusSession session, boolean toServer, byte[] adu, long at) {
        int consumed = session.onData(toServer, MemorySegment.ofArray(adu), 0, adu.length, at);
        assertThat(consumed).as("ADU consumed").isEqualTo(adu.length);
    }

    static byte[] adu(int transactionId, int unit, byte[] pdu) {
        byte[] adu = new byte[7 + pdu.length];
        adu[0] = (byte) (transactionId >>> 8);
        adu[1] = (byte) transactionId;
        adu[4] = (byte) ((pdu.length + 1) >>> 8);
        adu[5] = (byte) (pdu.length + 1);
        adu[6] = (byte) unit;
        System.arraycopy(pdu, 0, adu, 7, pdu.length);
        return adu;
    }

    // ---- PDUs (MB-AP §6) ----

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    /** FC 1–4 request: function, starting address, quantity. */
    static byte[] read(int function, int address, int quantity) {
        return new byte[] {(byte) function, (byte) (address >>> 8), (byte) address, (byte) (quantity >>> 8), (byte) quantity};
    }

    /** FC 3/4 response: function, byte count, registers. */
    static byte[] registers(int function, int... values) {
        byte[] pdu = new byte[2 + 2 * values.length];
        pdu[0] = (byte) function;
        pdu[1] = (byte) (2 * values.length);
        for (int i = 0; i < values.length; i++) {
            pdu[2 + 2 * i] = (byte) (values[i] >>> 8);
            pdu[3 + 2 * i] = (byte) values[i];
        }
        return pdu;
    }

    /** FC 1/2 response: function, byte count, the bits packed LSB first. */
    static byte[] bits(int function, int... bits) {
        byte[] pdu = new byte[2 + (bits.length + 7) / 8];
        pdu[0] = (byte) function;
        pdu[1] = (byte) ((bits.length + 7) / 8);
        for (int i = 0; i < bits.length; i++) {
            pdu[2 + i / 8] |= (byte) ((bits[i] & 1) << (i % 8));
        }
        return pdu;
    }

    /** FC 6 request, and its echo as response. */
    static byte[] writeRegister(int address, int value) {
        return new byte[] {6, (byte) (address >>> 8), (byte) address, (byte) (value >>> 8), (byte) value};
    }

    /** FC 16 request: address, quantity, byte count, registers. */
    static byte[] writeRegisters(int address, int... values) {
        byte[] pdu = new byte[6 + 2 * values.length];
        pdu[0] = 16;
        pdu[1] = (byte) (address >>> 8);
        pdu[2] = (byte) address;
        pdu[4] = (byte) values.length;
        pdu[5] = (byte) (2 * values.length);
        for (int i = 0; i < values.length; i++) {
            pdu[6 + 2 * i] = (byte) (values[i] >>> 8);
            pdu[7 + 2 * i] = (byte) values[i];
        }
        return pdu;
    }

    /** FC 16 response: address and quantity echoed. */
    static byte[] wroteRegisters(int address, int quantity) {
        return new byte[] {16, (byte) (address >>> 8), (byte) address, 0, (byte) quantity};
    }
}
