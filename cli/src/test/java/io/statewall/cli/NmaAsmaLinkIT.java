package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.link.Command;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkRecord;
import io.statewall.link.LinkServer;
import io.statewall.link.LinkServerConfig;
import io.statewall.link.LinkSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code statewall nma --asma HOST:PORT --enrol-token T --data DIR} as an operator runs it (the
 * packaged jar), reporting to a link server in this JVM: it enrols, its heartbeats carry the
 * state it enforces and the plant's variables, a state the ASMA declares becomes its state;
 * restarted without the token it connects with its certificate and numbering goes on.
 */
class NmaAsmaLinkIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void anNmaEnrolsReportsObeysAndComesBackWithItsCertificate() throws Exception {
        Store store = new Store();
        try (LinkServer asma = LinkServer.start(LinkServerConfig.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                dir.resolve("asma")).withServerNames(List.of("127.0.0.1")).withLog(l -> System.err.println("asma: " + l)), store)) {
            String token = asma.tokens().issue("unit3-nma", Duration.ofHours(1));
            String at = "127.0.0.1:" + asma.address().getPort();
            int closed = freePort();
            List<String> nma = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("statewall.jar"), "nma",
                    "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:" + closed,
                    "--policy", Path.of("..", "examples", "thermal-power-unit.yaml").toString(),
                    "--asma", at, "--data", dir.resolve("nma").toString());

            List<String> first = new ArrayList<>(nma);
            first.addAll(List.of("--enrol-token", token));
            Process p = start(first);
            LinkedBlockingQueue<String> err = lines(p);
            awaitLine(err, "reporting to the ASMA at " + at);
            awaitLine(err, "asma link: enrolled as NMA 'unit3-nma'");
            JsonNode beat = store.await(LinkRecord.Kind.HEARTBEAT, h -> h.has("counters"));
            assertThat(beat.path("state").asString()).isEqualTo("unknown");
            assertThat(beat.path("policy_version").asString()).startsWith("file:");
            assertThat(store.await(LinkRecord.Kind.PROCESS, x -> true).path("points").has("drum_pressure")).isTrue();

            CommandResult r = asma.send("unit3-nma", new Command.DeclareState(1, "maintenance", "shift-supervisor"))
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(r.ok()).as(r.detail()).isTrue();
            JsonNode state = store.await(LinkRecord.Kind.EVENT, e -> e.path("event_type").asString().equals("state"));
            assertThat(state.path("state").path("to").asString()).isEqualTo("maintenance");
            assertThat(state.path("state").path("declared_by").asString()).isEqualTo("shift-supervisor");

            // The ASMA pushes a policy and a baseline: both outlive the restart below.
            String policyText = Files.readString(Path.of("..", "examples", "thermal-power-unit.yaml"));
            CommandResult policy = asma.send("unit3-nma", new Command.PushPolicy(2, "v7", policyText))
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(policy.ok()).as(policy.detail()).isTrue();
            String baselineText = io.statewall.engine.baseline.BaselineFile.format(new io.statewall.engine.baseline.Baseline(
                    io.statewall.engine.policy.PolicyLoader.parse(policyText, "thermal-power-unit.yaml").name()));
            CommandResult baseline = asma.send("unit3-nma", new Command.PushBaseline(3, "b4", baselineText))
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(baseline.ok()).as(baseline.detail()).isTrue();
            p.destroy(); // SIGTERM: the last events go to the spool
            assertThat(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            long before = store.last();

            Process again = start(nma);
            LinkedBlockingQueue<String> err2 = lines(again);
            // The link connects on its own thread: its line may come before or after the restored rules'.
            awaitLines(err2, "policy v7 the ASMA pushed", "baseline b4 the ASMA pushed",
                    "asma link: connected to the ASMA at " + at + " as 'unit3-nma'");
            JsonNode restored = store.await(LinkRecord.Kind.HEARTBEAT, h -> h.has("counters"), before);
            assertThat(restored.path("policy_version").asString()).as("the pushed policy in force again").isEqualTo("v7");
            assertThat(restored.path("baseline_version").asString()).as("the pushed baseline in force again").isEqualTo("b4");
            assertThat(store.connections()).isEqualTo(2);
            assertThat(store.last()).isGreaterThan(before);
        }
    }

    @Test
    void aTokenThatIsNotOneIsABadArgument() throws Exception {
        Process p = start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("statewall.jar"), "nma",
                "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1",
                "--policy", Path.of("..", "examples", "thermal-power-unit.yaml").toString(),
                "--asma", "127.0.0.1:1", "--enrol-token", "not-a-token", "--data", dir.resolve("nma").toString()));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("nma: --enrol-token: an enrolment token is NAME.SECRET.FINGERPRINT"
                + " (three parts separated by dots)");
    }

    private Process start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).start();
        started.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static LinkedBlockingQueue<String> lines(Process p) {
        LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.err.println("nma: " + line);
                    q.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return q;
    }

    /** Waits until a line containing each of {@code texts} has come, in whatever order. */
    private static void awaitLines(LinkedBlockingQueue<String> lines, String... texts) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        List<String> missing = new ArrayList<>(List.of(texts));
        List<String> seen = new ArrayList<>();
        while (!missing.isEmpty() && System.nanoTime() < end) {
            String line = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            seen.add(line);
            missing.removeIf(line::contains);
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("no line containing " + missing + "; seen: " + seen);
        }
    }

    private static void awaitLine(LinkedBlockingQueue<String> lines, String text) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < end) {
            String line = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            seen.add(line);
            if (line.contains(text)) {
                return;
            }
        }
        throw new AssertionError("no line containing '" + text + "'; seen: " + seen);
    }

    /** The ASMA's store in memory, as the link contract wants it. */
    private static final class Store implements LinkSink {
        private final List<LinkRecord> records = new ArrayList<>();
        private int connections;

        @Override
        public synchronized long connected(String nmaId, String remoteAddress) {
            connections++;
            return last();
        }

        @Override
        public synchronized void store(String nmaId, List<LinkRecord> batch) {
            long last = last();
            for (LinkRecord r : batch) {
                if (r.seq() > last) {
                    assertThat(r.seq()).as("no seq twice, none going back").isGreaterThan(last);
                    records.add(r);
                    last = r.seq();
                }
            }
            notifyAll();
        }

        @Override
        public void disconnected(String nmaId) {
        }

        synchronized long last() {
            return records.isEmpty() ? 0 : records.getLast().seq();
        }

        synchronized int connections() {
            return connections;
        }

        JsonNode await(LinkRecord.Kind kind, Predicate<JsonNode> match) throws InterruptedException {
            return await(kind, match, 0);
        }

        /** The first record of {@code kind} after seq {@code after} that matches. */
        synchronized JsonNode await(LinkRecord.Kind kind, Predicate<JsonNode> match, long after) throws InterruptedException {
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (true) {
                for (LinkRecord r : records) {
                    if (r.seq() > after && r.kind() == kind) {
                        JsonNode n = JSON.readTree(r.json());
                        if (match.test(n)) {
                            return n;
                        }
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching " + kind + " record; have " + records.size());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
