package io.statewall.benchmarks.workload;

import java.lang.foreign.MemorySegment;

/**
 * One SCADA master polling one Modbus/TCP server (a PLC, or a serial gateway with several slaves
 * behind it) over one long-lived connection, simulated a scan cycle at a time into its
 * {@link FrameQueue}.
 *
 * <p>The behaviour it reproduces:
 * <ul>
 * <li>a scan cycle every 100 ms..1 s (±300 µs of timer jitter) walks a fixed poll list of
 *     FC 3/4/1/2 block reads, strictly one request outstanding, each next request carrying the
 *     ACK of the previous answer;</li>
 * <li>a PLC answers at the end of its own program scan: 250 µs + uniform(0, scan time) + a
 *     short exponential tail (mean 150 µs), scan times 2..20 ms; a serial gateway ACKs the request at once and answers once the RTU
 *     exchange is over, whose time follows from the bytes on the serial line and its baud rate;</li>
 * <li>after the last answer of a cycle the master's stack ACKs 40 ms later (Linux delayed ACK)
 *     unless the next cycle's request comes first;</li>
 * <li>operator writes in about 8 % of cycles (set-points by FC 6 and FC 16, commands by FC 5,
 *     interlock bypasses by FC 15), rare configuration writes, rare reads past the end of the
 *     map (exception 02), rare device identification (FC 43/14; some devices lack it: exception
 *     01), a busy PLC (exception 06) or a silent slave behind a gateway (exception 0B);</li>
 * <li>a connection lives a minute plus an exponential 20 minutes on average, then the master
 *     closes it (FIN) and reconnects from a new ephemeral port 0.5..5 s later.</li>
 * </ul>
 */
final class ScadaPair {
    static final int MODBUS_PORT = 502;

    private static final int CLIENT_WINDOW = 64_240;
    private static final long CONNECTION_MIN_MICROS = 60_000_000L;
    private static final double CONNECTION_MEAN_EXTRA_MICROS = 20 * 60_000_000.0;
    private static final long DELAYED_ACK_MICROS = 40_000L;
    private static final double WRITE_CYCLE_P = 0.08;
    private static final double CONFIG_WRITE_CYCLE_P = 0.0015;
    private static final double OUT_OF_RANGE_READ_CYCLE_P = 0.001;
    private static final double DEVICE_ID_CYCLE_P = 0.0005;
    private static final double PLC_BUSY_P = 0.0003;
    private static final double GATEWAY_SLAVE_SILENT_P = 0.0005;
    private static final long GATEWAY_TIMEOUT_MICROS = 500_000L;
    /** RTU framing: address byte + PDU + CRC-16, and 3.5 character times of silence per frame. */
    private static final int RTU_OVERHEAD_CHARS = 3;
    private static final double RTU_SILENCE_CHARS = 3.5;

    private static final String[] VENDORS = {"Northwind Automation", "Contoso Industrial", "Fabrikam Controls",
        "Tailspin Process Systems"};
    private static final String[] PRODUCTS = {"NW-PLC 540", "CI-M200", "FC-RTU 18", "TPS-3100"};

    private final int index;
    private final Rng rng;
    private final WorkloadStats stats;
    private final FrameQueue queue = new FrameQueue(64 * 1024);
    private final TcpConnection tcp;
    private final boolean gateway;
    private final int[] unitIds;
    private final ModbusDevice[] devices;
    private final int[] pollDevice;
    private final int[] pollFunction;
    private final int[] pollStart;
    private final int[] pollQuantity;
    private final long periodMicros;
    private final int plcScanMicros;
    private final int serialCharMicros;
    private final int serverWindow;
    private final long masterTsOrigin;

    private final MemorySegment request = MemorySegment.ofArray(new byte[ModbusAdu.MAX_ADU_BYTES]);
    private final MemorySegment response = MemorySegment.ofArray(new byte[ModbusAdu.MAX_ADU_BYTES]);
    private final int[] registerValues = new int[8];

    private long t;
    private long connectionEndsAt;
    private long reconnectAt;
    private int transactionId;
    private boolean finished;

    ScadaPair(int index, long seed, WorkloadStats stats, Host master, long masterTsOrigin, long startMicros,
              boolean gateway) {
        this.index = index;
        this.rng = Rng.derive(seed, index);
        this.stats = stats;
        this.gateway = gateway;
        this.masterTsOrigin = masterTsOrigin;
        Host server = new Host(Host.ipv4(10, 10, 2 + index / 200, 10 + index % 200),
                0x02005C000000L | index, rng.pick(64, 60, 128, 255));
        this.tcp = new TcpConnection(queue, master, server, MODBUS_PORT, rng.pick(1460, 1460, 1024, 536),
                rng.nextInt(65_536));
        this.serverWindow = rng.pick(2048, 4096, 5840, 8192);

        if (gateway) {
            int slaves = rng.between(4, 8);
            unitIds = new int[slaves];
            devices = new ModbusDevice[slaves];
            for (int u = 0; u < slaves; u++) {
                unitIds[u] = u + 1;
                devices[u] = newDevice(rng.chance(0.3), 0.0, 1200, 256, 256, 256);
            }
            periodMicros = 1_000_000L;
            plcScanMicros = 0;
            serialCharMicros = 11_000_000 / rng.pick(9600, 19_200, 19_200, 38_400); // 8 data bits, parity, start, stop
        } else {
            unitIds = new int[] {rng.pick(1, 1, 1, 0, 255)};
            devices = new ModbusDevice[] {newDevice(rng.chance(0.6), PLC_BUSY_P, rng.pick(1200, 2000, 4096),
                    rng.pick(256, 1000, 2048), rng.pick(256, 512, 1024), rng.pick(256, 512))};
            periodMicros = 1000L * rng.pick(100, 200, 250, 250, 500, 500, 1000);
            plcScanMicros = rng.pick(2000, 5000, 10_000, 20_000);
            serialCharMicros = 0;
        }

        int blocks = 0;
        int[] perDevice = new int[devices.length];
        for (int d = 0; d < devices.length; d++) {
            perDevice[d] = gateway ? rng.between(1, 2) : rng.between(4, 9);
            blocks += perDevice[d];
        }
        pollDevice = new int[blocks];
        pollFunction = new int[blocks];
        pollStart = new int[blocks];
        pollQuantity = new int[blocks];
        int b = 0;
        for (int d = 0; d < devices.length; d++) {
            for (int k = 0; k < perDevice[d]; k++, b++) {
                choosePollBlock(b, d);
            }
        }
        this.t = startMicros + (long) (rng.nextDouble() * periodMicros);
    }

    private ModbusDevice newDevice(boolean identifies, double busy, int holding, int input, int coils, int discrete) {
        ProcessImage image = new ProcessImage(rng, holding, input, coils, discrete);
        if (!identifies) {
            return new ModbusDevice(rng, image, busy, null, null, null);
        }
        int v = rng.nextInt(VENDORS.length);
        String revision = "V" + rng.between(1, 4) + "." + rng.between(0, 12) + "." + rng.between(0, 30);
        return new ModbusDevice(rng, image, busy, VENDORS[v], PRODUCTS[v], revision);
    }

    /** FC 3 : 4 : 1 : 2 as 55 : 20 : 13 : 12; blocks start on even addresses, inside the map. */
    private void choosePollBlock(int b, int d) {
        ModbusDevice device = devices[d];
        int r = rng.nextInt(100);
        int fc;
        int quantity;
        int size;
        // Serial slaves are small devices read over a slow line: short blocks.
        if (r < 55) {
            fc = ModbusAdu.READ_HOLDING_REGISTERS;
            quantity = gateway ? rng.pick(2, 4, 8, 10, 16, 20)
                    : rng.pick(2, 4, 8, 10, 10, 16, 20, 24, 32, 40, 50, 64, 100, 125);
            size = device.holdingCount();
        } else if (r < 75) {
            fc = ModbusAdu.READ_INPUT_REGISTERS;
            quantity = gateway ? rng.pick(2, 4, 8, 10) : rng.pick(2, 4, 8, 10, 16, 20, 32, 50, 64);
            size = device.inputCount();
        } else if (r < 88) {
            fc = ModbusAdu.READ_COILS;
            quantity = gateway ? rng.pick(8, 16) : rng.pick(8, 16, 16, 32, 64, 128);
            size = device.coilCount();
        } else {
            fc = ModbusAdu.READ_DISCRETE_INPUTS;
            quantity = gateway ? rng.pick(8, 16, 32) : rng.pick(8, 16, 16, 32, 64, 128, 256);
            size = device.discreteCount();
        }
        pollDevice[b] = d;
        pollFunction[b] = fc;
        pollQuantity[b] = quantity;
        pollStart[b] = rng.nextInt((size - quantity) / 2 + 1) * 2;
    }

    int index() {
        return index;
    }

    FrameQueue queue() {
        return queue;
    }

    long headTimestamp() {
        return queue.headTimestamp();
    }

    boolean finished() {
        return finished;
    }

    /**
     * Stages the next step: a scan cycle (opening the connection first if needed, closing it
     * after if its time is up), or, once {@code keepPolling} is false, the final close.
     */
    void stageNext(boolean keepPolling) {
        if (finished) {
            return;
        }
        if (!keepPolling) {
            if (tcp.isOpen()) {
                close();
            }
            finished = true;
            return;
        }
        if (!tcp.isOpen()) {
            t = Math.max(t, reconnectAt);
            open();
        }
        scanCycle();
        if (t >= connectionEndsAt) {
            close();
            reconnectAt = t + rng.between(500_000, 5_000_000);
        }
    }

    private void open() {
        int port;
        do {
            port = rng.between(32_768, 60_999);
        } while (port == tcp.clientPort());
        tcp.reset(port, rng.nextLong(), rng.nextLong(), rng.nextInt(65_536), masterTsOrigin, CLIENT_WINDOW,
                serverWindow);
        tcp.clientSyn(t);
        t += rng.between(150, 900);
        tcp.serverSynAck(t);
        t += rng.between(20, 120);
        tcp.clientHandshakeAck(t);
        t += rng.between(200, 3000);
        transactionId = rng.chance(0.7) ? 1 : rng.nextInt(65_536);
        connectionEndsAt = t + CONNECTION_MIN_MICROS + (long) rng.exponential(CONNECTION_MEAN_EXTRA_MICROS);
        stats.connections++;
    }

    private void close() {
        tcp.clientFin(t);
        t += rng.between(150, 900);
        tcp.serverFin(t);
        t += rng.between(20, 120);
        tcp.clientAck(t);
    }

    private void scanCycle() {
        long cycleStart = t;
        int extrasAt = rng.nextInt(pollDevice.length + 1);
        for (int b = 0; b <= pollDevice.length; b++) {
            if (b == extrasAt) {
                unscheduledRequests();
            }
            if (b < pollDevice.length) {
                int len = ModbusAdu.readRequest(request, ModbusAdu.MBAP_BYTES, pollFunction[b], pollStart[b], pollQuantity[b]);
                transaction(pollDevice[b], len);
            }
        }
        long nextCycle = cycleStart + periodMicros + rng.between(-300, 300);
        if (nextCycle - t > DELAYED_ACK_MICROS + 5_000) {
            t += DELAYED_ACK_MICROS + rng.between(0, 2000);
            tcp.clientAck(t);
            stats.delayedAcks++;
        }
        t = Math.max(nextCycle, t + rng.between(80, 1200));
    }

    /** What the operator, the engineer or a curious tool adds to this cycle, if anything. */
    private void unscheduledRequests() {
        if (rng.chance(WRITE_CYCLE_P)) {
            int d = rng.nextInt(devices.length);
            transaction(d, OperatorWrites.next(rng, devices[d].image(), request, ModbusAdu.MBAP_BYTES, registerValues));
        }
        if (rng.chance(CONFIG_WRITE_CYCLE_P)) {
            int d = rng.nextInt(devices.length);
            int len = ModbusAdu.writeSingleRegister(request, ModbusAdu.MBAP_BYTES,
                    rng.between(ProcessImage.CONFIG, ProcessImage.CONFIG_END - 1), rng.pick(0, 1, 10, 100, 500, 1000, 19_200));
            transaction(d, len);
        }
        if (rng.chance(OUT_OF_RANGE_READ_CYCLE_P)) {
            int d = rng.nextInt(devices.length);
            int len = ModbusAdu.readRequest(request, ModbusAdu.MBAP_BYTES, ModbusAdu.READ_HOLDING_REGISTERS,
                    devices[d].holdingCount() - 10, 20);
            transaction(d, len);
        }
        if (rng.chance(DEVICE_ID_CYCLE_P)) {
            int d = rng.nextInt(devices.length);
            transaction(d, ModbusAdu.readDeviceIdentification(request, ModbusAdu.MBAP_BYTES, 0x01, 0x00));
        }
    }

    /** One request and its answer; the request PDU is already in place after the MBAP header. */
    private void transaction(int d, int requestPduLength) {
        int tid = transactionId;
        transactionId = (transactionId + 1) & 0xFFFF;
        int unit = unitIds[d];
        int requestFunction = Byte.toUnsignedInt(request.get(Layouts.U8, ModbusAdu.MBAP_BYTES));
        ModbusAdu.mbap(request, 0, tid, unit, requestPduLength);
        tcp.clientData(t, request, ModbusAdu.MBAP_BYTES + requestPduLength);

        int responsePduLength;
        if (gateway) {
            t += rng.between(60, 300);
            tcp.serverAck(t);
            stats.gatewayAcks++;
            if (rng.chance(GATEWAY_SLAVE_SILENT_P)) {
                responsePduLength = ModbusAdu.exception(response, ModbusAdu.MBAP_BYTES, requestFunction,
                        ModbusAdu.GATEWAY_TARGET_FAILED_TO_RESPOND);
                t += GATEWAY_TIMEOUT_MICROS;
            } else {
                responsePduLength = devices[d].handle(request, ModbusAdu.MBAP_BYTES, requestPduLength, response,
                        ModbusAdu.MBAP_BYTES);
                double chars = requestPduLength + responsePduLength + 2 * (RTU_OVERHEAD_CHARS + RTU_SILENCE_CHARS);
                t += (long) (chars * serialCharMicros) + rng.between(3000, 12_000);
            }
        } else {
            responsePduLength = devices[d].handle(request, ModbusAdu.MBAP_BYTES, requestPduLength, response,
                    ModbusAdu.MBAP_BYTES);
            t += 250 + rng.nextInt(plcScanMicros) + (long) rng.exponential(150);
        }
        ModbusAdu.mbap(response, 0, tid, unit, responsePduLength);
        tcp.serverData(t, response, ModbusAdu.MBAP_BYTES + responsePduLength);
        stats.transaction(requestFunction, Byte.toUnsignedInt(response.get(Layouts.U8, ModbusAdu.MBAP_BYTES)),
                Byte.toUnsignedInt(response.get(Layouts.U8, ModbusAdu.MBAP_BYTES + 1)));
        t += rng.between(80, 1200);
    }
}
