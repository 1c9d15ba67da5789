package io.statewall.benchmarks.asma;

import io.statewall.asma.Asma;
import io.statewall.asma.AsmaConfig;
import io.statewall.link.Command;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkClient;
import io.statewall.link.LinkClientConfig;
import io.statewall.link.NmaStatus;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * How long a plant-state change takes to reach every connected NMA, on loopback, in one JVM: a
 * real ASMA (plant file, SQLite store, mutual-TLS link) and {@code --nmas} NMAs (link clients
 * whose command handler applies the declared state). Each change is an operator's declaration of
 * the other of two plant states (what the fusion does on a vote, from the same point on); the
 * figures, per change, after {@code --warmup} unmeasured ones:
 * <ul>
 *   <li>reached: from the declaration to the last NMA's handler applying it;</li>
 *   <li>acknowledged: to the ASMA holding every NMA's answer (the declaration's future).</li>
 * </ul>
 * {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/jmh-benchmarks.jar
 * io.statewall.benchmarks.asma.PlantStateBenchmark [--changes 500] [--nmas 3] [--warmup 50]}
 */
public final class PlantStateBenchmark {
    private PlantStateBenchmark() {}

    public static void main(String[] args) throws Exception {
        int changes = 500;
        int nmas = 3;
        int warmup = 50;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--changes" -> changes = Integer.parseInt(args[i + 1]);
                case "--nmas" -> nmas = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path tmp = Files.createTempDirectory("statewall-plant-bench");
        List<AutoCloseable> open = new ArrayList<>();
        try {
            StringBuilder plant = new StringBuilder("statewall-plant: 1\nname: bench\nstates:\n  open: {}\n  locked: {}\nnmas:\n");
            for (int i = 0; i < nmas; i++) {
                plant.append("  nma-").append(i).append(": { observes: false }\n");
            }
            Path plantFile = tmp.resolve("bench.plant.yaml");
            Files.writeString(plantFile, plant);
            AsmaConfig config = AsmaConfig.DEFAULT.withDataDir(tmp.resolve("asma"))
                    .withApi(new InetSocketAddress("127.0.0.1", 0), AsmaConfig.Tls.OFF)
                    .withLink(new InetSocketAddress("127.0.0.1", 0)).withPlant(plantFile);
            Asma asma = Asma.start(config, new PrintStream(PrintStream.nullOutputStream()));
            open.add(asma);
            // Per NMA, the System.nanoTime() at which its handler applied the latest declaration.
            AtomicLong[] applied = new AtomicLong[nmas];
            for (int i = 0; i < nmas; i++) {
                String name = "nma-" + i;
                AtomicLong at = applied[i] = new AtomicLong();
                LinkClientConfig c = LinkClientConfig.of(asma.linkAddress(), tmp.resolve(name))
                        .withEnrolToken(asma.link().tokens().issue(name, Duration.ofHours(1))).withLog(l -> { });
                open.add(LinkClient.start(c, cmd -> {
                    if (cmd instanceof Command.DeclareState) {
                        at.set(System.nanoTime());
                    }
                    return CommandResult.ok(cmd.id(), "applied");
                }, () -> NmaStatus.UNKNOWN));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (asma.connected().size() < nmas) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the NMAs did not connect");
                }
                Thread.onSpinWait();
            }
            long[] reached = new long[changes];
            long[] acked = new long[changes];
            for (int i = -warmup; i < changes; i++) {
                String state = (i & 1) == 0 ? "open" : "locked";
                long start = System.nanoTime();
                Map<String, String> answers = asma.plant().declare(state, "bench").get(30, TimeUnit.SECONDS);
                long end = System.nanoTime();
                if (answers.size() != nmas || answers.values().stream().anyMatch(a -> !a.startsWith("ok"))) {
                    throw new IllegalStateException("not every NMA applied " + state + ": " + answers);
                }
                if (i >= 0) {
                    long last = Arrays.stream(applied).mapToLong(AtomicLong::get).max().orElseThrow();
                    reached[i] = last - start;
                    acked[i] = end - start;
                }
            }
            System.out.printf(Locale.ROOT, "JVM %s, %d cores, load average %.1f%n", Runtime.version(),
                    Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf(Locale.ROOT, "plant-state changes: %d to %d NMAs (after %d unmeasured)%n", changes, nmas, warmup);
            print("reached every NMA", reached);
            print("acknowledged by every NMA", acked);
        } finally {
            for (AutoCloseable c : open.reversed()) {
                c.close();
            }
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "  %-26s p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, s[s.length / 2] / 1e6,
                s[(int) Math.ceil(s.length * 0.99) - 1] / 1e6, s[s.length - 1] / 1e6);
    }
}
