package io.statewall.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusLimits;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.StringJoiner;

/**
 * Feeds real Modbus/TCP ADUs through a {@link ModbusSession} whose listener applies each
 * transaction to a {@link ProcessImage}: the path the sensor takes.
 */
final class ImageFeed implements ModbusListener {
    static final int CLIENT = 0x0A00_0001; // 10.0.0.1
    static final int SERVER = 0x0A00_0002; // 10.0.0.2

    final ProcessImage image;
    final FlowContext flow = new FlowContext();
    private final ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, this, null);
    private int transactionId;
    /** What the last apply returned, -1 before any. */
    int lastChanged = -1;

    ImageFeed(ProcessImage image) {
        this.image = image;
        flowTo(SERVER, 502);
    }

    ImageFeed() {
        this(new ProcessImage());
    }

    /** Later exchanges go from 10.0.0.1:40000 to this server. */
    ImageFeed flowTo(int serverIpv4, int serverPort) {
        flow.set(1, 4, 0, CLIENT & 0xFFFF_FFFFL, 40_000, 0, serverIpv4 & 0xFFFF_FFFFL, serverPort, 6, "modbus");
        return this;
    }

    /**
     * One exchange on unit 1 at {@code ts}: request then response PDU in hex; "-" for a side
     * that is absent (a request alone is closed by the end of the flow).
     */
    int exchange(String requestPdu, String responsePdu, long ts) {
        return exchange(1, requestPdu, responsePdu, ts);
    }

    int exchange(int unit, String requestPdu, String responsePdu, long ts) {
        lastChanged = -1;
        transactionId++;
        if (!requestPdu.isBlank() && !requestPdu.strip().equals("-")) {
            feed(true, adu(transactionId, unit, requestPdu), ts);
        }
        if (!responsePdu.isBlank() && !responsePdu.strip().equals("-")) {
            feed(false, adu(transactionId, unit, responsePdu), ts + 1_000);
        } else {
            session.onEnd(ts + 1_000);
        }
        return lastChanged;
    }

    /** Exchanges separated by ';', each "request / response". */
    void script(String exchanges) {
        long ts = 1_000_000;
        for (String exchange : exchanges.split(";")) {
            String[] sides = exchange.split("/");
            exchange(sides[0], sides[1], ts);
            ts += 1_000_000;
        }
    }

    void feedRaw(boolean toServer, byte[] bytes, long ts) {
        session.onData(toServer, MemorySegment.ofArray(bytes), 0, bytes.length, ts);
    }

    private void feed(boolean toServer, byte[] adu, long ts) {
        int consumed = session.onData(toServer, MemorySegment.ofArray(adu), 0, adu.length, ts);
        assertThat(consumed).as("ADU consumed").isEqualTo(adu.length);
    }

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

    /** The image as "H107=555 C19=1 …" in id order: area letter (C, D, I, H), address, raw value. */
    String render() {
        StringJoiner out = new StringJoiner(" ");
        for (int id = 0; id < image.size(); id++) {
            PointKey key = image.key(id);
            String letter = switch (key.area()) {
                case COILS -> "C";
                case DISCRETE_INPUTS -> "D";
                case INPUT_REGISTERS -> "I";
                case HOLDING_REGISTERS -> "H";
                default -> "?";
            };
            out.add(letter + key.address() + "=" + image.value(id));
        }
        return out.toString();
    }

    @Override
    public void onTransaction(ModbusSession s, ModbusTransaction tx) {
        lastChanged = image.apply(flow, tx);
    }

    @Override
    public void onAnomaly(ModbusSession s, ModbusAnomaly anomaly, boolean toServer, long ts, int id, long detail) {
    }
}
