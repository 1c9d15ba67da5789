package io.statewall.benchmarks.asma;

import io.statewall.asma.store.IngestRecord;
import io.statewall.asma.store.Store;
import io.statewall.asma.store.StoreOptions;
import io.statewall.benchmarks.workload.ModbusWorkloadGenerator;
import io.statewall.benchmarks.workload.WorkloadOptions;
import io.statewall.cli.Statewall;
import io.statewall.link.LinkLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * How fast the ASMA's store takes events, as the link delivers them. Real EVE lines first: the
 * workload generator's Modbus/TCP capture analysed by {@code statewall analyze} with the
 * benchmark policy ({@code examples/modbus-bench.yaml}: every write alerts), keeping {@code alert}
 * and {@code modbus} records. Then several NMAs, one thread each, replay those lines into a fresh
 * store in batches cut as the link cuts them ({@link LinkLimits#DEFAULT}: 4,096 records or 1 MiB),
 * each NMA waiting for its batch to be committed before sending the next (the link's contract:
 * one batch in flight per NMA, acknowledged after commit). Reported for each sync mode: events/s
 * over the whole run, and the CPU it took per event, in all and on the store's one writer thread
 * (whose inverse bounds the rate whatever else the machine does: the machine is shared, and its
 * load average is printed beside the figures).
 *
 * <pre>
 * java -cp benchmarks/target/jmh-benchmarks.jar io.statewall.benchmarks.asma.AsmaIngestBenchmark \
 *     [--events 1000000] [--nmas 8] [--packets 400000] [--sync full,normal] [--json plain,deflate] [--runs 3]
 *     [--dir bench-out/asma]
 * </pre>
 */
public final class AsmaIngestBenchmark {
    private AsmaIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        long events = Long.parseLong(o.getOrDefault("--events", "1000000"));
        int nmas = Integer.parseInt(o.getOrDefault("--nmas", "8"));
        long packets = Long.parseLong(o.getOrDefault("--packets", "400000"));
        int runs = Integer.parseInt(o.getOrDefault("--runs", "3"));
        List<String> syncs = List.of(o.getOrDefault("--sync", "full,normal").split(","));
        List<String> codecs = List.of(o.getOrDefault("--json", "plain").split(","));
        Path dir = Path.of(o.getOrDefault("--dir", "bench-out/asma"));
        Files.createDirectories(dir);

        List<String> lines = eveLines(dir, packets);
        long alerts = lines.stream().filter(l -> l.contains("\"event_type\":\"alert\"")).count();
        double meanBytes = lines.stream().mapToInt(String::length).average().orElse(0);
        System.out.printf(Locale.ROOT, "EVE lines: %,d (%,d alerts, %,d modbus), %.0f bytes on average%n", lines.size(),
                alerts, lines.size() - alerts, meanBytes);
        System.out.printf(Locale.ROOT, "ingest: %,d events from %d NMAs, link batches of up to %,d records / %,d bytes%n",
                events, nmas, LinkLimits.DEFAULT.batchRecords(), LinkLimits.DEFAULT.batchBytes());
        for (String sync : syncs) {
          for (String codec : codecs) {
            List<double[]> results = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                results.add(run(dir.resolve("store-" + sync + "-" + codec + "-" + r), lines, events, nmas,
                        sync.equals("full"), codec.equals("deflate")));
            }
            results.sort(Comparator.comparingDouble(x -> x[0]));
            double[] median = results.get(results.size() / 2);
            System.out.printf(Locale.ROOT, "sync=%-6s json=%-7s events/s: median %,.0f (runs: %s); CPU %.1f µs per event,"
                    + " of which the writer thread %.1f µs (its ceiling: %,.0f events/s); %.0f bytes per event on disk;"
                    + " load average %.1f%n", sync, codec, median[0],
                    results.stream().map(x -> String.format(Locale.ROOT, "%,.0f", x[0])).toList(), median[1], median[3],
                    1e6 / median[3], median[2],
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
          }
        }
    }

    /** One run into a fresh store; returns events/s, the process's CPU µs per event, and bytes per event on disk. */
    static double[] run(Path storeDir, List<String> lines, long events, int nmas, boolean fullSync, boolean compress)
            throws Exception {
        delete(storeDir);
        long perNma = events / nmas;
        try (Store store = Store.open(storeDir, new StoreOptions(fullSync, 2, StoreOptions.DEFAULT.maxGroupRecords(),
                StoreOptions.DEFAULT.queueCapacity(), compress))) {
            ExecutorService pool = Executors.newFixedThreadPool(nmas);
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long writer0 = writerCpu();
            long start = System.nanoTime();
            List<Future<Long>> done = new ArrayList<>();
            for (int n = 0; n < nmas; n++) {
                String name = "nma-" + n;
                int offset = (int) ((long) lines.size() * n / nmas);
                done.add(pool.submit(() -> feed(store, name, lines, offset, perNma)));
            }
            long stored = 0;
            for (Future<Long> f : done) {
                stored += f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMicros = (os.getProcessCpuTime() - cpu0) / 1e3 / stored;
            double writerMicros = (writerCpu() - writer0) / 1e3 / stored;
            pool.shutdown();
            store.close();
            long bytes;
            try (Stream<Path> s = Files.list(storeDir)) {
                bytes = s.mapToLong(p -> p.toFile().length()).sum();
            }
            return new double[] {stored / seconds, cpuMicros, (double) bytes / stored, writerMicros};
        }
    }

    /** CPU time of the store's writer thread so far, ns. */
    private static long writerCpu() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("statewall-asma-store")) {
                return threads.getThreadCpuTime(t.threadId());
            }
        }
        return 0;
    }

    /** One NMA: batches cut like the link's, each committed before the next is sent. */
    private static long feed(Store store, String nma, List<String> lines, int offset, long count) {
        LinkLimits limits = LinkLimits.DEFAULT;
        long seq = 0;
        long stored = 0;
        int i = offset;
        while (seq < count) {
            List<IngestRecord> batch = new ArrayList<>();
            int bytes = 0;
            while (seq < count && batch.size() < limits.batchRecords()) {
                String line = lines.get(i);
                if (bytes + line.length() > limits.batchBytes() && !batch.isEmpty()) {
                    break;
                }
                batch.add(new IngestRecord(++seq, IngestRecord.Kind.EVENT, System.currentTimeMillis() * 1_000_000L, line));
                bytes += line.length();
                i = (i + 1) % lines.size();
            }
            stored += Store.join(store.ingest(nma, batch)).stored();
        }
        return stored;
    }

    /** The EVE lines of the workload capture as the NMA's analyser writes them (made once, kept in {@code dir}). */
    static List<String> eveLines(Path dir, long packets) throws IOException {
        Path eve = dir.resolve("workload-" + packets + ".eve.json");
        if (!Files.exists(eve)) {
            Path pcap = dir.resolve("workload-" + packets + ".pcap");
            ModbusWorkloadGenerator.write(pcap, WorkloadOptions.DEFAULT.withPackets(packets));
            Path policy = Path.of("examples/modbus-bench.yaml");
            if (!Files.exists(policy)) {
                policy = Path.of("../examples/modbus-bench.yaml");
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Statewall.run(new String[] {"analyze", "--policy", policy.toString(), "--eve", eve.toString(),
                "--eve-types", "alert,modbus", pcap.toString()}, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            if (code != Statewall.OK && code != Statewall.FINDINGS) {
                throw new IOException("statewall analyze failed (" + code + "): " + err);
            }
            Files.delete(pcap);
        }
        return Files.readAllLines(eve);
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        return o;
    }
}
