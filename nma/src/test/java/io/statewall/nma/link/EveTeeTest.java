package io.statewall.nma.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.statewall.link.LinkClient;
import io.statewall.link.LinkClientConfig;
import io.statewall.link.LinkRecord;
import io.statewall.link.LinkServer;
import io.statewall.link.LinkServerConfig;
import io.statewall.link.LinkSink;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EVE output teed into the link: every line whole, in order, wherever the writer cuts; nothing allocated per line. */
class EveTeeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static String line(int i) {
        return "{\"timestamp\":\"2026-03-01T10:00:00.000000+0000\",\"event_type\":\"alert\",\"n\":" + i
                + ",\"text\":\"" + "\u00e9".repeat(i % 7) + "\"}";
    }

    @Test
    void everyLineArrivesWholeAndInOrderWhereverTheStreamIsCut() throws Exception {
        List<LinkRecord> stored = new ArrayList<>();
        LinkSink sink = new LinkSink() {
            @Override
            public synchronized long connected(String nmaId, String remoteAddress) {
                return stored.isEmpty() ? 0 : stored.getLast().seq();
            }

            @Override
            public synchronized void store(String nmaId, List<LinkRecord> batch) {
                batch.stream().filter(r -> stored.isEmpty() || r.seq() > stored.getLast().seq()).forEach(stored::add);
            }

            @Override
            public void disconnected(String nmaId) {
            }
        };
        try (LinkServer asma = LinkServer.start(LinkServerConfig.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                dir.resolve("asma")).withServerNames(List.of("127.0.0.1")).withLog(l -> { }), sink)) {
            LinkClientConfig config = LinkClientConfig.of(asma.address(), dir.resolve("nma"))
                    .withEnrolToken(asma.tokens().issue("tee-nma", Duration.ofHours(1))).withHeartbeat(Duration.ofMinutes(1))
                    .withLog(l -> { });
            try (LinkClient client = LinkClient.start(config, c -> null, null)) {
                ByteArrayOutputStream file = new ByteArrayOutputStream();
                EveTee tee = new EveTee(file, client, 300);
                StringBuilder all = new StringBuilder();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    String l = i == 700 ? "{\"too\":\"" + "x".repeat(400) + "\"}" : line(i);
                    all.append(l).append('\n');
                    if (i != 700) {
                        expected.add(l);
                    }
                }
                byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
                Random cuts = new Random(502);
                for (int p = 0; p < bytes.length; ) {
                    int n = Math.min(bytes.length - p, cuts.nextInt(3) == 0 ? 1 : 1 + cuts.nextInt(700));
                    tee.write(bytes, p, n);
                    p += n;
                }
                tee.flush();
                assertThat(file.toByteArray()).as("the EVE file gets every byte").isEqualTo(bytes);
                assertThat(tee.tooLong()).isEqualTo(1);
                long last = client.stats().lastSeq();
                assertThat(client.awaitAcked(last, TIMEOUT)).isTrue();
                synchronized (sink) {
                    assertThat(stored).extracting(LinkRecord::json).containsExactlyElementsOf(expected);
                    assertThat(stored).allSatisfy(r -> assertThat(r.kind()).isEqualTo(LinkRecord.Kind.EVENT));
                }
            }
        }
    }

    @Test
    void teeingAnEveLineAllocatesNothing() throws Exception {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "no allocation counter");
        threads.setThreadAllocatedMemoryEnabled(true);
        int nowhere;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = s.getLocalPort();
        }
        // No ASMA: every line goes through the memory queue into the spool, as during an outage.
        LinkClientConfig config = LinkClientConfig.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), nowhere),
                dir.resolve("nma")).withEnrolToken("n.c2VjcmV0c2VjcmV0c2VjcmV0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .withHeartbeat(Duration.ofMinutes(1)).withSpool(1L << 30, 32 << 20).withLog(l -> { });
        try (LinkClient client = LinkClient.start(config, c -> null, null)) {
            EveTee tee = new EveTee(null, client, 4096);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                sb.append(line(i)).append('\n');
            }
            byte[] chunk = sb.toString().getBytes(StandardCharsets.UTF_8);
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int k = 0; k < 200; k++) {
                    tee.write(chunk, 0, chunk.length);
                }
                best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
                assertThat(client.awaitSpooled(TIMEOUT)).isTrue();
            }
            assertThat(client.stats().dropped()).isZero();
            assertThat(client.stats().offered()).isEqualTo(5 * 200 * 100);
            assertThat(best).as("bytes allocated teeing 20,000 EVE lines").isLessThan(1024);
        }
    }
}
