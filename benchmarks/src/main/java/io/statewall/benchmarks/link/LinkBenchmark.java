package io.statewall.benchmarks.link;

import io.statewall.link.Command;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkClient;
import io.statewall.link.LinkClientConfig;
import io.statewall.link.LinkRecord;
import io.statewall.link.LinkServer;
import io.statewall.link.LinkServerConfig;
import io.statewall.link.LinkSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Figures of the NMA-ASMA link on loopback, in one JVM (both ends, real TLS 1.3, real files):
 * <ol>
 *   <li>throughput: one NMA streams EVE-sized records into a file-backed store that appends
 *       and forces every batch to disk before it is acknowledged (what a durable store must
 *       do at least); records/s from the first offer to the last acknowledgement, batches,
 *       and the same with a store that keeps nothing, for the link's own ceiling;</li>
 *   <li>state-push latency: the ASMA sends DeclareState to two connected NMAs, one after the
 *       other; the time from {@code LinkServer.send} to the NMA's handler being called.</li>
 * </ol>
 * {@code java -cp benchmarks/target/jmh-benchmarks.jar io.statewall.benchmarks.link.LinkBenchmark
 * [--records N] [--pushes N]}
 */
public final class LinkBenchmark {
    private LinkBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = 1_000_000;
        int pushes = 1_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[i + 1]);
                case "--pushes" -> pushes = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path tmp = Files.createTempDirectory("statewall-link-bench");
        try {
            System.out.printf(Locale.ROOT, "JVM %s, %d cores%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
            throughput(tmp.resolve("durable"), records, true);
            throughput(tmp.resolve("discard"), records, false);
            pushLatency(tmp.resolve("push"), pushes);
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static LinkServerConfig server(Path dir) {
        return LinkServerConfig.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dir.resolve("asma"))
                .withServerNames(List.of("localhost", "127.0.0.1")).withLog(line -> { });
    }

    private static LinkClientConfig client(LinkServer server, Path dir, String name) throws IOException {
        return LinkClientConfig.of(server.address(), dir.resolve(name))
                .withEnrolToken(server.tokens().issue(name, Duration.ofHours(1))).withLog(line -> { });
    }

    /** A record as the NMA sends an alert: about 450 bytes of EVE JSON. */
    private static byte[] eve(int i) {
        return String.format(Locale.ROOT, "{\"timestamp\":\"2026-03-01T10:00:00.%06d+0000\",\"flow_id\":%d,"
                + "\"event_type\":\"alert\",\"src_ip\":\"10.30.1.10\",\"src_port\":%d,\"dest_ip\":\"10.30.2.20\","
                + "\"dest_port\":502,\"proto\":\"TCP\",\"app_proto\":\"modbus\",\"alert\":{\"action\":\"blocked\","
                + "\"signature_id\":1000001,\"signature\":\"Setpoint written while the unit is locked\",\"category\":"
                + "\"ICS policy violation\",\"severity\":1},\"statewall\":{\"state\":\"normal\",\"rule\":\"setpoint-locked\","
                + "\"detector\":\"policy\",\"verdict\":\"block\",\"attack\":[\"T0836\",\"T0855\"]},\"modbus\":"
                + "{\"request\":{\"transaction_id\":%d,\"unit_id\":1,\"function_code\":6}}}",
                i % 1_000_000, 1_000_000 + i, 40_000 + i % 20_000, i & 0xFFFF).getBytes(StandardCharsets.UTF_8);
    }

    private static void throughput(Path dir, int records, boolean durable) throws Exception {
        Path storeFile = dir.resolve("store.jsonl");
        Files.createDirectories(dir);
        LinkSink sink = durable ? new AppendingSink(storeFile) : new DiscardingSink();
        try (LinkServer server = LinkServer.start(server(dir), sink)) {
            LinkClientConfig config = client(server, dir, "bench-nma").withSpool(4L << 30, 32 << 20);
            try (LinkClient client = LinkClient.start(config, c -> null, null)) {
                if (!client.awaitConnected(true, Duration.ofSeconds(30))) {
                    throw new IllegalStateException("not connected");
                }
                byte[][] lines = new byte[1024][];
                for (int i = 0; i < lines.length; i++) {
                    lines[i] = eve(i);
                }
                long bytes = 0;
                long start = System.nanoTime();
                long last = 0;
                for (int i = 0; i < records; i++) {
                    // The producer keeps to the link's pace, as a real NMA's burst would be absorbed by the queue.
                    while (client.stats().queuedBytes() > (24 << 20)) {
                        Thread.onSpinWait();
                    }
                    byte[] l = lines[i & 1023];
                    last = client.offer(LinkRecord.Kind.EVENT, client.nowNanos(), l, 0, l.length);
                    bytes += l.length;
                }
                if (!client.awaitAcked(last, Duration.ofMinutes(10))) {
                    throw new IllegalStateException("not all acknowledged");
                }
                double s = (System.nanoTime() - start) / 1e9;
                var st = server.stats();
                System.out.printf(Locale.ROOT, "throughput, %s store: %,d records (%,.1f MB of JSON) in %.2f s: %,.0f records/s,"
                        + " %.1f MB/s; %,d batches (%.0f records each); dropped %d%n",
                        durable ? "append+fsync-per-batch" : "discarding", records, bytes / 1e6, s, records / s,
                        bytes / 1e6 / s, st.batches(), (double) st.records() / st.batches(), client.stats().dropped());
            }
        }
    }

    private static void pushLatency(Path dir, int pushes) throws Exception {
        try (LinkServer server = LinkServer.start(server(dir), new DiscardingSink())) {
            long[] invoked = new long[pushes + 1];
            LinkClient[] clients = new LinkClient[2];
            for (int c = 0; c < 2; c++) {
                clients[c] = LinkClient.start(client(server, dir, "nma-" + c), cmd -> {
                    invoked[(int) cmd.id()] = System.nanoTime();
                    return CommandResult.ok(cmd.id(), "declared");
                }, null);
            }
            try {
                for (LinkClient c : clients) {
                    if (!c.awaitConnected(true, Duration.ofSeconds(30))) {
                        throw new IllegalStateException("not connected");
                    }
                }
                // Warm-up: the first commands load classes on both sides.
                for (int i = 0; i < 200; i++) {
                    server.send("nma-" + (i % 2), new Command.DeclareState(0, "normal", "warm-up")).get(10, TimeUnit.SECONDS);
                }
                long[] latency = new long[pushes];
                for (int i = 1; i <= pushes; i++) {
                    String state = i % 2 == 0 ? "normal" : "maintenance";
                    long t0 = System.nanoTime();
                    server.send("nma-" + (i % 2), new Command.DeclareState(i, state, "bench")).get(10, TimeUnit.SECONDS);
                    latency[i - 1] = invoked[i] - t0;
                }
                Arrays.sort(latency);
                System.out.printf(Locale.ROOT, "state push, send() to handler called, %d pushes to 2 NMAs: p50 %.3f ms,"
                        + " p99 %.3f ms, max %.3f ms%n", pushes, latency[pushes / 2] / 1e6,
                        latency[(int) Math.ceil(pushes * 0.99) - 1] / 1e6, latency[pushes - 1] / 1e6);
            } finally {
                for (LinkClient c : clients) {
                    c.close();
                }
            }
        }
    }

    /** Appends every batch as JSON lines and forces it to disk before returning. */
    private static final class AppendingSink implements LinkSink {
        private final FileChannel ch;
        private long stored;

        AppendingSink(Path file) throws IOException {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        @Override
        public synchronized long connected(String nmaId, String remoteAddress) {
            return stored;
        }

        @Override
        public synchronized void store(String nmaId, List<LinkRecord> batch) throws IOException {
            StringBuilder s = new StringBuilder(batch.size() * 500);
            for (LinkRecord r : batch) {
                if (r.seq() > stored) {
                    s.append(r.json()).append('\n');
                    stored = r.seq();
                }
            }
            ByteBuffer b = ByteBuffer.wrap(s.toString().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }

        @Override
        public void disconnected(String nmaId) {
        }
    }

    /** Keeps nothing but each NMA's last seq: the link's own ceiling. */
    private static final class DiscardingSink implements LinkSink {
        private final java.util.concurrent.ConcurrentHashMap<String, Long> stored = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public long connected(String nmaId, String remoteAddress) {
            return stored.getOrDefault(nmaId, 0L);
        }

        @Override
        public void store(String nmaId, List<LinkRecord> batch) {
            stored.put(nmaId, batch.getLast().seq());
        }

        @Override
        public void disconnected(String nmaId) {
        }
    }
}
