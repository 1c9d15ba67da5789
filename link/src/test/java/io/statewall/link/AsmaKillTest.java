package io.statewall.link;

import static io.statewall.link.TestLink.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.link.pki.LinkPki;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ASMA killed mid-stream (SIGKILL, as a power cut or an OOM killer would) loses no record
 * it acknowledged, and once it is back the NMA fills every gap: the store ends up with exactly
 * seq 1..N, no gap, no duplicate.
 */
class AsmaKillTest {
    private static final int RECORDS = 200_000;

    @TempDir
    Path tmp;

    @Test
    void anAsmaKilledMidStreamLosesNoAcknowledgedRecord() throws Exception {
        Path asmaDir = tmp.resolve("asma");
        Path storeDir = tmp.resolve("store");
        String token = LinkPki.open(asmaDir, List.of("localhost", "127.0.0.1"), line -> { }).tokens()
                .issue("kill-nma", Duration.ofHours(1));
        Asma asma = Asma.start(asmaDir, storeDir, 0, tmp.resolve("asma-1.log"));
        int port = asma.port;
        LinkClientConfig config = TestLink.client(TestLink.loopback(port), tmp.resolve("nma"), token, new LogLines("nma"))
                .withSpool(LinkClientConfig.DEFAULT_SPOOL_MAX, 64 << 20).withHeartbeat(Duration.ofSeconds(1));
        long ackedAtKill;
        long sentAtKill;
        long lastEvent = 0;
        LinkClient client = LinkClient.start(config, c -> null, null);
        try {
            assertThat(client.awaitConnected(true, TIMEOUT)).isTrue();
            for (int i = 0; i < RECORDS; i++) {
                lastEvent = client.offer(LinkRecord.Kind.EVENT, client.nowNanos(), "{\"event_type\":\"test\",\"i\":" + i + "}");
            }
            assertThat(client.awaitAcked(RECORDS / 5, TIMEOUT)).isTrue();
            asma.kill();
            ackedAtKill = client.stats().acked();
            sentAtKill = client.stats().highestSent();
            assertThat(ackedAtKill).as("killed mid-stream").isLessThan(lastEvent);
            assertThat(client.awaitConnected(false, TIMEOUT)).isTrue();

            asma = Asma.start(asmaDir, storeDir, port, tmp.resolve("asma-2.log"));
            assertThat(client.awaitAcked(lastEvent, TIMEOUT)).isTrue();
        } finally {
            client.close();
            asma.kill();
        }
        long resent = client.stats().resent();

        List<String> lines = Files.readAllLines(FileSink.file(storeDir, "kill-nma"), StandardCharsets.UTF_8);
        List<Long> seqs = new ArrayList<>(lines.size());
        int events = 0;
        for (String l : lines) {
            String[] f = l.split(" ", 4);
            seqs.add(Long.parseLong(f[0]));
            if (f[1].equals("EVENT")) {
                assertThat(f[3]).isEqualTo("{\"event_type\":\"test\",\"i\":" + events + "}");
                events++;
            }
        }
        // Exactly 1..N: every acknowledged record is there, nothing twice, nothing missing.
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(i + 1);
        }
        assertThat(seqs.size()).isGreaterThanOrEqualTo((int) lastEvent);
        assertThat(seqs).contains(ackedAtKill);
        assertThat(events).isEqualTo(RECORDS);
        System.out.printf("AsmaKillTest: %d records (%d events); acknowledged before the kill: %d, sent before the kill:"
                + " up to seq %d; sent again after the restart: %d; stored in total: %d%n", lastEvent, RECORDS,
                ackedAtKill, sentAtKill, resent, seqs.size());
    }

    /** The ASMA's link in its own JVM ({@link AsmaMain}). */
    private static final class Asma {
        final Process process;
        final int port;

        private Asma(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Asma start(Path data, Path store, int port, Path log) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    AsmaMain.class.getName(), data.toString(), store.toString(), Integer.toString(port));
            pb.redirectError(log.toFile());
            Process p = pb.start();
            CompletableFuture<Integer> listening = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        if (l.startsWith("LISTENING ")) {
                            return Integer.parseInt(l.substring(10).trim());
                        }
                    }
                    throw new IllegalStateException("the ASMA process ended before listening; see " + log);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            return new Asma(p, listening.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
