package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.link.CommandResult;
import io.statewall.link.LinkClient;
import io.statewall.link.LinkClientConfig;
import io.statewall.link.LinkRecord;
import io.statewall.link.NmaStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real ASMA (the packaged jar, its SQLite store) killed with SIGKILL in the middle of an
 * NMA's stream and started again: nothing it acknowledged is lost and nothing is stored twice,
 * counted end to end — the NMA's records, by sequence number, in the store's own file.
 */
class AsmaCrashIT {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Pattern API = Pattern.compile("statewall asma: API on https://127\\.0\\.0\\.1:(\\d+)/api/v1 .*");
    private static final int RECORDS = 60_000;

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void anAsmaKilledMidStreamLosesNoAcknowledgedEventAndStoresNoneTwice() throws Exception {
        int linkPort = freePort();
        Path config = Files.writeString(dir.resolve("asma.yaml"), """
                statewall-asma: 1
                data_dir: data
                api: { listen: 127.0.0.1:0 }
                link: { listen: 127.0.0.1:%d }
                """.formatted(linkPort));
        Process enrol = start(dir.resolve("enrol.err"), "--config", config.toString(), "--enrol", "nma-crash");
        assertThat(enrol.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(enrol.exitValue()).isZero();
        String token = Files.readString(dir.resolve("enrol.err.out")).strip();

        Process first = start(dir.resolve("first.err"), "--config", config.toString());
        await(dir.resolve("first.err"), API);
        LinkClientConfig nma = LinkClientConfig.of(new InetSocketAddress("127.0.0.1", linkPort), dir.resolve("nma"))
                .withEnrolToken(token).withReconnect(Duration.ofMillis(50), Duration.ofMillis(500));
        try (LinkClient client = LinkClient.start(nma, command -> new CommandResult(command.id(), true, "ok"),
                () -> NmaStatus.UNKNOWN)) {
            long[] seqs = new long[RECORDS];
            for (int i = 0; i < RECORDS; i++) {
                seqs[i] = client.offer(LinkRecord.Kind.EVENT, System.currentTimeMillis() * 1_000_000L, alert(i + 1));
                assertThat(seqs[i]).as("offered").isPositive();
                if (i % 1_000 == 999) {
                    // The NMA's memory queue in front of its spool is bounded and drops (counting)
                    // what a burst brings beyond it; 60,000 lines in one loop on a busy machine
                    // would overflow it. An NMA's events come at the pace of its traffic: so here.
                    assertThat(client.awaitSpooled(DEADLINE)).isTrue();
                }
            }
            assertThat(client.stats().dropped()).as("nothing dropped by the NMA itself").isZero();
            long firstSeq = seqs[0];
            long lastSeq = seqs[RECORDS - 1];
            // Kill it once a part is acknowledged, while the rest is still on its way.
            assertThat(client.awaitAcked(firstSeq + RECORDS / 5, DEADLINE)).as("a fifth acknowledged").isTrue();
            first.destroyForcibly();
            assertThat(first.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            long ackedBeforeKill = client.stats().acked();
            assertThat(ackedBeforeKill).as("killed mid-stream").isLessThan(lastSeq);
            long mineAcked = java.util.Arrays.stream(seqs).filter(q -> q <= ackedBeforeKill).count();

            Process second = start(dir.resolve("second.err"), "--config", config.toString());
            await(dir.resolve("second.err"), API);
            assertThat(client.awaitAcked(lastSeq, DEADLINE)).as("the NMA catches up").isTrue();
            second.destroy();
            assertThat(second.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();

            String missing = missing(seqs, ackedBeforeKill);
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/asma.db"));
                 Statement q = db.createStatement();
                 ResultSet r = q.executeQuery("""
                         SELECT count(*), count(DISTINCT e.seq), min(e.seq), max(e.seq),
                                sum(CASE WHEN e.seq <= %d THEN 1 ELSE 0 END)
                         FROM event e JOIN nma n ON n.id = e.nma_id
                         WHERE n.name = 'nma-crash' AND e.seq BETWEEN %d AND %d""".formatted(ackedBeforeKill, firstSeq, lastSeq))) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(1)).as("every record stored; %s", missing).isEqualTo(RECORDS);
                assertThat(r.getLong(2)).as("none twice").isEqualTo(RECORDS);
                assertThat(r.getLong(3)).isEqualTo(firstSeq);
                assertThat(r.getLong(4)).isEqualTo(lastSeq);
                assertThat(r.getLong(5)).as("every record acknowledged before the kill").isEqualTo(mineAcked);
                System.out.printf("AsmaCrashIT: %,d records; %,d acknowledged before SIGKILL; %,d resent after;"
                        + " %,d stored, each once%n", RECORDS, mineAcked, client.stats().resent(),
                        r.getLong(1));
            }
        }
    }

    /** The seqs offered but not stored, as ranges, for a failure's message. */
    private String missing(long[] seqs, long ackedBeforeKill) throws Exception {
        java.util.Set<Long> stored = new java.util.HashSet<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/asma.db"));
             Statement q = db.createStatement();
             ResultSet r = q.executeQuery("SELECT e.seq FROM event e JOIN nma n ON n.id = e.nma_id WHERE n.name = 'nma-crash'")) {
            while (r.next()) {
                stored.add(r.getLong(1));
            }
        }
        StringBuilder out = new StringBuilder("missing:");
        long runStart = -1;
        long prev = -1;
        for (long s : seqs) {
            if (!stored.contains(s)) {
                if (runStart < 0) {
                    runStart = s;
                }
                prev = s;
            } else if (runStart >= 0) {
                out.append(' ').append(runStart).append('-').append(prev);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            out.append(' ').append(runStart).append('-').append(prev);
        }
        return out + " (acknowledged before the kill: up to " + ackedBeforeKill + ", last offered " + seqs[seqs.length - 1] + ")";
    }

    /** An EVE alert line as an NMA writes it, numbered. */
    private static String alert(int n) {
        return "{\"timestamp\":\"2026-11-26T05:00:00.000000+0000\",\"flow_id\":" + n + ",\"event_type\":\"alert\","
                + "\"src_ip\":\"10.30.1.10\",\"src_port\":40000,\"dest_ip\":\"10.30.2.20\",\"dest_port\":502,"
                + "\"proto\":\"TCP\",\"app_proto\":\"modbus\",\"alert\":{\"action\":\"blocked\",\"gid\":1,"
                + "\"signature_id\":1000000001,\"rev\":1,\"signature\":\"crash test " + n + "\",\"category\":\"ICS policy violation\","
                + "\"severity\":2},\"statewall\":{\"state\":\"normal\",\"rule\":\"r\",\"detector\":\"policy\","
                + "\"verdict\":\"block\",\"attack\":[\"T0855\"]}}";
    }

    private Process start(Path errFile, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("statewall.jar"), "asma"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(errFile.toFile())
                .redirectOutput(errFile.resolveSibling(errFile.getFileName() + ".out").toFile()).start();
        started.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits for a line of {@code file} matching {@code pattern} (the process writes it once started). */
    private static Matcher await(Path file, Pattern pattern) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        List<String> seen = List.of();
        while (System.nanoTime() < end) {
            seen = Files.exists(file) ? Files.readAllLines(file) : List.of();
            for (String line : seen) {
                Matcher m = pattern.matcher(line);
                if (m.matches()) {
                    return m;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("no line like " + pattern + " in " + seen);
    }
}
