package io.statewall.benchmarks.workload;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * Writes a large, realistic, deterministic Modbus/TCP capture: SCADA masters polling PLCs and
 * serial gateways (see {@link ScadaPair} for the behaviour), classic pcap, Ethernet/IPv4/TCP with
 * valid checksums. Same {@link WorkloadOptions}, same bytes.
 *
 * <p>Each pair simulates a scan cycle at a time into its own queue; a priority queue on the
 * next timestamp (ties broken by pair index) merges them into one time-ordered stream, written
 * through one large buffer.
 *
 * <pre>
 * ModbusWorkloadGenerator [--packets N] [--pairs N] [--seed N] [--out FILE]
 * </pre>
 */
public final class ModbusWorkloadGenerator {
    /** 2025-03-03 06:00:00 UTC, the start of a morning shift. */
    public static final long START_MICROS = 1_740_981_600_000_000L;
    public static final String DEFAULT_OUT = "modbus-workload.pcap";

    private static final int WRITE_BUFFER_BYTES = 8 << 20;
    /** One SCADA master (a Linux server) polls up to this many pairs. */
    private static final int PAIRS_PER_MASTER = 5;
    /** Closing a connection takes three segments; kept in reserve so the target is not overshot. */
    private static final int CLOSE_SEGMENTS = 3;

    private ModbusWorkloadGenerator() {}

    /** Generates the capture into {@code out} (replaced if present) and returns what it contains. */
    public static WorkloadSummary write(Path out, WorkloadOptions options) throws IOException {
        WorkloadStats stats = new WorkloadStats();
        ScadaPair[] pairs = createPairs(options, stats);
        PriorityQueue<ScadaPair> next = new PriorityQueue<>(pairs.length,
                Comparator.comparingLong(ScadaPair::headTimestamp).thenComparingInt(ScadaPair::index));
        long reserve = (long) CLOSE_SEGMENTS * pairs.length;
        long staged = 0;
        for (ScadaPair p : pairs) {
            p.stageNext(true);
            staged += p.queue().size();
            if (!p.queue().isEmpty()) {
                next.add(p);
            }
        }
        long first = -1;
        long last = -1;
        PcapFileWriter writer = new PcapFileWriter(out, WRITE_BUFFER_BYTES);
        try (writer) {
            while (!next.isEmpty()) {
                ScadaPair p = next.poll();
                FrameQueue q = p.queue();
                last = q.headTimestamp();
                if (first < 0) {
                    first = last;
                }
                q.writeHead(writer);
                while (q.isEmpty() && !p.finished()) {
                    p.stageNext(staged + reserve < options.packets());
                    staged += q.size();
                }
                if (!q.isEmpty()) {
                    next.add(p);
                }
            }
        }
        return WorkloadSummary.of(stats, writer.packets(), writer.frameBytes(), writer.fileBytes(), first, last,
                pairs.length);
    }

    private static ScadaPair[] createPairs(WorkloadOptions options, WorkloadStats stats) {
        int masters = (options.pairs() + PAIRS_PER_MASTER - 1) / PAIRS_PER_MASTER;
        Host[] masterHosts = new Host[masters];
        long[] tsOrigins = new long[masters];
        Rng plant = Rng.derive(options.seed(), -1);
        for (int m = 0; m < masters; m++) {
            masterHosts[m] = new Host(Host.ipv4(10, 10, 1, 10 + m), 0x02005A000000L | m, 64);
            tsOrigins[m] = plant.nextLong() & 0xFFFF_FFFFL;
        }
        // Serial gateways: about one pair in ten, never the first, so that one-pair captures are PLCs.
        ScadaPair[] pairs = new ScadaPair[options.pairs()];
        for (int i = 0; i < pairs.length; i++) {
            boolean gateway = i % 10 == 7;
            pairs[i] = new ScadaPair(i, options.seed(), stats, masterHosts[i % masters], tsOrigins[i % masters],
                    START_MICROS, gateway);
        }
        return pairs;
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The command line; returns 0 on success, 2 for a bad argument or an unwritable file. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        WorkloadOptions options = WorkloadOptions.DEFAULT;
        Path file = Path.of(DEFAULT_OUT);
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    case "--packets" -> options = options.withPackets(number(a, args, ++i));
                    case "--pairs" -> options = options.withPairs(Math.toIntExact(Math.min(Integer.MAX_VALUE, number(a, args, ++i))));
                    case "--seed" -> options = options.withSeed(number(a, args, ++i));
                    case "--out", "-o" -> file = Path.of(value(a, args, ++i));
                    default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("modbus-workload: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        long started = System.nanoTime();
        WorkloadSummary summary;
        try {
            summary = write(file, options);
        } catch (IOException e) {
            err.println("modbus-workload: cannot write " + file + ": " + e.getMessage());
            return 2;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "wrote %s in %.2f s (seed %d)%n", file, seconds, options.seed());
        out.print(summary.format());
        return 0;
    }

    private static String usage() {
        return "usage: ModbusWorkloadGenerator [--packets N (default " + WorkloadOptions.DEFAULT_PACKETS
                + ")] [--pairs N (default " + WorkloadOptions.DEFAULT_PAIRS + ", at most " + WorkloadOptions.MAX_PAIRS
                + ")] [--seed N (default " + WorkloadOptions.DEFAULT_SEED + ")] [--out FILE (default " + DEFAULT_OUT + ")]";
    }

    private static String value(String option, String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** Digits with optional '_' or ',' separators: 2_000_000 and 2,000,000 both read. */
    private static long number(String option, String[] args, int i) {
        String v = value(option, args, i);
        try {
            return Long.parseLong(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not '" + v + "'");
        }
    }
}
